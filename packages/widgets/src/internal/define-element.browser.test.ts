import { expect } from '@open-wc/testing';
import { defineElement } from './define-element.js';

/** Calls `fn` with console.warn replaced by a recorder; returns what was warned. */
function warnings(fn: () => void): unknown[][] {
  const seen: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args);
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

let count = 0;
/** A tag no other test has used. */
const freshTag = () => `define-test-${++count}-${Math.random().toString(36).slice(2, 8)}`;

describe('defineElement', () => {
  it('registers the tag, so that a new element upgrades to the class', () => {
    const tag = freshTag();
    class First extends HTMLElement {}
    expect(warnings(() => defineElement(tag, First))).to.deep.equal([]);
    expect(customElements.get(tag)).to.equal(First);
    expect(document.createElement(tag)).to.be.instanceOf(First);
  });

  it('does nothing, silently, when the same class registers the same tag again', () => {
    const tag = freshTag();
    class First extends HTMLElement {}
    defineElement(tag, First);
    expect(warnings(() => defineElement(tag, First))).to.deep.equal([]);
    expect(customElements.get(tag)).to.equal(First);
  });

  it('keeps the first class and warns, never throws, when another class (a second copy) registers the same tag', () => {
    const tag = freshTag();
    class First extends HTMLElement {}
    class SecondCopy extends HTMLElement {}
    defineElement(tag, First);
    let seen: unknown[][] = [];
    expect(() => {
      seen = warnings(() => defineElement(tag, SecondCopy));
    }).to.not.throw();
    expect(customElements.get(tag)).to.equal(First);
    expect(seen).to.have.length(1);
    expect(String(seen[0]![0])).to.include(`<${tag}>`);
  });

  it('warns rather than throws when the tag was defined directly, outside defineElement', () => {
    const tag = freshTag();
    class Direct extends HTMLElement {}
    customElements.define(tag, Direct);
    const seen = warnings(() => defineElement(tag, class extends HTMLElement {}));
    expect(seen).to.have.length(1);
    expect(customElements.get(tag)).to.equal(Direct);
  });
});
