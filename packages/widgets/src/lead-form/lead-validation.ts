import * as v from 'valibot';
import { contactFieldNames, type LeadField } from './lead-field.js';
import { emailPattern, phonePattern } from './lead-limits.js';

/** A field's value as the form holds it: text, or a checkbox's state. */
export type FieldValue = string | boolean;

/** Why a field's value is refused; the form turns it into a message in the page's words. */
export type FieldProblem =
  | { readonly kind: 'required' | 'email' | 'phone' | 'pattern' | 'choice' | 'needContact' }
  | { readonly kind: 'tooShort'; readonly min: number }
  | { readonly kind: 'tooLong'; readonly max: number };

type Schema = v.GenericSchema<unknown, unknown>;

const schemas = new WeakMap<readonly LeadField[], Schema>();

/**
 * Checks the values against the fields' rules in the browser, before anything is sent (the server
 * checks again). The rules are a valibot schema built from the fields: valibot because it adds
 * under 2 KB to the form's bundle. Text is trimmed first and blank optional fields are skipped,
 * as core does. Returns the first problem of each field, in field order; empty when all is well.
 *
 * @example
 * const problems = validateLead(fields, new Map([['email', 'not an address']]));
 * problems.get('email'); // { kind: 'email' }
 */
export function validateLead(fields: readonly LeadField[], values: ReadonlyMap<string, FieldValue>): Map<string, FieldProblem> {
  let schema = schemas.get(fields);
  if (!schema) schemas.set(fields, (schema = leadSchema(fields)));
  // No prototype: a field named `toString` must not find the inherited function as its answer.
  const input: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  for (const field of fields.filter((f) => f.type !== 'hidden')) {
    const value = values.get(field.name) ?? (field.type === 'checkbox' ? field.checked : field.value);
    const kept = typeof value === 'string' ? value.trim() : value;
    if (kept !== '') input[field.name] = kept;
  }
  const problems = new Map<string, FieldProblem>();
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  for (const issue of result.issues ?? []) {
    const name = String(issue.path?.[0]?.key);
    const field = fields.find((f) => f.name === name);
    if (field && !problems.has(name)) problems.set(name, problemOf(issue, field));
  }
  // Core needs an email address or a name: ask for one unless a hidden field gives it, or another
  // message already asks for one of them (a required email, say).
  const contact = fields.filter((f) => contactFieldNames.includes(f.name));
  const given = contact.some((f) => (f.type === 'hidden' ? f.value.trim() !== '' : input[f.name] !== undefined));
  const visible = contact.filter((f) => f.type !== 'hidden');
  if (!given && visible.length > 0 && !visible.some((f) => problems.has(f.name))) {
    problems.set((visible[0] as LeadField).name, { kind: 'needContact' });
  }
  // In the order the fields are shown, so that the first problem is the first field to fix.
  return new Map(fields.filter((f) => problems.has(f.name)).map((f) => [f.name, problems.get(f.name) as FieldProblem]));
}

function leadSchema(fields: readonly LeadField[]): Schema {
  const entries: Record<string, Schema> = Object.create(null) as Record<string, Schema>;
  // Hidden fields are the page's, not the person's: a wrong one is the server's to refuse.
  for (const field of fields.filter((f) => f.type !== 'hidden')) {
    const schema = fieldSchema(field);
    entries[field.name] = field.required ? schema : v.optional(schema);
  }
  return v.object(entries);
}

function fieldSchema(field: LeadField): Schema {
  if (field.type === 'checkbox') return field.required ? v.pipe(v.boolean(), v.value(true)) : v.boolean();
  const rules: v.PipeItem<string, string, v.BaseIssue<unknown>>[] = [v.maxLength<string, number>(field.maxLength)];
  if (field.minLength) rules.push(v.minLength<string, number>(field.minLength));
  if (field.type === 'email') rules.push(v.regex(emailPattern));
  if (field.type === 'phone') rules.push(v.regex(phonePattern));
  if (field.pattern) rules.push(v.regex(field.pattern));
  if (field.type === 'select') rules.push(v.check((value) => field.options.some((option) => option.value === value)));
  return v.pipe(v.string(), ...rules);
}

function problemOf(issue: v.BaseIssue<unknown>, field: LeadField): FieldProblem {
  switch (issue.type) {
    case 'min_length':
      return { kind: 'tooShort', min: Number(issue.requirement) };
    case 'max_length':
      return { kind: 'tooLong', max: Number(issue.requirement) };
    case 'regex':
      return { kind: field.type === 'email' && issue.requirement === emailPattern ? 'email' : field.type === 'phone' && issue.requirement === phonePattern ? 'phone' : 'pattern' };
    case 'check':
      return { kind: 'choice' };
    default:
      // A missing value, or an unticked required checkbox (`value`).
      return { kind: 'required' };
  }
}
