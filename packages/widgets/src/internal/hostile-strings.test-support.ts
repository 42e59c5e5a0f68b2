/**
 * Text an attacker might put in any field of a record: markup, event handlers, script URLs, SVG
 * payloads, template syntax. Every element must show these as text and run none of them.
 * Each payload that could run sets `window.__rapportPwned`, so a test can check nothing ran.
 */
export const hostileStrings: readonly string[] = [
  '<script>window.__rapportPwned = 1</script>',
  '<img src=x onerror="window.__rapportPwned = 2">',
  '"><img src=x onerror="window.__rapportPwned = 3">',
  "'><svg onload=\"window.__rapportPwned = 4\">",
  '<svg><script>window.__rapportPwned = 5</script></svg>',
  'javascript:window.__rapportPwned = 6',
  ' JaVaScRiPt:window.__rapportPwned = 7',
  'data:text/html,<script>window.__rapportPwned = 8</script>',
  '<a href="javascript:window.__rapportPwned = 9">click</a>',
  '<iframe srcdoc="<script>parent.__rapportPwned = 10</script>"></iframe>',
  '${window.__rapportPwned = 11}',
  '{{constructor.constructor("window.__rapportPwned = 12")()}}',
  '<style>*{display:none}</style>',
  '\u202Egnp.exe',
];

/** Whether any payload ran. */
export function somethingRan(): boolean {
  return (window as { __rapportPwned?: unknown }).__rapportPwned !== undefined;
}
