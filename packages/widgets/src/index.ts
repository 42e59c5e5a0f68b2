/**
 * @rapport/widgets: Lit web components over a Rapport `Crm`. No element is built yet; this
 * package exists so the workspace, its build and its entry points are in place.
 *
 * @packageDocumentation
 */
export {};
