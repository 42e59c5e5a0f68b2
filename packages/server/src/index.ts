/**
 * @rapport/server: the reference REST server. Not built yet; this package exists so the
 * workspace, its build and its entry points are in place.
 *
 * @packageDocumentation
 */
export {};
