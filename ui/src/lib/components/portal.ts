/** Moves the element to the end of <body>, out of the (inert) window behind a dialog. */
export function portal(node: HTMLElement): { destroy(): void } {
  document.body.appendChild(node);
  return {
    destroy() {
      node.remove();
    },
  };
}
