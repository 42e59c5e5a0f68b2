import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { horizontalBarLayout, tickCount } from './bar-layout.js';
import { ContainerWidthController } from './container-width-controller.js';
import { defineElement } from './define-element.js';
import { fitLabel } from './fit-label.js';
import { amountIn, currenciesIn, currencyFirst, otherThan } from './money-in.js';

/** A host that draws its plot box's width. */
class WidthTestElement extends LitElement {
  readonly size = new ContainerWidthController(this, 111);
  renders = 0;
  override render() {
    this.renders++;
    return litHtml`<div ${ref(this.size.target)}>${this.size.width}</div>`;
  }
}
defineElement('width-test-element', WidthTestElement);

declare global {
  interface HTMLElementTagNameMap {
    'width-test-element': WidthTestElement;
  }
}

describe('chart helpers', () => {
  it('ContainerWidthController follows the container’s width, not the window’s', async () => {
    const box = await fixture<HTMLDivElement>(html`<div><width-test-element></width-test-element></div>`);
    const el = box.querySelector('width-test-element') as WidthTestElement;
    box.style.width = '320px';
    await waitUntil(() => el.size.width === 320, `width ${el.size.width}`);
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.equal('320');
    box.style.width = '640.4px';
    await waitUntil(() => el.size.width === 640, `width ${el.size.width}`);
    // Hidden: measures 0, and the last real width stays.
    box.style.display = 'none';
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    expect(el.size.width).to.equal(640);
  });

  it('fitLabel shortens text to the width, with an ellipsis', () => {
    expect(fitLabel('Qualified', 200, 12)).to.equal('Qualified');
    expect(fitLabel('Negotiation and contracts', 60, 12)).to.equal('Negotia…');
    expect(fitLabel('ab', 1, 12)).to.equal('a…');
    // Characters, not UTF-16 units: an emoji is not cut in half.
    expect(fitLabel('😀😀😀😀😀😀😀😀😀', 36, 12)).to.equal('😀😀😀😀…');
  });

  it('money-in picks a currency out of per-currency lists, never adding', () => {
    const list = [
      { minor: 5, currency: 'EUR' },
      { minor: 7, currency: 'USD' },
    ];
    expect(amountIn(list, 'USD')).to.deep.equal({ minor: 7, currency: 'USD' });
    expect(amountIn(list, 'GBP')).to.deep.equal({ minor: 0, currency: 'GBP' });
    expect(otherThan(list, 'EUR')).to.deep.equal([{ minor: 7, currency: 'USD' }]);
    expect(currencyFirst(list, 'USD').map((m) => m.currency)).to.deep.equal(['USD', 'EUR']);
    expect(currencyFirst([], 'JPY')).to.deep.equal([{ minor: 0, currency: 'JPY' }]);
    expect(currenciesIn([[{ minor: 1, currency: 'USD' }], list, []])).to.deep.equal(['EUR', 'USD']);
  });

  it('horizontalBarLayout puts labels, bars and values in columns, with round ticks', () => {
    const layout = horizontalBarLayout({ width: 600, keys: ['a', 'b', 'c'], max: 9_700, rowHeight: 40, valueWidth: 120 });
    expect(layout.labelWidth).to.equal(180);
    expect(layout.x(0)).to.equal(188);
    expect(layout.x.range()[1]).to.equal(480);
    // nice(): the axis ends on a round number at or above the largest value.
    expect(layout.x.domain()[1]).to.equal(10_000);
    expect(layout.ticks.at(-1)).to.equal(10_000);
    expect(layout.ticks.length).to.be.within(2, tickCount(292) + 2);
    expect(layout.y.domain()).to.deep.equal(['a', 'b', 'c']);
    expect(layout.height).to.be.greaterThan(3 * 40);
    // Narrow: the label column keeps its minimum, and the bars still get room.
    const narrow = horizontalBarLayout({ width: 200, keys: ['a'], max: 0, rowHeight: 30, valueWidth: 120 });
    expect(narrow.labelWidth).to.equal(64);
    const [from = 0, to = 0] = narrow.x.range();
    expect(to - from).to.be.greaterThan(19);
    expect(narrow.x.domain()).to.deep.equal([0, 1]);
  });
});
