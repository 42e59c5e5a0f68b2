import { expect } from '@open-wc/testing';
import { hostileStrings } from './hostile-strings.test-support.js';
import { mailtoHref, safeHref, telHref } from './safe-url.js';

/** Schemes a link may carry. */
const allowedSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const schemeOf = (href: string) => new URL(href).protocol;

/** Values that must never become a link: script, data and unknown schemes, with the usual disguises. */
const refused = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\tjavascript:alert(1)',
  '\njavascript:alert(1)',
  '\u0000javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'javascript\t:alert(1)',
  '  \u00A0javascript:alert(1)',
  'javascript://example.com/%0Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  ' data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'VBScript:msgbox(1)',
  'file:///etc/passwd',
  'blob:http://127.0.0.1/abc',
  'ftp://example.com/',
  'ws://example.com/',
  'about:blank',
  'chrome://settings',
  'intent://scan/#Intent;scheme=zxing;end',
  '//evil.example/path',
  '/relative/path',
  'example.com',
  '',
  '   ',
  'http//missing-colon.example',
];

describe('safe URLs', () => {
  describe('safeHref', () => {
    it('keeps http, https, mailto and tel URLs (normalised)', () => {
      expect(safeHref('https://example.com/a?b=c#d')).to.equal('https://example.com/a?b=c#d');
      expect(safeHref('http://example.com')).to.equal('http://example.com/');
      expect(safeHref('HTTPS://Example.COM/x')).to.equal('https://example.com/x');
      expect(safeHref('  https://example.com/  ')).to.equal('https://example.com/');
      expect(safeHref('mailto:ann@example.com')).to.equal('mailto:ann@example.com');
      expect(safeHref('tel:+441234567')).to.equal('tel:+441234567');
      expect(safeHref(undefined)).to.equal(undefined);
    });

    for (const value of refused) {
      it(`refuses ${JSON.stringify(value)}`, () => {
        expect(safeHref(value)).to.equal(undefined);
      });
    }

    it('never returns anything but http(s), mailto or tel for the hostile corpus', () => {
      for (const value of hostileStrings) {
        const href = safeHref(value);
        if (href !== undefined) expect(allowedSchemes.has(schemeOf(href)), `${value} → ${href}`).to.equal(true);
      }
      expect(hostileStrings.map(safeHref).filter((h) => h !== undefined)).to.deep.equal([]);
    });

    it('escapes markup in a kept URL, so it cannot break out of an attribute', () => {
      const href = safeHref('https://example.com/"><img src=x onerror=alert(1)>')!;
      expect(href).to.not.include('"');
      expect(href).to.not.include('<');
    });
  });

  describe('mailtoHref', () => {
    it('makes a mailto link for a plausible address', () => {
      expect(mailtoHref('ann@example.com')).to.equal('mailto:ann@example.com');
      expect(mailtoHref('ann.lee+crm@sub.example.co.uk')).to.equal('mailto:ann.lee+crm@sub.example.co.uk');
    });

    for (const value of ['', 'ann', 'ann@', '@example.com', 'ann @example.com', 'a@b@c', 'javascript:alert(1)//@x', 'ann@example.com?cc=all@example.com', 'ann@example.com\nbcc:x@y', 'x@y/../z', ...hostileStrings]) {
      it(`refuses ${JSON.stringify(value)}`, () => {
        expect(mailtoHref(value)).to.equal(undefined);
      });
    }
  });

  describe('telHref', () => {
    it('makes a tel link from the digits and a leading plus', () => {
      expect(telHref('+44 (20) 7946-0958')).to.equal('tel:+442079460958');
      expect(telHref('555 0100')).to.equal('tel:5550100');
    });

    it('keeps only digits and +, so no other scheme or markup can ride along', () => {
      for (const value of ['javascript:alert(123)', 'data:text/html,1234', 'tel:123<script>', ...hostileStrings]) {
        const href = telHref(value);
        if (href !== undefined) expect(href, value).to.match(/^tel:[\d+]+$/);
      }
    });

    it('refuses values with fewer than three digits', () => {
      expect(telHref('')).to.equal(undefined);
      expect(telHref('12')).to.equal(undefined);
      expect(telHref('call me')).to.equal(undefined);
    });
  });
});
