/**
 * Checks ```json and ```yaml samples: they must parse. (What they mean is for the prose; that
 * they are well-formed is what copying them into a file needs.)
 */
import { parseAllDocuments } from 'yaml';

/**
 * Why `code` does not parse as `kind`; empty when it does.
 *
 * @example
 * checkData('json', '{"ok":true}'); // []
 */
export function checkData(kind: 'json' | 'yaml', code: string): string[] {
  if (kind === 'json') {
    try {
      JSON.parse(code);
      return [];
    } catch (error) {
      return [`not valid JSON: ${(error as Error).message}`];
    }
  }
  return parseAllDocuments(code).flatMap((document) => ('errors' in document ? document.errors.map((error) => `not valid YAML: ${error.message}`) : []));
}
