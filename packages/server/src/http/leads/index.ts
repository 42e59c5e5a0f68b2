/**
 * The public lead endpoint, `POST /v1/leads`, and the form keys it takes.
 */
export { leadsRoutes, leadBodyLimit, type LeadsRoutesDeps } from './leads-route.js';
export { createFormKey, revokeFormKey, type FormKeyOptions } from './form-keys.js';
