import type { CustomFieldValue } from '../schema/common.schema.js';
import type { ScoreSubject } from './score-fields.js';
import type { ScoreCondition, FieldCondition } from './scoring-rules.schema.js';

/** One field a condition looked at, and the value that made it hold. */
export interface FieldEvidence {
  readonly field: string;
  readonly value: CustomFieldValue | readonly string[] | undefined;
}

/** A compiled condition: the fields that made it hold, or `undefined` when it does not. */
export type ConditionTest = (subject: ScoreSubject) => FieldEvidence[] | undefined;

type Scalar = string | number | boolean;

/** Text compares without case or surrounding space, as people type it in a CRM. */
function fold(value: Scalar): Scalar {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Whether `test` holds for a field's value: for a list, for one of its scalar elements; else for
 * the value itself when it is a scalar.
 */
function someValue(value: unknown, test: (v: Scalar) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (isScalar(v) && test(v)) return true;
    return false;
  }
  return isScalar(value) && test(value);
}

// A free-mail condition reads the domain of the same address twice (to test it, then to show
// it): the last address and its domain are kept.
let lastEmail: string | undefined;
let lastDomain = '';
function domainOf(email: string): string {
  if (email !== lastEmail) {
    lastDomain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    lastEmail = email;
  }
  return lastDomain;
}

// Several `contains` conditions on one field (a title against a list of words) lower-case the
// same text in a row: the last text and its lower case are kept.
let lastText: string | undefined;
let lastLower = '';
function lowerCase(text: string): string {
  if (text !== lastText) {
    lastLower = text.toLowerCase();
    lastText = text;
  }
  return lastLower;
}

/**
 * Compiles a field path (already checked with `isScoreField`) into a reader that answers as
 * `readScoreField` does, with the path taken apart once rather than at every read.
 */
function compileReader(path: string): (subject: ScoreSubject) => unknown {
  const dot = path.indexOf('.');
  const ofContact = path.slice(0, dot) === 'contact';
  const rest = path.slice(dot + 1);
  const recordOf = (subject: ScoreSubject) => (ofContact ? subject.contact : subject.company) as Record<string, unknown> | undefined;
  if (rest.startsWith('customFields.')) {
    const name = rest.slice('customFields.'.length);
    return (subject) => {
      const record = recordOf(subject);
      if (!record) return undefined;
      const fields = record['customFields'] as Record<string, unknown>;
      return Object.hasOwn(fields, name) ? fields[name] : undefined;
    };
  }
  const sub = rest.indexOf('.');
  if (sub < 0) {
    return (subject) => {
      const record = recordOf(subject);
      return record ? record[rest] : undefined;
    };
  }
  const head = rest.slice(0, sub);
  const tail = rest.slice(sub + 1);
  return (subject) => {
    const record = recordOf(subject);
    if (!record) return undefined;
    const parent = record[head];
    return typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[tail] : undefined;
  };
}

/** A compiled field condition: what made it hold, or `undefined` when it does not. */
type FieldTest = (subject: ScoreSubject) => FieldEvidence | undefined;

/** Builds the test for one field condition; `freeMail` consults `freeMailDomains`. */
function compileField(condition: FieldCondition, freeMailDomains: ReadonlySet<string>): FieldTest {
  const { field } = condition;
  const read = compileReader(field);
  let holds: (value: unknown) => boolean;
  let shown: (value: unknown) => FieldEvidence['value'] = (value) => value as FieldEvidence['value'];
  if (condition.equals !== undefined) {
    const wanted = fold(condition.equals);
    const test = (v: Scalar) => fold(v) === wanted;
    holds = (value) => someValue(value, test);
  } else if (condition.in !== undefined) {
    const wanted = new Set(condition.in.map(fold));
    const test = (v: Scalar) => wanted.has(fold(v));
    holds = (value) => someValue(value, test);
  } else if (condition.exists !== undefined) {
    const present = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '');
    holds = condition.exists ? present : (value) => !present(value);
  } else if (condition.range !== undefined) {
    const { min = -Infinity, max = Infinity } = condition.range;
    const test = (v: Scalar) => typeof v === 'number' && v >= min && v <= max;
    holds = (value) => someValue(value, test);
  } else if (condition.contains !== undefined) {
    const needle = condition.contains.trim().toLowerCase();
    const test = (v: Scalar) => fold(v) === needle;
    holds = (value) => (Array.isArray(value) ? someValue(value, test) : typeof value === 'string' && lowerCase(value).includes(needle));
  } else {
    // freeMail: the first address is the one a person gave first, usually the one they use.
    const wanted = condition.freeMail === true;
    const first = (value: unknown) => (Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined);
    holds = (value) => {
      const email = first(value);
      return email !== undefined && freeMailDomains.has(domainOf(email)) === wanted;
    };
    // The domain explains the points; the address itself is personal data the score need not repeat.
    shown = (value) => {
      const email = first(value);
      return email === undefined ? undefined : domainOf(email);
    };
  }
  const negate = condition.negate === true;
  return (subject) => {
    const value = read(subject);
    return holds(value) !== negate ? { field, value: shown(value) } : undefined;
  };
}

/**
 * Compiles a condition once into a function that tests a contact (and its company), so scoring
 * 100,000 contacts does not re-read the rules 100,000 times.
 */
export function compileCondition(condition: ScoreCondition, freeMailDomains: ReadonlySet<string>): ConditionTest {
  if ('all' in condition) {
    const tests = condition.all.map((c) => compileField(c, freeMailDomains));
    return (subject) => {
      const evidence: FieldEvidence[] = [];
      for (const test of tests) {
        const found = test(subject);
        if (!found) return undefined;
        evidence.push(found);
      }
      return evidence;
    };
  }
  if ('any' in condition) {
    const tests = condition.any.map((c) => compileField(c, freeMailDomains));
    return (subject) => {
      let evidence: FieldEvidence[] | undefined;
      for (const test of tests) {
        const found = test(subject);
        if (found) (evidence ??= []).push(found);
      }
      return evidence;
    };
  }
  const test = compileField(condition, freeMailDomains);
  return (subject) => {
    const found = test(subject);
    return found && [found];
  };
}
