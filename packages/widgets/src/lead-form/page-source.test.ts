import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageSource, type LeadSource } from './page-source.js';

/** A tab's `sessionStorage`, as far as `pageSource` uses it. */
class SessionStore {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

// Where pageSource keeps the first touch; a test writes there to stand for an earlier page or a corrupt entry.
const storageKey = 'rapport-lead-source';

describe('one page', () => {
  test('captures the five UTM parameters, trimmed, and nothing else from the query', () => {
    const href = 'https://shop.example/spring?utm_source=%20newsletter%20&utm_medium=email&utm_campaign=spring+sale&utm_term=crm&utm_content=hero&gclid=abc&email=ada%40example.com';
    assert.deepEqual(pageSource(href, '', new SessionStore()), {
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring sale',
      utmTerm: 'crm',
      utmContent: 'hero',
      landingPage: 'https://shop.example/spring',
    });
  });

  test('leaves out blank UTM parameters and cuts long ones to core’s 500 characters', () => {
    const long = 'c'.repeat(600);
    const source = pageSource(`https://shop.example/?utm_source=%20%20&utm_medium=&utm_campaign=${long}`, '', new SessionStore());
    assert.deepEqual(source, { utmCampaign: 'c'.repeat(500), landingPage: 'https://shop.example/' });
  });

  test('keeps origin and path of the landing page and referrer, never query, fragment or credentials', () => {
    const source = pageSource('https://shop.example:8443/a/b.html?email=ada%40example.com#contact', 'http://user:secret@news.example/issue/42?token=abc#top', new SessionStore());
    assert.deepEqual(source, { landingPage: 'https://shop.example:8443/a/b.html', referrer: 'http://news.example/issue/42' });
  });

  test('drops a referrer or landing page that is not an http(s) URL', () => {
    for (const referrer of ['', 'about:blank', 'android-app://com.google.android.gm/', 'file:///C:/mail.html', 'javascript:alert(1)', 'not a url', 'data:text/html,hi']) {
      assert.deepEqual(pageSource('https://shop.example/', referrer, new SessionStore()), { landingPage: 'https://shop.example/' }, referrer);
    }
    assert.deepEqual(pageSource('file:///home/site/form.html?utm_source=test', '', new SessionStore()), { utmSource: 'test' });
    assert.deepEqual(pageSource('', '', new SessionStore()), {});
  });

  test('drops a URL longer than core takes rather than send a cut one', () => {
    const long = `https://shop.example/${'a'.repeat(2048)}`;
    assert.deepEqual(pageSource(long, long, new SessionStore()), {});
  });
});

describe('a visit of several pages', () => {
  test('the first touch is kept for later pages of the session', () => {
    const tab = new SessionStore();
    const first = pageSource('https://shop.example/?utm_source=ads&utm_campaign=spring', 'https://search.example/results', tab);
    assert.deepEqual(pageSource('https://shop.example/pricing', 'https://shop.example/?utm_source=ads', tab), first);
    assert.deepEqual(pageSource('https://shop.example/contact', 'https://shop.example/pricing', tab), first);
    assert.deepEqual(first, { utmSource: 'ads', utmCampaign: 'spring', landingPage: 'https://shop.example/', referrer: 'https://search.example/results' });
  });

  test('a first touch without a campaign is kept as well', () => {
    const tab = new SessionStore();
    const first = pageSource('https://shop.example/blog/post', 'https://search.example/', tab);
    assert.deepEqual(pageSource('https://shop.example/contact', 'https://shop.example/blog/post', tab), first);
  });

  test('a new campaign link wins, and is then the one kept', () => {
    const tab = new SessionStore();
    pageSource('https://shop.example/?utm_source=ads', '', tab);
    const second = pageSource('https://shop.example/offer?utm_source=newsletter&utm_medium=email', 'https://mail.example/', tab);
    assert.deepEqual(second, { utmSource: 'newsletter', utmMedium: 'email', landingPage: 'https://shop.example/offer', referrer: 'https://mail.example/' });
    assert.deepEqual(pageSource('https://shop.example/contact', 'https://shop.example/offer', tab), second);
  });

  test('another tab or session starts afresh', () => {
    pageSource('https://shop.example/?utm_source=ads', '', new SessionStore());
    assert.deepEqual(pageSource('https://shop.example/contact', '', new SessionStore()), { landingPage: 'https://shop.example/contact' });
  });
});

describe('storage', () => {
  test('a stored entry that is not a JSON object is ignored and replaced', () => {
    for (const stored of ['not json', '{"utmSource":', '[1,2]', '"text"', '42', 'null', 'true']) {
      const tab = new SessionStore();
      tab.items.set(storageKey, stored);
      const source = pageSource('https://shop.example/contact', '', tab);
      assert.deepEqual(source, { landingPage: 'https://shop.example/contact' }, stored);
      assert.deepEqual(JSON.parse(tab.getItem(storageKey) ?? ''), source, `${stored} is replaced`);
    }
  });

  test('only known keys with text values are taken from a stored entry', () => {
    const tab = new SessionStore();
    tab.items.set(storageKey, JSON.stringify({ utmSource: 'ads', utmMedium: 7, referrer: null, ownerId: 'me', landingPage: 'https://shop.example/' }));
    assert.deepEqual(pageSource('https://shop.example/contact', '', tab), { utmSource: 'ads', landingPage: 'https://shop.example/' });
  });

  // Another script, or an older version of this one, may have written the entry: it is held to the rules of a fresh one.
  test('a stored first touch loses query, fragment and credentials of its URLs', () => {
    const tab = new SessionStore();
    tab.items.set(
      storageKey,
      JSON.stringify({ landingPage: 'https://shop.example/a?email=ada%40example.com#top', referrer: 'http://user:secret@news.example/issue/42?token=abc#x' }),
    );
    assert.deepEqual(pageSource('https://shop.example/contact', '', tab), { landingPage: 'https://shop.example/a', referrer: 'http://news.example/issue/42' });
  });

  test('a stored first touch drops URLs that are not http(s), or longer than core takes', () => {
    for (const url of ['javascript:alert(1)', 'file:///C:/mail.html', 'android-app://com.google.android.gm/', 'not a url', '', `https://shop.example/${'a'.repeat(2048)}`]) {
      const tab = new SessionStore();
      tab.items.set(storageKey, JSON.stringify({ utmSource: 'ads', landingPage: url, referrer: url }));
      assert.deepEqual(pageSource('https://shop.example/contact', '', tab), { utmSource: 'ads' }, url);
    }
  });

  test('a stored first touch has its UTM values trimmed, cut to 500 characters, and blank ones dropped', () => {
    const tab = new SessionStore();
    tab.items.set(storageKey, JSON.stringify({ utmSource: '  ads\n', utmMedium: ' \t ', utmCampaign: ` ${'c'.repeat(600)}`, utmTerm: `${'t'.repeat(499)} x`, landingPage: 'https://shop.example/' }));
    assert.deepEqual(pageSource('https://shop.example/contact', '', tab), {
      utmSource: 'ads',
      utmCampaign: 'c'.repeat(500),
      utmTerm: 't'.repeat(499),
      landingPage: 'https://shop.example/',
    });
  });

  test('a stored first touch with nothing usable is ignored: this page’s source is used and stored', () => {
    const unusable = [{}, { ownerId: 'me' }, { utmSource: '   ', utmMedium: 7, landingPage: 'javascript:alert(1)', referrer: 'about:blank' }, { landingPage: ['https://shop.example/'] }];
    for (const stored of unusable) {
      const tab = new SessionStore();
      tab.items.set(storageKey, JSON.stringify(stored));
      const source = pageSource('https://shop.example/contact', 'https://search.example/', tab);
      assert.deepEqual(source, { landingPage: 'https://shop.example/contact', referrer: 'https://search.example/' }, JSON.stringify(stored));
      assert.deepEqual(JSON.parse(tab.getItem(storageKey) ?? ''), source, `${JSON.stringify(stored)} is replaced`);
      assert.deepEqual(pageSource('https://shop.example/thanks', 'https://shop.example/contact', tab), source, 'and kept as the first touch');
    }
  });

  test('storage that throws, or none at all, still gives this page’s source', () => {
    const refusing = {
      getItem(): string | null {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      setItem(): void {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const full = { getItem: () => null, setItem: refusing.setItem };
    const expected: LeadSource = { utmSource: 'ads', landingPage: 'https://shop.example/' };
    for (const storage of [refusing, full, undefined]) assert.deepEqual(pageSource('https://shop.example/?utm_source=ads', '', storage), expected);
    assert.deepEqual(pageSource('https://shop.example/contact', '', refusing), { landingPage: 'https://shop.example/contact' });
    // Node has no sessionStorage: the default must cope with its absence.
    assert.deepEqual(pageSource('https://shop.example/?utm_source=ads', ''), expected);
  });
});

describe('property', () => {
  const url = fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withUserInfo: true, withPort: true } });
  const campaign = fc.dictionary(fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'), fc.string({ maxLength: 600 }), { maxKeys: 5 });
  const page = fc.record({
    href: fc.tuple(url, campaign).map(([href, utm]) => {
      const withUtm = new URL(href);
      for (const [key, value] of Object.entries(utm)) withUtm.searchParams.set(key, value);
      return withUtm.href;
    }),
    referrer: fc.oneof(url, fc.constantFrom('', 'about:blank', 'android-app://com.example/')),
  });

  // What another script may have left in the tab: any JSON object, with the known keys among others.
  const stored = fc.option(
    fc.dictionary(
      fc.constantFrom('utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent', 'referrer', 'landingPage', 'ownerId'),
      fc.oneof(url, fc.string({ maxLength: 600 }), fc.constantFrom('javascript:alert(1)', ' ', `https://shop.example/${'a'.repeat(2048)}`), fc.jsonValue({ maxDepth: 1 })),
    ),
    { nil: undefined },
  );

  test('no URL in any page’s source has a query, a fragment or credentials, and every value fits core’s limits', () => {
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 5 }), stored, (visit, left) => {
        const tab = new SessionStore();
        if (left !== undefined) tab.items.set(storageKey, JSON.stringify(left));
        for (const { href, referrer } of visit) {
          const source = pageSource(href, referrer, tab);
          for (const kept of [source.landingPage, source.referrer]) {
            if (kept === undefined) continue;
            assert.ok(!kept.includes('?') && !kept.includes('#'), kept);
            const parsed = new URL(kept);
            assert.ok(parsed.protocol === 'http:' || parsed.protocol === 'https:', kept);
            assert.equal(parsed.username + parsed.password, '', kept);
            assert.ok(kept.length <= 2048);
          }
          for (const value of [source.utmSource, source.utmMedium, source.utmCampaign, source.utmTerm, source.utmContent]) {
            if (value !== undefined) assert.ok(value.length <= 500 && value.trim() !== '', value);
          }
        }
      }),
    );
  });
});
