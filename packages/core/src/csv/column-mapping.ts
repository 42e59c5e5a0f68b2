import { fieldError } from '../validation.js';

/** Header spellings (lower case, letters and digits only) that name each field. */
export type Synonyms = Readonly<Record<string, readonly string[]>>;

/** How each CSV column maps: to a field path, or to nothing. */
export interface ColumnMap {
  /** The field each column fills, by column index; `undefined` for ignored columns. */
  readonly fields: readonly (string | undefined)[];
  /** Headers of columns that fill nothing. */
  readonly unmapped: readonly string[];
  /** The header a field came from, for error messages. */
  columnOf(field: string): string | undefined;
}

const customPrefix = /^(?:customfields?\.|custom[:.])(.+)$/i;

function squash(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Decides which field each column fills: the caller's `mapping` first, then the header's known
 * spellings (`E-mail`, `Given name`), then `customFields.<name>` / `custom:<name>` headers.
 * An explicit mapping to a field that does not exist is a ValidationError.
 */
export function mapColumns(
  header: readonly string[],
  synonyms: Synonyms,
  mapping: Readonly<Record<string, string | null>> | undefined,
): ColumnMap {
  const bySpelling = new Map<string, string>();
  for (const [field, spellings] of Object.entries(synonyms)) {
    bySpelling.set(squash(field), field);
    for (const spelling of spellings) bySpelling.set(spelling, field);
  }
  const known = new Set(Object.keys(synonyms));
  const fields = header.map((column) => {
    if (mapping && Object.hasOwn(mapping, column)) {
      const target = mapping[column];
      if (target === null || target === undefined) return undefined;
      if (!known.has(target) && !customPrefix.test(target)) {
        throw fieldError('CSV column mapping', ['mapping', column], `Unknown field "${target}": use one of ${[...known].join(', ')} or customFields.<name>`);
      }
      return customPrefix.test(target) ? `customFields.${customPrefix.exec(target)?.[1]}` : target;
    }
    const custom = customPrefix.exec(column.trim());
    if (custom) return `customFields.${custom[1]}`;
    return bySpelling.get(squash(column));
  });
  const unmapped = header.filter((_, i) => fields[i] === undefined);
  return {
    fields,
    unmapped,
    columnOf: (field) => {
      const root = field.split('.').slice(0, field.startsWith('customFields.') || field.startsWith('source.') ? 2 : 1).join('.');
      const index = fields.findIndex((f) => f === root);
      return index >= 0 ? header[index] : undefined;
    },
  };
}
