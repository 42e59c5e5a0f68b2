// A rollup plugin that shrinks the CSS inside Lit's css`` templates: comments go, and runs of
// whitespace around punctuation go too. Terser leaves template text alone, and these styles are
// a large share of the lead form's 20 KB bundle. A maintained plugin exists
// (@lit-labs/rollup-plugin-minify-html-literals) but it brings a second TypeScript compiler and a
// native CSS parser along; this one only touches css`` text, which holds no strings or markup
// where whitespace matters.
import MagicString from 'magic-string';

/** Every node of an ESTree tree, depth first. */
function* walk(node) {
  if (!node || typeof node.type !== 'string') return;
  yield node;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) yield* walk(child);
    else if (value && typeof value === 'object') yield* walk(value);
  }
}

/**
 * The CSS text minified: comments removed, whitespace collapsed, and dropped next to `{ } ; ,`
 * and `>` and after `:`. A piece of a template next to an interpolation keeps one space at that
 * edge (`calc(100% - ${x})` must stay `calc(100% - …)`).
 */
export function minifyCss(text, { first = true, last = true } = {}) {
  const minified = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}');
  return (first ? minified.trimStart() : minified).replace(last ? /\s+$/ : /$^/, '');
}

/** Rollup plugin: minifies the text of css`` tagged templates in the modules it is given. */
export function minifyCssLiterals({ include = /\.js$/ } = {}) {
  return {
    name: 'minify-css-literals',
    transform(code, id) {
      if (!include.test(id) || !/\bcss\s*`/.test(code)) return null;
      const source = new MagicString(code);
      for (const node of walk(this.parse(code))) {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier' || node.tag.name !== 'css') continue;
        const { quasis } = node.quasi;
        quasis.forEach((quasi, i) => {
          const minified = minifyCss(quasi.value.raw, { first: i === 0, last: i === quasis.length - 1 });
          if (quasi.end > quasi.start && minified !== quasi.value.raw) source.overwrite(quasi.start, quasi.end, minified);
        });
      }
      return { code: source.toString(), map: source.generateMap({ hires: true }) };
    },
  };
}
