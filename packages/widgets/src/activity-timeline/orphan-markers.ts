/**
 * A workaround for lit-html 3.3.1–3.3.3, where `removePart()` removes a part's start marker but
 * leaves its end marker (an empty comment) behind: lit/lit#5298, fixed by lit/lit#5299, not yet
 * released. `repeat()`, which the virtualizer renders its rows with, calls it for every row that
 * scrolls out of range, so a long scroll left one comment per row in the list: the DOM grew with
 * the distance scrolled instead of staying bounded. Delete this file once lit-html ships the fix.
 *
 * Safe because of how the list is built: every row template is exactly one element, so each live
 * row part is `<!---->` `<div>` `<!---->`, and each of its markers touches its element. A leaked
 * end marker's element is gone, so it touches only other markers; nothing in Lit refers to it.
 */
export function removeOrphanMarkers(list: Element): void {
  // Live: three nodes per row, the directive's own marker and the virtualizer's sizer (an element
  // without markers). Anything more is leaked markers.
  if (list.childNodes.length <= list.childElementCount * 3) return;
  let node = list.firstChild;
  while (node) {
    const next: ChildNode | null = node.nextSibling;
    if (node.nodeType === Node.COMMENT_NODE && (node as Comment).data === '' && !isRow(node.previousSibling) && !isRow(next)) node.remove();
    node = next;
  }
}

function isRow(node: Node | null): boolean {
  return node instanceof Element && !node.hasAttribute('virtualizer-sizer');
}
