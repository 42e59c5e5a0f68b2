import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The inline size of one element inside a component (a chart's plot area), kept current with a
 * `ResizeObserver`, so that a chart follows the width of the container it is placed in rather than
 * the window's. Attach it with Lit's `ref`: `<div ${ref(this.width.target)}>`; the host updates
 * whenever the width changes by a whole pixel.
 */
export class ContainerWidthController implements ReactiveController {
  /** The observed element's content width in whole px; `fallback` until it has been measured. */
  width: number;

  private observed: Element | undefined;
  private frame: number | undefined;
  private readonly observer: ResizeObserver;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The width to draw at before the first measurement. */
    fallback = 600,
  ) {
    this.width = fallback;
    this.observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      const size = entry.contentBoxSize[0]?.inlineSize ?? entry.contentRect.width;
      const width = Math.round(size);
      // A hidden or detached element measures 0: keep drawing at the last real width.
      if (width <= 0 || width === this.width) return;
      this.width = width;
      // Drawn at the next frame, not in this observation: the redraw changes the plot's height, and
      // a size change inside the callback would be a ResizeObserver loop.
      if (this.frame === undefined) {
        this.frame = requestAnimationFrame(() => {
          this.frame = undefined;
          this.host.requestUpdate();
        });
      }
    });
    host.addController(this);
  }

  /** A `ref` callback: observes the element it is given, and stops observing the one before. */
  readonly target = (element: Element | undefined): void => {
    if (element === this.observed) return;
    if (this.observed) this.observer.unobserve(this.observed);
    this.observed = element;
    if (element) this.observer.observe(element);
  };

  hostConnected(): void {
    if (this.observed) this.observer.observe(this.observed);
  }

  hostDisconnected(): void {
    this.observer.disconnect();
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }
}
