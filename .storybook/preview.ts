import type { Decorator, Preview } from '@storybook/web-components-vite';

/** Each element's own `theme` attribute before the toolbar changed it, to put back on "Follow the system". */
const ownTheme = new WeakMap<Element, string | null>();
let themeObserver: MutationObserver | undefined;

/**
 * The Theme toolbar: sets `theme` on every Rapport element the story renders (the tokens follow
 * the element's own `theme` attribute), and darkens the canvas to match. "Follow the system"
 * puts back what the story set, so the elements follow `prefers-color-scheme` or the story.
 */
const withTheme: Decorator = (story, context) => {
  const theme = context.globals['theme'] as 'auto' | 'light' | 'dark' | undefined;
  const root = document.getElementById('storybook-root') ?? document.body;
  const apply = () => {
    for (const el of root.querySelectorAll('*')) {
      if (!el.localName.startsWith('rapport-') || el.localName === 'rapport-provider') continue;
      if (theme === 'light' || theme === 'dark') {
        if (!ownTheme.has(el)) ownTheme.set(el, el.getAttribute('theme'));
        if (el.getAttribute('theme') !== theme) el.setAttribute('theme', theme);
      } else if (ownTheme.has(el)) {
        const own = ownTheme.get(el);
        ownTheme.delete(el);
        if (own === null || own === undefined) el.removeAttribute('theme');
        else el.setAttribute('theme', own);
      }
    }
    document.body.style.background = theme === 'dark' ? '#0e1013' : '';
  };
  themeObserver?.disconnect();
  themeObserver = new MutationObserver(apply);
  themeObserver.observe(root, { childList: true, subtree: true });
  requestAnimationFrame(apply);
  return story();
};

const preview: Preview = {
  decorators: [withTheme],
  parameters: {
    controls: { expanded: true },
    // Run axe on every story as it renders, against WCAG 2.2 AA; a violation fails the story's test.
    a11y: {
      test: 'error',
      options: { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } },
    },
  },
  initialGlobals: { theme: 'auto', a11y: { manual: false } },
  globalTypes: {
    theme: {
      description: 'Rapport theme',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'auto', title: 'Follow the system' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
};
export default preview;
