/**
 * Keeps one element per row index inside a container, in index order: rows that stay in the
 * window keep their element (and so their focus), rows that leave it are removed, new ones are
 * created where they belong. What each row shows is up to `update`, which renders its content
 * with Lit.
 *
 * Why not Lit's `repeat`: in lit-html 3.3.1 to 3.3.3 (the version here) its `removePart()` leaves
 * one comment marker behind for every item removed (lit/lit#5298), so a virtualized list that
 * removes rows at one edge and adds them at the other on every scrolled frame grows without bound
 * (about 5,000 stray nodes after scrolling 5,000 rows). Removing the row element itself, as here,
 * takes everything inside it along. Once a fixed Lit ships, `repeat(indices, (i) => i, …)` can
 * take this class's place.
 */
export class KeyedRows {
  private readonly rows = new Map<number, HTMLElement>();
  private container: HTMLElement | undefined;

  constructor(
    /** Makes an empty row element. */
    private readonly create: () => HTMLElement,
  ) {}

  /** The element of row `index`, when it is rendered. */
  get(index: number): HTMLElement | undefined {
    return this.rows.get(index);
  }

  /**
   * Makes `container` hold exactly the rows of `indices` (ascending), each passed to `update`.
   * A new container (the grid was rendered again) starts empty.
   */
  sync(container: HTMLElement, indices: readonly number[], update: (row: HTMLElement, index: number) => void): void {
    if (container !== this.container) {
      this.rows.clear();
      this.container = container;
    }
    const wanted = new Set(indices);
    for (const [index, row] of this.rows) {
      if (wanted.has(index)) continue;
      row.remove();
      this.rows.delete(index);
    }
    let next: ChildNode | null = container.firstChild;
    for (const index of indices) {
      let row = this.rows.get(index);
      if (!row) {
        row = this.create();
        this.rows.set(index, row);
      }
      // Kept rows are already in order, so only new rows are inserted; nothing kept moves.
      if (row !== next) container.insertBefore(row, next);
      next = row.nextSibling;
      update(row, index);
    }
  }
}
