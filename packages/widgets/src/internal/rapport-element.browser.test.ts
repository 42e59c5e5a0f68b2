import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import { defineElement } from './define-element.js';
import { RapportElement } from './rapport-element.js';

const defaultStrings = { greeting: 'Hello, {name}!', count: '{n} of {total}', plain: 'Plain' } as const;
type TestStrings = { [K in keyof typeof defaultStrings]: string };

/** A RapportElement with a little of everything an element renders: text, a button, an input. */
class BaseTestElement extends RapportElement<TestStrings> {
  protected readonly defaultStrings: TestStrings = defaultStrings;

  /** `t` and `resolvedLocale`, opened for the tests. */
  text(key: keyof TestStrings, values?: Record<string, string | number>): string {
    return this.t(key, values);
  }
  get localeInUse(): string {
    return this.resolvedLocale;
  }

  override render() {
    return litHtml`<p>${this.t('plain')}</p><button type="button">${this.t('greeting', { name: 'Ann' })}</button><input aria-label="Name" />`;
  }
}
defineElement('base-test-element', BaseTestElement);

declare global {
  interface HTMLElementTagNameMap {
    'base-test-element': BaseTestElement;
  }
}

/** The token defaults of tokens.styles.ts that the reset holds text to. */
const token = { fontSize: '14px', lineHeight: `${14 * 1.45}px`, letterSpacing: 'normal', textTransform: 'none' };

/** Text styles as the user sees them: on the host and on what it renders. */
function textStyles(el: Element) {
  const read = (node: Element) => {
    const style = getComputedStyle(node);
    return { fontSize: style.fontSize, lineHeight: style.lineHeight, letterSpacing: style.letterSpacing, textTransform: style.textTransform };
  };
  const root = el.shadowRoot!;
  return { host: read(el), p: read(root.querySelector('p')!), button: read(root.querySelector('button')!), input: read(root.querySelector('input')!) };
}

/** Adds a host-page `<style>` for one test; returns how to take it away. */
function hostPageStyle(cssText: string): () => void {
  const style = document.createElement('style');
  style.textContent = cssText;
  document.head.append(style);
  return () => style.remove();
}

describe('RapportElement', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('is accessible with the base styles', async () => {
    const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
    await expect(el).to.be.accessible();
  });

  describe('attributes and properties', () => {
    it('reflects locale, theme and density', async () => {
      const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
      el.locale = 'de-DE';
      el.theme = 'dark';
      el.density = 'compact';
      await el.updateComplete;
      expect(el.getAttribute('locale')).to.equal('de-DE');
      expect(el.getAttribute('theme')).to.equal('dark');
      expect(el.getAttribute('density')).to.equal('compact');
    });

    it('resolves the locale from its attribute, then the nearest lang, then the browser; a bad tag falls back', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="fr-ca"><base-test-element></base-test-element></div>`);
      const el = wrapper.querySelector('base-test-element')!;
      expect(el.localeInUse).to.equal('fr-CA');
      el.locale = 'ja';
      expect(el.localeInUse).to.equal('ja');
      el.locale = 'not a locale!';
      expect(el.localeInUse).to.equal(navigator.language);
      el.locale = undefined;
      wrapper.removeAttribute('lang');
      expect(el.localeInUse).to.equal(document.documentElement.lang ? Intl.getCanonicalLocales(document.documentElement.lang)[0] : navigator.language);
    });

    it('fills strings from its defaults, lets `strings` override any of them, and keeps unknown placeholders', async () => {
      const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
      expect(el.text('count', { n: 3, total: 10 })).to.equal('3 of 10');
      expect(el.text('count', { n: 3 })).to.equal('3 of {total}');
      expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Hello, Ann!');

      el.strings = { greeting: 'Hallo, {name}!' };
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('button')!.textContent).to.equal('Hallo, Ann!');
      expect(el.text('plain')).to.equal('Plain', 'strings not overridden keep their default');
    });

    it('does not read placeholders from the prototype chain', async () => {
      const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
      el.strings = { plain: '{constructor} {toString}' };
      expect(el.text('plain')).to.equal('{constructor} {toString}');
    });
  });

  describe('theme and density', () => {
    it('theme="dark" changes the computed background and text colour; theme="light" wins over a dark system', async () => {
      const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
      const light = getComputedStyle(el).backgroundColor;
      expect(light).to.equal('rgb(255, 255, 255)');

      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(22, 24, 29)');
      expect(getComputedStyle(el).color).to.equal('rgb(236, 238, 242)');

      el.theme = undefined;
      await el.updateComplete;
      await emulateMedia({ colorScheme: 'dark' });
      expect(getComputedStyle(el).backgroundColor, 'follows prefers-color-scheme').to.equal('rgb(22, 24, 29)');
      el.theme = 'light';
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal(light);
    });

    it('lets a host page override a token from an ancestor, in both themes', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="--rapport-color-surface: rgb(1, 2, 3)"><base-test-element></base-test-element></div>`);
      const el = wrapper.querySelector('base-test-element')!;
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
    });

    it('density="compact" tightens the spacing and row tokens', async () => {
      const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
      const read = () => ({ space2: getComputedStyle(el).getPropertyValue('--_space-2').trim(), row: getComputedStyle(el).getPropertyValue('--_row-height').trim() });
      expect(read()).to.deep.equal({ space2: '8px', row: '44px' });
      el.density = 'compact';
      await el.updateComplete;
      expect(read()).to.deep.equal({ space2: '4px', row: '32px' });
    });
  });

  describe('host reset', () => {
    it('keeps text styles at the token values under a hostile host page', async () => {
      const el = await fixture<BaseTestElement>(html`<div><base-test-element></base-test-element></div>`).then((d) => d.querySelector('base-test-element')!);
      const before = textStyles(el);
      expect(before.p).to.deep.equal(token, 'token values on a plain page');

      const remove = hostPageStyle(`
        html { font-size: 40px }
        * { line-height: 3 !important; letter-spacing: 3px; text-transform: uppercase; box-sizing: content-box !important }
        button { all: unset }
        div { font-size: 2em; word-spacing: 9px; text-align: center }
      `);
      try {
        const after = textStyles(el);
        expect(after.p, 'text inside the shadow root').to.deep.equal(token);
        expect(after.button, 'a button inside the shadow root').to.deep.equal(token);
        expect(after.input, 'an input inside the shadow root').to.deep.equal(token);
        expect(after.host, 'the host itself').to.deep.equal(token);
        const p = el.shadowRoot!.querySelector('p')!;
        expect(getComputedStyle(p).wordSpacing).to.equal('0px');
        expect(getComputedStyle(p).textAlign).to.equal('start');
        expect(getComputedStyle(el.shadowRoot!.querySelector('button')!).boxSizing).to.equal('border-box');
      } finally {
        remove();
      }
    });

    it('never sizes text in rem, so a host root font size does not rescale it', async () => {
      const remove = hostPageStyle('html { font-size: 40px }');
      try {
        const el = await fixture<BaseTestElement>(html`<base-test-element></base-test-element>`);
        expect(getComputedStyle(el.shadowRoot!.querySelector('p')!).fontSize).to.equal('14px');
      } finally {
        remove();
      }
    });

    it('hides a host with the hidden attribute', async () => {
      const el = await fixture<BaseTestElement>(html`<base-test-element hidden></base-test-element>`);
      expect(getComputedStyle(el).display).to.equal('none');
    });
  });
});
