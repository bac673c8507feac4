// The arithmetic of a virtualised list of fixed-height rows over a paged source, and the
// page cache behind it. The list shows rows [first, last) of `total`; only the pages holding
// them are fetched, each once; a response that belongs to an older query (the filter changed
// while it was on its way) is dropped.

export interface Window {
  /** First row rendered. */
  first: number;
  /** One past the last row rendered. */
  last: number;
}

/** The rows to render for a scroll position: those in the viewport plus `overscan` rows
 * either side, clamped to [0, total). */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number,
): Window {
  if (total <= 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight));
  const bottom = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const first = Math.min(Math.max(0, top - overscan), total);
  const last = Math.min(total, Math.max(first, bottom + overscan));
  return { first, last };
}

/** The page indexes holding rows [first, last). */
export function pagesFor(first: number, last: number, pageSize: number): number[] {
  if (last <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((last - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The scroll position that brings row `index` into view, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}

export interface Page<Row> {
  rows: Row[];
  total: number;
}

export type FetchPage<Row> = (offset: number, limit: number) => Promise<Page<Row>>;

export interface PagedRowsOptions {
  pageSize?: number;
  /** Pages kept in memory; the farthest from the last window asked for go first. */
  maxPages?: number;
  onChange?: () => void;
  onError?: (error: unknown) => void;
}

/** The pages of one query, fetched on demand. `reset(fetch)` starts a new query: whatever
 * the previous one still has on its way is dropped when it arrives.
 *
 * Queries go one at a time: a new query waits until the answers of the older ones on their way
 * are in, and a query replaced while it waited is never sent. Typing into a search box thus
 * never stacks requests in the core (which answers one at a time): the last keystroke's query
 * waits for at most one other. */
export class PagedRows<Row> {
  readonly pageSize: number;
  readonly maxPages: number;
  /** Rows matching the query; null until the first page arrived. */
  total: number | null = null;
  private generation = 0;
  private fetch: FetchPage<Row>;
  private pages = new Map<number, Row[]>();
  private pending = new Set<number>();
  /** Fetches on their way, of any query. */
  private inflight = new Set<Promise<unknown>>();
  /** Settles when the fetches of older queries that were on their way at the last reset are
   * in; null when there were none (then a fetch goes at once). */
  private older: Promise<unknown> | null = null;
  private lastWanted: number[] = [];
  private readonly onChange: () => void;
  private readonly onError: (error: unknown) => void;

  constructor(fetch: FetchPage<Row>, options: PagedRowsOptions = {}) {
    this.fetch = fetch;
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = Math.max(2, options.maxPages ?? 40);
    this.onChange = options.onChange ?? (() => {});
    this.onError = options.onError ?? (() => {});
  }

  /** A new query (or the same one, refreshed): the cache is emptied, late answers dropped. */
  reset(fetch: FetchPage<Row> = this.fetch, keepTotal = false): void {
    this.generation++;
    this.older = this.inflight.size ? Promise.allSettled([...this.inflight]) : null;
    this.fetch = fetch;
    this.pages.clear();
    this.pending.clear();
    if (!keepTotal) this.total = null;
    this.onChange();
  }

  /** The row at `index`, or undefined while its page is not there. */
  row(index: number): Row | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  hasPage(page: number): boolean {
    return this.pages.has(page);
  }

  /** Fetches the pages of rows [first, last) not yet held or on their way. Before the total is
   * known, the first page is fetched whatever the window. Resolves when those fetches end. */
  async ensure(first: number, last: number): Promise<void> {
    const wanted = this.total === null ? [Math.floor(first / this.pageSize)] : pagesFor(first, last, this.pageSize);
    this.lastWanted = wanted;
    const missing = wanted.filter((p) => !this.pages.has(p) && !this.pending.has(p));
    await Promise.all(missing.map((p) => this.load(p)));
  }

  private async load(page: number): Promise<void> {
    const generation = this.generation;
    this.pending.add(page);
    try {
      if (this.older) {
        await this.older;
        if (generation !== this.generation) return; // replaced while it waited: never sent
      }
      const request = this.fetch(page * this.pageSize, this.pageSize);
      this.inflight.add(request);
      const result = await request.finally(() => this.inflight.delete(request));
      if (generation !== this.generation) return; // an answer to an older query
      this.pages.set(page, result.rows);
      this.total = result.total;
      this.evict();
      this.onChange();
    } catch (error) {
      if (generation === this.generation) this.onError(error);
    } finally {
      if (generation === this.generation) this.pending.delete(page);
    }
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const centre = this.lastWanted.length ? this.lastWanted[0] : 0;
    const byDistance = [...this.pages.keys()]
      .filter((p) => !this.lastWanted.includes(p))
      .sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    while (this.pages.size > this.maxPages && byDistance.length) this.pages.delete(byDistance.shift()!);
  }
}

/** Keeps only the answer to the latest request: `latest.run(promise)` resolves to
 * `{ current: true, value }` for the newest call and `{ current: false }` for any older one (its failure too). */
export class Latest {
  private counter = 0;

  async run<T>(request: Promise<T>): Promise<{ current: true; value: T } | { current: false }> {
    const id = ++this.counter;
    try {
      const value = await request;
      return id === this.counter ? { current: true, value } : { current: false };
    } catch (error) {
      if (id !== this.counter) return { current: false }; // a failure nobody waits for any more
      throw error;
    }
  }

  /** Makes every request on its way stale. */
  invalidate(): void {
    this.counter++;
  }
}

/** Requests one at a time, for a box that queries as the user types: while one is on its way,
 * a new one waits for it, and one replaced while it waited is never sent. `run(start)`
 * resolves like `Latest.run`: `current` only for the newest call. */
export class OneAtATime {
  private counter = 0;
  private running: Promise<unknown> | null = null;

  async run<T>(start: () => Promise<T>): Promise<{ current: true; value: T } | { current: false }> {
    const id = ++this.counter;
    while (this.running) {
      await this.running.catch(() => {});
      if (id !== this.counter) return { current: false }; // replaced while it waited: never sent
    }
    const request = start();
    this.running = request;
    try {
      const value = await request;
      return id === this.counter ? { current: true, value } : { current: false };
    } catch (error) {
      if (id !== this.counter) return { current: false };
      throw error;
    } finally {
      if (this.running === request) this.running = null;
    }
  }

  /** Makes every request on its way or waiting stale. */
  invalidate(): void {
    this.counter++;
  }
}
