// Numbers as the window shows them.

const COUNT = new Intl.NumberFormat("en-GB");

/** A count of records with thousands separated as in British English: `2723` → `2,723`. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}
