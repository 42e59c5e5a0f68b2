import { customFieldNamePattern, leadLimits, reservedFieldNames } from './lead-limits.js';

/** The kinds of field a lead form can have. */
export type LeadFieldType = 'text' | 'email' | 'phone' | 'select' | 'checkbox' | 'textarea' | 'hidden';

/** One choice of a `select` field. */
export interface LeadFieldOption {
  readonly value: string;
  readonly label: string;
}

/**
 * One field of `<rapport-lead-form>`, as given in its `fields` list (or read from a
 * `<rapport-field>` child). `name` decides where the value goes: `email`, `firstName`, `lastName`,
 * `phone`, `company`, `title` and `message` fill the lead's own fields; any other name becomes a
 * custom field; a checkbox with `consent` is a consent decision, sent with its label as the exact
 * text the person was shown.
 */
export interface LeadFieldDefinition {
  /** Where the value goes (see above). Optional for consent checkboxes: `consent-<purpose>`. */
  readonly name?: string;
  /** Default: `email`, `phone` and `textarea` for the fields of those names, else `text`. */
  readonly type?: LeadFieldType;
  /** The visible label; for a consent checkbox, the exact consent text. Not needed for hidden fields. */
  readonly label?: string;
  /** A hint shown under the field and read with it. */
  readonly help?: string;
  readonly required?: boolean;
  /** A regular expression the whole value must match, as HTML's `pattern`. */
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly placeholder?: string;
  /** The starting value; for a hidden field, the value sent. */
  readonly value?: string;
  /** Whether a checkbox starts checked (consent checkboxes should not). */
  readonly checked?: boolean;
  /** The choices of a `select` field. */
  readonly options?: readonly (string | LeadFieldOption)[];
  /** Makes a checkbox a consent decision for this purpose, such as `marketing-email`. */
  readonly consent?: string;
  /** The `autocomplete` token; the lead's own fields get the right one by default. */
  readonly autocomplete?: string;
}

/** A field as the form uses it: checked, with every default filled in. */
export interface LeadField {
  readonly name: string;
  readonly type: LeadFieldType;
  readonly label: string;
  readonly help: string | undefined;
  readonly required: boolean;
  readonly pattern: RegExp | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number;
  readonly placeholder: string | undefined;
  readonly value: string;
  readonly checked: boolean;
  readonly options: readonly LeadFieldOption[];
  readonly consent: string | undefined;
  readonly autocomplete: string | undefined;
  /** Where the value goes in the lead. */
  readonly target: 'lead' | 'custom' | 'consent';
}

/** A field list the form cannot use; the message names the field and what is wrong with it. */
export class LeadFormConfigError extends TypeError {
  override readonly name = 'LeadFormConfigError';
}

const leadFieldMax: Readonly<Record<string, number>> = {
  email: leadLimits.email,
  firstName: leadLimits.name,
  lastName: leadLimits.name,
  phone: leadLimits.phone,
  company: leadLimits.name,
  title: leadLimits.name,
  message: leadLimits.message,
};

const defaultType: Readonly<Record<string, LeadFieldType>> = { email: 'email', phone: 'phone', message: 'textarea' };

const defaultAutocomplete: Readonly<Record<string, string>> = {
  email: 'email',
  firstName: 'given-name',
  lastName: 'family-name',
  phone: 'tel',
  company: 'organization',
  title: 'organization-title',
};

const types: ReadonlySet<string> = new Set<LeadFieldType>(['text', 'email', 'phone', 'select', 'checkbox', 'textarea', 'hidden']);

/** The fields of which a lead needs at least one. */
export const contactFieldNames: readonly string[] = ['email', 'firstName', 'lastName'];

// The types each of the lead's own fields may have: the ones whose rules are checked in the browser.
const ownFieldTypes: Readonly<Record<string, readonly LeadFieldType[]>> = {
  email: ['email', 'hidden'],
  phone: ['phone', 'hidden'],
};

/** A table's own entry: never one an object inherits (`toString`, `constructor`), which are field names like any other. */
const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Whether `name` is one of the lead's own fields rather than a custom field. */
export const isLeadFieldName = (name: string): boolean => Object.hasOwn(leadFieldMax, name);

/**
 * Checks a field list and fills in its defaults. Throws a `LeadFormConfigError` naming the field
 * (`fields[2].pattern: …`) for anything the form could not send or the server would refuse.
 *
 * @example
 * const fields = leadFields([{ name: 'email', label: 'Email', required: true }]);
 */
export function leadFields(definitions: unknown): LeadField[] {
  if (!Array.isArray(definitions)) throw new LeadFormConfigError('fields: must be a list of field definitions');
  const fields = definitions.map((definition: unknown, i) => leadField(definition, `fields[${i}]`));
  const names = new Set<string>();
  const purposes = new Set<string>();
  fields.forEach((field, i) => {
    if (names.has(field.name)) throw new LeadFormConfigError(`fields[${i}].name: "${field.name}" is used twice`);
    names.add(field.name);
    if (field.consent !== undefined) {
      if (purposes.has(field.consent)) throw new LeadFormConfigError(`fields[${i}].consent: the purpose "${field.consent}" is used twice`);
      purposes.add(field.consent);
    }
  });
  if (purposes.size > leadLimits.consents) throw new LeadFormConfigError(`fields: at most ${leadLimits.consents} consent checkboxes`);
  if (fields.filter((field) => field.target === 'custom').length > leadLimits.customFields) {
    throw new LeadFormConfigError(`fields: at most ${leadLimits.customFields} custom fields`);
  }
  // Core refuses a lead without an email address or a name, so a form that cannot ask for one could never send.
  const contact = fields.filter((field) => contactFieldNames.includes(field.name));
  // An empty list is a form whose fields have not arrived yet (children appended later), not a mistake.
  if (fields.length > 0 && !contact.some((field) => field.type !== 'hidden' || field.value.trim() !== '')) {
    throw new LeadFormConfigError('fields: a lead needs an email address or a name: add an email, firstName or lastName field');
  }
  return fields;
}

function leadField(definition: unknown, at: string): LeadField {
  if (typeof definition !== 'object' || definition === null) throw new LeadFormConfigError(`${at}: must be an object`);
  const d = definition as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = d[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new LeadFormConfigError(`${at}.${key}: must be a string`);
    return value;
  };
  const count = (key: string): number | undefined => {
    const value = d[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new LeadFormConfigError(`${at}.${key}: must be a whole number ≥ 0`);
    return value;
  };

  const consent = text('consent')?.trim() || undefined;
  const name = text('name')?.trim() || (consent === undefined ? undefined : `consent-${consent.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 64));
  if (!name) throw new LeadFormConfigError(`${at}.name: every field needs a name`);
  // Every name is also a key of the answers: the custom field name rule keeps out `__proto__` and the like.
  if (!customFieldNamePattern.test(name) || reservedFieldNames.has(name)) {
    throw new LeadFormConfigError(`${at}.name: "${name}" is not a valid field name (a letter or _ first, then at most 63 letters, digits, _ . -)`);
  }
  const type = (text('type') ?? own(defaultType, name) ?? 'text') as LeadFieldType;
  if (!types.has(type)) throw new LeadFormConfigError(`${at}.type: must be one of ${[...types].join(', ')}`);
  if (consent !== undefined && type !== 'checkbox') throw new LeadFormConfigError(`${at}.consent: only a checkbox can be a consent`);
  if (consent !== undefined && consent.length > leadLimits.consentPurpose) {
    throw new LeadFormConfigError(`${at}.consent: at most ${leadLimits.consentPurpose} characters`);
  }
  if (consent !== undefined && isLeadFieldName(name)) throw new LeadFormConfigError(`${at}.name: "${name}" is the lead's own field; name the consent checkbox otherwise`);
  const target = consent !== undefined ? 'consent' : isLeadFieldName(name) ? 'lead' : 'custom';
  if (target === 'lead' && type === 'checkbox') throw new LeadFormConfigError(`${at}.type: the lead's ${name} cannot be a checkbox`);
  const allowed = own(ownFieldTypes, name);
  if (allowed && !allowed.includes(type)) throw new LeadFormConfigError(`${at}.type: the lead's ${name} must be one of ${allowed.join(', ')}`);

  const label = (text('label') ?? '').replace(/\s+/g, ' ').trim();
  if (type !== 'hidden' && label === '') throw new LeadFormConfigError(`${at}.label: the field "${name}" needs a label`);
  if (consent !== undefined && label.length > leadLimits.consentText) {
    throw new LeadFormConfigError(`${at}.label: a consent text has at most ${leadLimits.consentText} characters`);
  }

  const limit = own(leadFieldMax, name) ?? leadLimits.customFieldText;
  const maxLength = count('maxLength');
  if (maxLength !== undefined && maxLength > limit) throw new LeadFormConfigError(`${at}.maxLength: at most ${limit} for "${name}"`);
  const minLength = count('minLength');
  if (minLength !== undefined && minLength > (maxLength ?? limit)) throw new LeadFormConfigError(`${at}.minLength: more than the maximum length`);

  return {
    name,
    type,
    label,
    help: text('help')?.trim() || undefined,
    required: d.required === true,
    pattern: fieldPattern(text('pattern'), at),
    minLength,
    maxLength: maxLength ?? limit,
    placeholder: text('placeholder'),
    value: text('value') ?? '',
    checked: d.checked === true,
    options: type === 'select' ? fieldOptions(d.options, at) : [],
    consent,
    autocomplete: text('autocomplete') ?? own(defaultAutocomplete, name),
    target,
  };
}

/** HTML's `pattern` semantics: the whole value must match, with the `v` flag (`u` where `v` is not known yet). */
function fieldPattern(source: string | undefined, at: string): RegExp | undefined {
  if (source === undefined || source === '') return undefined;
  for (const flags of ['v', 'u']) {
    try {
      return new RegExp(`^(?:${source})$`, flags);
    } catch {
      // Try the next flag; an engine without `v` throws for the flag, not the pattern.
    }
  }
  throw new LeadFormConfigError(`${at}.pattern: not a valid regular expression`);
}

function fieldOptions(options: unknown, at: string): LeadFieldOption[] {
  if (!Array.isArray(options) || options.length === 0) throw new LeadFormConfigError(`${at}.options: a select needs a list of options`);
  return options.map((option: unknown, i) => {
    const { value, label } = (typeof option === 'string' ? { value: option, label: option } : (option ?? {})) as Record<string, unknown>;
    if (typeof value !== 'string' || typeof label !== 'string') {
      throw new LeadFormConfigError(`${at}.options[${i}]: must be a string or { value, label }`);
    }
    // Trimmed as answers are, so that the answer matches its option.
    return { value: value.trim(), label: label.trim() };
  });
}
