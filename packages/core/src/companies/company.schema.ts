import { z } from '../schema/zod.js';
import {
  customFieldsSchema,
  externalIdSchema,
  limits,
  phoneSchema,
  recordMetaShape,
  requiredText,
  tagsSchema,
} from '../schema/common.schema.js';
import { normalizeDomain } from './domain.js';

/** Head-count bands, as CRMs usually record company size. */
export const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'] as const;

/** One of {@link companySizes}. */
export type CompanySize = (typeof companySizes)[number];

/** A web domain, normalised (see {@link normalizeDomain}); must be unique among companies. */
export const domainSchema = requiredText(limits.url).transform((value, ctx) => {
  const domain = normalizeDomain(value);
  if (domain === undefined) {
    ctx.addIssue({ code: 'custom', message: 'Must be a web domain such as acme.com' });
    return z.NEVER;
  }
  return domain;
});

/** The fields a caller provides when creating or updating a company. */
export const companyFieldsShape = {
  name: requiredText(limits.name),
  domain: domainSchema.optional(),
  industry: requiredText(limits.name).optional(),
  size: z.enum(companySizes, { message: `Must be one of ${companySizes.join(', ')}` }).optional(),
  phone: phoneSchema.optional(),
  ownerId: externalIdSchema.optional(),
  tags: tagsSchema.default([]),
  customFields: customFieldsSchema.default({}),
};

/** The names of the fields a caller sets on a company. */
export const companyFieldNames = Object.keys(companyFieldsShape) as (keyof typeof companyFieldsShape)[];

/** What `crm.companies.create` accepts. */
export const companyInputSchema = z.strictObject(companyFieldsShape);

/** An organisation the workspace deals with, as stored. */
export const companySchema = z.strictObject({
  ...recordMetaShape,
  ...companyFieldsShape,
  deletedAt: z.iso.datetime().optional(),
  /** Set when this company was merged into another one; the record stays, soft-deleted. */
  mergedIntoId: z.uuid().optional(),
});

/** A stored company. */
export type Company = z.output<typeof companySchema>;
/** What `crm.companies.create` accepts. */
export type CompanyInput = z.input<typeof companyInputSchema>;
