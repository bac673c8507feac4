// Helpers for component tests: mount into jsdom, wait for the DOM, find controls by label.
import { flushSync, mount, unmount, type Component } from "svelte";

export async function waitFor<T>(find: () => T | null | undefined | false, timeout = 2000): Promise<T> {
  const start = Date.now();
  for (;;) {
    flushSync();
    const found = find();
    if (found) return found;
    if (Date.now() - start > timeout) throw new Error(`waitFor: nothing after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function render<Props extends Record<string, unknown>>(component: Component<Props>, props: Props) {
  const target = document.createElement("div");
  document.body.appendChild(target);
  const instance = mount(component, { target, props });
  flushSync();
  return {
    target,
    destroy() {
      unmount(instance);
      target.remove();
    },
  };
}

/** The accessible name the e2e harness uses: aria-label, <label for>, or the text of a button. */
export function nameOf(el: Element): string {
  const norm = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
  if (el.hasAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length) return norm([...labels].map((l) => l.textContent).join(" "));
  return norm(el.textContent);
}

export function byLabel<T extends HTMLElement = HTMLElement>(label: string, root: ParentNode = document): T {
  const found = [...root.querySelectorAll<HTMLElement>("input, textarea, select, button, [aria-label]")].filter(
    (e) => nameOf(e) === label,
  );
  if (!found.length) throw new Error(`no control labelled "${label}"`);
  return found[0] as T;
}

export function allByLabel<T extends HTMLElement = HTMLElement>(label: string, root: ParentNode = document): T[] {
  return [...root.querySelectorAll<HTMLElement>("input, textarea, select, button, [aria-label]")].filter(
    (e) => nameOf(e) === label,
  ) as T[];
}

export function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

export function change(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value?: string) {
  if (value !== undefined) el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
  flushSync();
}

export function press(el: HTMLElement, key: string, init: KeyboardEventInit = {}) {
  el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
  flushSync();
}

export function click(el: HTMLElement) {
  el.click();
  flushSync();
}
