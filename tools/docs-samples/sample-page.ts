/**
 * The HTML page a browser sample runs in: a strict Content Security Policy (as a `<meta>`, so the
 * shared static server needs no per-page headers), the scripts the sample needs in `<head>`, and
 * the sample's markup as the body.
 */

/**
 * The policy every sample page runs under: nothing inline, nothing evaluated, scripts and styles
 * from the page's own origin only, requests to the page's origin and the reference server.
 */
export function strictPolicy(apiOrigin: string): string {
  return `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${apiOrigin}; img-src 'self' data: blob:; font-src 'self'; base-uri 'none'; form-action 'none'`;
}

/**
 * A page with `policy`, the module scripts `scripts` (same-origin paths) and `body`.
 *
 * @example
 * samplePage({ policy: strictPolicy(api), scripts: ['/cdn/rapport-widgets.js'], body: '<rapport-provider></rapport-provider>' });
 */
export function samplePage(options: { readonly policy: string; readonly scripts: readonly string[]; readonly body: string }): string {
  const scripts = options.scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${options.policy}">
<title>docs sample</title>
${scripts}
</head>
<body>
${options.body}
</body>
</html>
`;
}
