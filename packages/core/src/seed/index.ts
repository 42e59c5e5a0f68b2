/**
 * @rapport/core/seed: a deterministic generator of realistic CRM workspaces, for demos, tests and
 * benchmarks.
 *
 * @packageDocumentation
 */
export { generateWorkspace, type Workspace, type WorkspaceOptions } from './generate-workspace.js';
export { seedWorkspace, type SeedSummary } from './seed-workspace.js';
