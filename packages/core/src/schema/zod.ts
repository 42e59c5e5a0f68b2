/**
 * The one place core gets `z` from. zod compiles fast parsers with `new Function` unless told
 * not to, and even its probe for that shows up as a violation under a strict Content-Security-
 * Policy. Rapport must run in such pages, so core turns the compiler off before any schema is
 * built (this module is evaluated before every schema that imports `z` from it). Parsing is
 * about 8% slower; results are the same. This setting is zod's global one.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
