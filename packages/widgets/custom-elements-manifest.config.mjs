// The custom-elements manifest (custom-elements.json): tags, attributes, properties, events, slots,
// parts and CSS properties of every element, read from the sources and their JSDoc tags
// (@tag @summary @slot @csspart @cssprop @event). `npm run manifest -w packages/widgets` writes it;
// `npm run build` runs that, and test/widgets-manifest.test.ts fails when it is stale.
// The `--litelement` flag (in the script) reads Lit's decorators.

/**
 * Registrations: each `define.ts` calls `defineElement('rapport-x', RapportX)` rather than
 * `customElements.define`, which the analyzer does not recognise; record them as the
 * `custom-element-definition` exports tools look tags up by.
 */
function defineElementCalls() {
  return {
    name: 'rapport-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!tag || !element || !ts.isStringLiteral(tag) || !ts.isIdentifier(element)) return;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({ kind: 'custom-element-definition', name: tag.text, declaration: { name: element.text } });
    },
    packageLinkPhase({ customElementsManifest }) {
      const moduleOf = new Map();
      for (const mod of customElementsManifest.modules) for (const d of mod.declarations ?? []) if (d.kind === 'class') moduleOf.set(d.name, mod.path);
      for (const mod of customElementsManifest.modules) {
        // The analyzer also takes defineElement's own `customElements.define(tag, element)` for a
        // registration of a class called `element`: keep only registrations of real classes.
        mod.exports = (mod.exports ?? []).filter((e) => e.kind !== 'custom-element-definition' || moduleOf.has(e.declaration.name));
        for (const e of mod.exports) {
          if (e.kind === 'custom-element-definition') e.declaration.module ??= moduleOf.get(e.declaration.name);
        }
      }
    },
  };
}

/**
 * Events: the analyzer sees `dispatchEvent(new RapportXEvent(…))` but not the event's name, which
 * is the class's `static readonly type`; it lists such an event nameless, beside the named one
 * the `@event` tag gives. Name it from the event class, merge it into its `@event` twin, and give
 * every named event its class as `type`.
 */
function eventNamesFromClasses() {
  return {
    name: 'rapport-event-names',
    packageLinkPhase({ customElementsManifest }) {
      const nameOf = new Map();
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          const type = d.kind === 'class' ? d.members?.find((m) => m.static && m.name === 'type' && typeof m.default === 'string') : undefined;
          if (type) nameOf.set(d.name, type.default.replace(/^['"`]|['"`]$/g, ''));
        }
      }
      const classOf = new Map([...nameOf].map(([cls, name]) => [name, cls]));
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          if (!d.events) continue;
          const events = [];
          for (const event of d.events) {
            const name = event.name ?? nameOf.get(event.type?.text);
            if (!name) continue;
            const twin = events.find((e) => e.name === name);
            if (twin) {
              twin.type ??= event.type;
              twin.description ??= event.description;
              continue;
            }
            const cls = classOf.get(name);
            events.push({ ...event, name, ...(event.type || !cls ? {} : { type: { text: cls } }) });
          }
          d.events = events;
        }
      }
    },
  };
}

/**
 * Lists modules by path. The analyzer keeps the order the file system lists them in, which
 * differs between a fresh clone and a working tree, and the checked-in manifest must not.
 */
function modulesByPath() {
  return {
    name: 'rapport-modules-by-path',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.test-support.ts', 'src/**/*.stories.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  // package.json already names the manifest ("customElements"); the analyzer must not rewrite it.
  packagejson: false,
  plugins: [defineElementCalls(), eventNamesFromClasses(), modulesByPath()],
};
