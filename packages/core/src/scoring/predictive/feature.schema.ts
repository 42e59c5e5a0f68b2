export { featureSchema, type Feature } from '../feature.schema.js';
