// Writes docs/elements.md, the element reference, from the widgets' custom-elements manifest
// (packages/widgets/custom-elements.json): per element its tag, summary, registration entry,
// attributes and properties with types and defaults, methods, events, parts, CSS custom
// properties and slots. `npm run manifest` runs it after regenerating the manifest, and
// test/element-reference.test.ts fails when the checked-in file differs from what this writes.
//
//   node scripts/element-reference.mjs           writes docs/elements.md
//   node scripts/element-reference.mjs --stdout  prints it instead
//
// The manifest, not the sources, is the input: it is what editors, linters and Storybook read,
// so the reference and those tools cannot disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifestPath = `${root}packages/widgets/custom-elements.json`;
const outputPath = `${root}docs/elements.md`;

/**
 * Where a guide explains an element beyond its API. `<rapport-field>` declares its attributes
 * by reading them (the form renders the field), so the manifest has none to list: its guide does.
 */
const guides = {
  'rapport-provider': ['widgets.md#giving-elements-a-workspace', 'widgets.md: giving elements a workspace'],
  'rapport-lead-form': ['lead-form.md', 'lead-form.md'],
  'rapport-field': ['lead-form.md#fields', 'lead-form.md: fields (its attributes)'],
};

/** The guide for `tag`: its own entry, else its section of widgets.md. */
function guideOf(tag) {
  return guides[tag] ?? [`widgets.md#${tag}`, `widgets.md: \`<${tag}>\``];
}

/** A table cell: one line, with pipes escaped (GitHub splits cells on `|`, even inside code spans). */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** `text` as a code span, with a longer fence when it holds backticks. */
function code(text) {
  const value = String(text);
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

/** A Markdown table, or nothing when there are no rows. */
function table(head, rows) {
  if (rows.length === 0) return [];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), ''];
}

/** The first paragraph of a JSDoc description, as one line. */
function firstParagraph(text) {
  return (text ?? '').split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim();
}

/** Every element the manifest registers: its declaration, tag and the module that registers it. */
function elementsOf(manifest) {
  const declarations = new Map();
  for (const mod of manifest.modules) for (const d of mod.declarations ?? []) declarations.set(`${mod.path}#${d.name}`, { declaration: d, module: mod });
  const elements = [];
  for (const mod of manifest.modules) {
    for (const e of mod.exports ?? []) {
      if (e.kind !== 'custom-element-definition') continue;
      const found = declarations.get(`${e.declaration.module}#${e.declaration.name}`);
      if (found) elements.push({ tag: e.name, declaration: found.declaration, defineModule: mod.path });
    }
  }
  return elements.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** The names `src/index.ts` exports, to name each element's strings type. */
function indexExports(manifest) {
  const index = manifest.modules.find((m) => m.path === 'src/index.ts');
  return new Set((index?.exports ?? []).map((e) => e.name));
}

/** `src/contact-card/define.ts` → `@rapport/widgets/contact-card/define`. */
function entryOf(modulePath) {
  return `@rapport/widgets/${modulePath.replace(/^src\//, '').replace(/\.ts$/, '')}`;
}

/** The type of a member, with the base class's `S` (its strings) named as the element's own strings type. */
function typeOf(member, stringsType) {
  const text = member.type?.text ?? '';
  return stringsType ? text.replace(/\bS\b/g, stringsType) : text;
}

function isPublic(member) {
  return member.privacy !== 'private' && member.privacy !== 'protected' && !member.static && !member.name.startsWith('#');
}

/** The properties and attributes rows: one per public field, plus any attribute without one. */
function propertyRows(declaration, stringsType) {
  const members = (declaration.members ?? []).filter((m) => m.kind === 'field' && isPublic(m));
  const attributes = declaration.attributes ?? [];
  const rows = members.map((m) => {
    const attribute = attributes.find((a) => a.fieldName === m.name) ?? (m.attribute ? { name: m.attribute } : undefined);
    const attr = attribute ? `${code(attribute.name)}${m.reflects ? ' (reflects)' : ''}` : '—';
    const description = `${m.description ?? ''}${m.readonly ? ' Read-only.' : ''}`.trim();
    return [code(m.name), attr, code(typeOf(m, stringsType)), m.default === undefined ? '—' : code(m.default), description];
  });
  for (const a of attributes) {
    if (!members.some((m) => m.name === a.fieldName)) rows.push(['—', code(a.name), code(a.type?.text ?? 'string'), a.default === undefined ? '—' : code(a.default), a.description ?? '']);
  }
  return rows;
}

/** Public methods, leaving out the lifecycle callbacks the browser calls. */
function methodRows(declaration) {
  return (declaration.members ?? [])
    .filter((m) => m.kind === 'method' && isPublic(m) && !/Callback$/.test(m.name))
    .map((m) => {
      const parameters = (m.parameters ?? []).map((p) => `${p.name}${p.optional ? '?' : ''}${p.type?.text ? `: ${p.type.text}` : ''}`).join(', ');
      return [code(`${m.name}(${parameters}): ${m.return?.type?.text ?? 'void'}`), m.description ?? ''];
    });
}

function renderElement({ tag, declaration, defineModule }, exported) {
  const guessed = `${declaration.name.replace(/^Rapport/, '')}Strings`;
  const stringsType = exported.has(guessed) ? guessed : undefined;
  const lines = [`## \`<${tag}>\``, ''];
  const summary = declaration.summary?.trim();
  const lead = firstParagraph(declaration.description);
  if (summary) lines.push(`**${summary}**`, '');
  if (lead && lead !== summary) lines.push(lead, '');
  const [href, label] = guideOf(tag);
  lines.push(`Registered by \`import '${entryOf(defineModule)}'\`; class \`${declaration.name}\`${exported.has(declaration.name) ? ' (from \`@rapport/widgets\`)' : ''}${stringsType ? `; strings \`${stringsType}\`` : ''}. Guide: [${label}](${href}).`, '');

  const properties = propertyRows(declaration, stringsType);
  if (properties.length) lines.push('### Attributes and properties', '', ...table(['property', 'attribute', 'type', 'default', 'description'], properties));
  const methods = methodRows(declaration);
  if (methods.length) lines.push('### Methods', '', ...table(['method', 'description'], methods));
  const events = (declaration.events ?? []).filter((e) => e.name).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (events.length) {
    lines.push('### Events', '', ...table(['event', 'class', 'description'], events.map((e) => [`[${code(e.name)}](events.md#${e.name})`, e.type?.text ? code(e.type.text) : '—', e.description ?? ''])));
  }
  const parts = declaration.cssParts ?? [];
  if (parts.length) lines.push('### Parts', '', ...table(['part', 'description'], parts.map((p) => [code(p.name), p.description ?? ''])));
  const cssProperties = declaration.cssProperties ?? [];
  if (cssProperties.length) {
    lines.push('### CSS custom properties', '', ...table(['property', 'description'], cssProperties.map((p) => [code(p.name), `${p.description ?? ''}${p.default ? ` Default: ${code(p.default)}.` : ''}`])));
  }
  const slots = declaration.slots ?? [];
  if (slots.length) lines.push('### Slots', '', ...table(['slot', 'description'], slots.map((s) => [s.name ? code(s.name) : '(default)', s.description ?? ''])));
  return lines;
}

/** The whole reference, as Markdown. */
export function renderElementReference(manifest) {
  const elements = elementsOf(manifest);
  const exported = indexExports(manifest);
  const lines = [
    '<!-- Generated by scripts/element-reference.mjs from packages/widgets/custom-elements.json. Do not edit: run `npm run manifest`. -->',
    '',
    '# Element reference',
    '',
    'Every element of `@rapport/widgets`, as its [custom-elements manifest](../packages/widgets/custom-elements.json) describes it.',
    'The guides explain how they fit together: [widgets.md](widgets.md) (using the elements),',
    '[theming.md](theming.md) (tokens, parts, dark mode, density), [events.md](events.md) (every event and its `detail`)',
    'and [accessibility.md](accessibility.md) (keyboard and screen readers).',
    '',
    'A property without an attribute (`—`) is set from script. The last five rows of most tables (`crm`, `locale`, `theme`,',
    '`density`, `strings`) come from the shared base class `RapportElement`.',
    '',
    ...elements.map(({ tag }) => `- [\`<${tag}>\`](#${tag})`),
    '',
  ];
  for (const element of elements) lines.push(...renderElement(element, exported));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const markdown = renderElementReference(JSON.parse(readFileSync(manifestPath, 'utf8')));
  if (process.argv.includes('--stdout')) process.stdout.write(markdown);
  else writeFileSync(outputPath, markdown);
}
