// The New meeting buttons keep their contrast on hover, in the light and the dark theme
// (WCAG AA: 4.5:1 for text), read from app.css itself.
import { describe, expect, it } from "vitest";

// The stylesheet as written. Vitest stubs CSS imports (`?raw` included), so it is read from disk
// with Node's fs, imported by a name TypeScript does not resolve: the UI's types are the browser's.
const fsName = "node:fs";
const { readFileSync } = (await import(/* @vite-ignore */ fsName)) as {
  readFileSync: (path: URL | string, encoding: "utf8") => string;
};
const { cwd } = (globalThis as unknown as { process: { cwd: () => string } }).process;
// `npm test` runs in ui/.
const css = readFileSync(`${cwd()}/src/app.css`, "utf8");

function block(start: string): string {
  // At the start of a line: `.button.primary {` is not `.sidebar .button.primary {`.
  const at = css.startsWith(start) ? 0 : css.indexOf(`\n${start}`) + 1;
  if (at <= 0 && !css.startsWith(start)) throw new Error(`app.css has no ${start}`);
  const open = css.indexOf("{", at + start.length - 1);
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === "{") depth++;
    else if (css[i] === "}" && --depth === 0) return css.slice(open + 1, i);
  }
  throw new Error(`unclosed ${start}`);
}

function vars(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** The declarations of the rule whose selector list is exactly `selector`'s (first match). */
function rule(selector: string): Record<string, string> {
  const body = block(`${selector} {`);
  return Object.fromEntries([...body.matchAll(/([\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const channel = (i: number) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const light = vars(block(":root {"));
const dark = { ...light, ...vars(block("@media (prefers-color-scheme: dark) {\n  :root {")) };
const resolve = (theme: Record<string, string>, value: string) =>
  value.replace(/var\(--([\w-]+)\)/g, (_, name: string) => theme[name]);

describe("contrast of the New meeting buttons (WCAG AA, 4.5:1)", () => {
  for (const [name, theme] of [
    ["light", light],
    ["dark", dark],
  ] as const) {
    it(`the view's primary button, at rest and on hover, in the ${name} theme`, () => {
      const rest = rule(".button.primary");
      const hover = rule(".button.primary:hover:not(:disabled)");
      const text = resolve(theme, rest.color);
      expect(contrast(text, resolve(theme, rest.background))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(text, resolve(theme, hover.background))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it("the sidebar's yellow button, whose hover outranks the generic one", () => {
    const rest = rule(".sidebar .button.primary");
    // More specific than `.button.primary:hover:not(:disabled)` (five classes and pseudo-classes
    // against four), so it wins wherever it stands in the file.
    const selector = ".sidebar .button.primary:hover:not(:disabled),\n.sidebar .button.primary:focus-visible";
    const hover = rule(selector);
    expect(contrast(rest.color, rest.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(hover.color, hover.background)).toBeGreaterThanOrEqual(4.5);
  });
});
