// Where a popup (a date picker, a list of choices) opens beside the control it belongs to:
// below it when it fits, above it when there is no room below and more above, and always
// inside the window. Pure arithmetic, plus an action that keeps a `position: fixed` popup in
// place while the page scrolls or the window is resized.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** True when a popup `height` px high should open above `anchor` in a window `viewportHeight`
 * px high: it does not fit below, and there is more room above than below. */
export function opensUpward(anchor: Box, height: number, viewportHeight: number, gap = 2): boolean {
  const below = viewportHeight - anchor.bottom - gap;
  const above = anchor.top - gap;
  return height > below && above > below;
}

/** The top-left corner of a popup of `size` for `anchor`: under it (or over it, see
 * `opensUpward`), its left edge on the anchor's, moved left or down/up as needed to stay inside
 * the viewport. */
export function placePopup(
  anchor: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  gap = 2,
): { left: number; top: number; up: boolean } {
  const up = opensUpward(anchor, size.height, viewport.height, gap);
  const top = up ? Math.max(0, anchor.top - gap - size.height) : anchor.bottom + gap;
  const left = Math.max(0, Math.min(anchor.left, viewport.width - size.width));
  return { left, top, up };
}

/** Svelte action for a `position: fixed` popup: placed for `anchor` at once and again on every
 * scroll (of any scroller) and resize, with `data-side="above"|"below"`. */
export function anchored(node: HTMLElement, anchor: HTMLElement): { update(next: HTMLElement): void; destroy(): void } {
  let target = anchor;
  function place() {
    const { left, top, up } = placePopup(
      target.getBoundingClientRect(),
      { width: node.offsetWidth, height: node.offsetHeight },
      { width: window.innerWidth, height: window.innerHeight },
    );
    node.style.left = `${left}px`;
    node.style.top = `${top}px`;
    node.dataset.side = up ? "above" : "below";
  }
  place();
  window.addEventListener("scroll", place, true);
  window.addEventListener("resize", place);
  return {
    update(next: HTMLElement) {
      target = next;
      place();
    },
    destroy() {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    },
  };
}

/** Calls `onoutside` on a mouse press outside `node` and outside `also` (the control that opened
 * it, whose own click toggles the popup). Returns the removal. */
export function onPressOutside(node: HTMLElement, also: () => (HTMLElement | undefined)[], onoutside: () => void): () => void {
  function down(event: MouseEvent) {
    const target = event.target as Node | null;
    if (!target || node.contains(target)) return;
    if (also().some((el) => el?.contains(target))) return;
    onoutside();
  }
  window.addEventListener("mousedown", down, true);
  return () => window.removeEventListener("mousedown", down, true);
}
