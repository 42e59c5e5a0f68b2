import type { Contact, Page } from '@rapport/core';

/**
 * Reads one page of the list: from its start in the list's order, or from its end in the reverse
 * order, continuing after `cursor` (a `nextCursor` of the same side).
 */
export type PageFetcher = (from: 'start' | 'end', limit: number, cursor: string | undefined) => Promise<Page<Contact>>;

/** The smallest page read: what a user scrolls through in a few seconds. */
export const minPageSize = 100;
/** The largest page the port serves; a jump far ahead reads pages this size. */
export const maxPageSize = 1000;

const pageSize = (rows: number) => Math.min(maxPageSize, Math.max(minPageSize, rows));

/**
 * The rows of one list query loaded so far, kept as two runs: the head, read forward from the
 * start with keyset cursors, and the tail, read backward from the end (the same query with the
 * order reversed). The port pages by cursor only, so row 90,000 is reached by reading every row
 * before it from one side; the tail makes End, Ctrl+End and a drag to the bottom read from the
 * nearer side instead of the whole list. When the runs meet they are joined into the head.
 *
 * `total` comes from a count taken with the first page. Reaching the real end of either run
 * corrects it; a count made stale by a later write is the live refresh's business.
 */
export class ContactPages {
  /** How many rows the list has. */
  total: number;
  private readonly head: Contact[] = [];
  private headCursor: string | undefined;
  /** From the last row backwards: `tail[0]` is row `total - 1`. */
  private tail: Contact[] = [];
  private tailCursor: string | undefined;
  /** Whether the head holds every row. */
  private whole = false;

  private constructor(
    total: number,
    private readonly fetchPage: PageFetcher,
  ) {
    this.total = total;
  }

  /** Counts the rows and reads the first page, both at once. */
  static async open(fetchPage: PageFetcher, count: () => Promise<number>, firstPage = minPageSize): Promise<ContactPages> {
    const [total, page] = await Promise.all([count(), fetchPage('start', firstPage, undefined)]);
    const pages = new ContactPages(total, fetchPage);
    pages.addHead(page);
    return pages;
  }

  /** How many rows are loaded. */
  get loaded(): number {
    return this.head.length + this.tail.length;
  }

  /** The row at `index`, or `undefined` when it is not loaded (or past the end). */
  at(index: number): Contact | undefined {
    if (index < 0 || index >= this.total) return undefined;
    if (index < this.head.length) return this.head[index];
    return this.tail[this.total - 1 - index];
  }

  /** The index of the loaded row with this id. */
  indexOf(id: string): number | undefined {
    const inHead = this.head.findIndex((c) => c.id === id);
    if (inHead >= 0) return inHead;
    const inTail = this.tail.findIndex((c) => c.id === id);
    return inTail >= 0 ? this.total - 1 - inTail : undefined;
  }

  /** Puts a newer copy of a loaded row in its place. */
  replace(index: number, contact: Contact): void {
    if (index < this.head.length) this.head[index] = contact;
    else if (this.tail[this.total - 1 - index]) this.tail[this.total - 1 - index] = contact;
  }

  /** Whether every row of `[from, to)` (cut to the list) is loaded. */
  covers(from: number, to: number): boolean {
    const end = Math.min(to, this.total);
    if (from >= end || this.whole) return true;
    return Math.max(from, this.head.length) >= Math.min(end, this.total - this.tail.length);
  }

  /**
   * Reads pages until `[from, to)` is loaded, from whichever side has fewer rows to read;
   * `onPage` runs after each page. Stops early when `isCurrent` says the result is no longer wanted.
   */
  async fill(from: number, to: number, isCurrent: () => boolean, onPage: () => void = () => {}): Promise<void> {
    while (!this.covers(from, to) && isCurrent()) {
      const tailStart = this.total - this.tail.length;
      const gapStart = Math.max(from, this.head.length);
      const gapEnd = Math.min(to, tailStart);
      const viaHead = gapEnd - this.head.length;
      const viaTail = tailStart - gapStart;
      const before = this.loaded;
      if (viaHead <= viaTail) this.addHead(await this.fetchPage('start', pageSize(viaHead), this.headCursor));
      else this.addTail(await this.fetchPage('end', pageSize(viaTail), this.tailCursor));
      if (!isCurrent()) return;
      onPage();
      // A page that adds nothing without ending the list would loop forever: stop instead.
      if (this.loaded === before && !this.whole) return;
    }
  }

  private addHead(page: Page<Contact>): void {
    this.head.push(...page.items);
    this.headCursor = page.nextCursor;
    if (!page.nextCursor) this.end(this.head);
    else this.join();
  }

  private addTail(page: Page<Contact>): void {
    this.tail.push(...page.items);
    this.tailCursor = page.nextCursor;
    if (!page.nextCursor) this.end(this.tail.reverse());
    else this.join();
  }

  /** One run reached the other end of the list: it holds every row, and the count is exact. */
  private end(rows: Contact[]): void {
    if (rows !== this.head) this.head.splice(0, this.head.length, ...rows);
    this.tail = [];
    this.tailCursor = undefined;
    this.whole = true;
    this.total = this.head.length;
  }

  /** Joins the runs once they meet; when their ends disagree the count was stale: drop the tail. */
  private join(): void {
    // More rows than counted: the head has a cursor, so at least one more row follows.
    if (!this.tail.length) {
      if (this.head.length >= this.total) this.total = this.head.length + 1;
      return;
    }
    const overlap = this.head.length + this.tail.length - this.total;
    if (overlap < 0) return;
    const forward = [...this.tail].reverse();
    const lastOfHead = this.head[this.head.length - 1];
    if (overlap > 0 && forward[overlap - 1]?.id !== lastOfHead?.id) {
      this.tail = [];
      this.tailCursor = undefined;
      this.total = Math.max(this.total, this.head.length + 1);
      return;
    }
    this.end([...this.head, ...forward.slice(overlap)]);
  }
}
