/**
 * @rapport/adapters/rest: a workspace kept on a Rapport server (or any backend that implements
 * the REST contract), reached over HTTP with ky. Works in browsers and Node.
 *
 * @packageDocumentation
 */
export { restAdapter, type RestAdapterOptions } from './rest-adapter.js';
