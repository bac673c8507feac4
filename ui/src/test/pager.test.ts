import { describe, expect, it, vi } from "vitest";
import { Latest, OneAtATime, PagedRows, pagesFor, scrollToReveal, visibleWindow } from "../lib/pager";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("virtual list arithmetic", () => {
  it("renders the rows in sight plus the overscan, clamped", () => {
    expect(visibleWindow(0, 440, 44, 100_000, 10)).toEqual({ first: 0, last: 20 });
    expect(visibleWindow(44_000, 440, 44, 100_000, 10)).toEqual({ first: 990, last: 1020 });
    expect(visibleWindow(44 * 99_995, 440, 44, 100_000, 10)).toEqual({ first: 99_985, last: 100_000 });
    expect(visibleWindow(0, 440, 44, 0, 10)).toEqual({ first: 0, last: 0 });
    expect(visibleWindow(-50, 440, 44, 5, 10)).toEqual({ first: 0, last: 5 });
  });

  it("fetches the pages holding a window", () => {
    expect(pagesFor(0, 20, 100)).toEqual([0]);
    expect(pagesFor(990, 1020, 100)).toEqual([9, 10]);
    expect(pagesFor(99_985, 100_000, 100)).toEqual([999]);
    expect(pagesFor(100, 100, 100)).toEqual([]);
    expect(pagesFor(99, 101, 100)).toEqual([0, 1]);
  });

  it("scrolls just enough to reveal a row", () => {
    expect(scrollToReveal(5, 0, 440, 44)).toBeNull();
    expect(scrollToReveal(20, 0, 440, 44)).toBe(21 * 44 - 440);
    expect(scrollToReveal(2, 400, 440, 44)).toBe(88);
  });
});

describe("PagedRows", () => {
  it("fetches each page once, by offset, and knows the total", async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => ({
      rows: Array.from({ length: limit }, (_, i) => offset + i),
      total: 100_000,
    }));
    const rows = new PagedRows<number>(fetch, { pageSize: 100 });
    await rows.ensure(0, 20);
    expect(fetch).toHaveBeenCalledWith(0, 100);
    expect(rows.total).toBe(100_000);
    await rows.ensure(150, 260);
    await rows.ensure(150, 260);
    expect(fetch.mock.calls).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
    expect(rows.row(257)).toBe(257);
    expect(rows.row(5000)).toBeUndefined();
  });

  it("asks only for the first page while the total is unknown", async () => {
    const fetch = vi.fn(async (offset: number) => ({ rows: [offset], total: 1 }));
    const rows = new PagedRows<number>(fetch, { pageSize: 100 });
    await rows.ensure(0, 5000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("drops the answer to a query that was replaced while on its way", async () => {
    const old = deferred<{ rows: string[]; total: number }>();
    const rows = new PagedRows<string>(() => old.promise, { pageSize: 2 });
    const first = rows.ensure(0, 2);
    rows.reset(async () => ({ rows: ["new-0", "new-1"], total: 2 }));
    const second = rows.ensure(0, 2);
    old.resolve({ rows: ["old-0", "old-1"], total: 500 });
    await Promise.all([first, second]);
    expect(rows.row(0)).toBe("new-0");
    expect(rows.total).toBe(2);
  });

  it("sends one query at a time and skips those replaced while they waited", async () => {
    const answers: ReturnType<typeof deferred<{ rows: string[]; total: number }>>[] = [];
    const sent: string[] = [];
    const query = (name: string) => (offset: number) => {
      sent.push(`${name}@${offset}`);
      const d = deferred<{ rows: string[]; total: number }>();
      answers.push(d);
      return d.promise;
    };
    const rows = new PagedRows<string>(query("t"), { pageSize: 2 });
    const waits = [rows.ensure(0, 2)];
    for (const name of ["tr", "tru", "trus"]) {
      rows.reset(query(name));
      waits.push(rows.ensure(0, 2));
    }
    await flush();
    expect(sent).toEqual(["t@0"]); // the others wait for the answer on its way
    answers[0].resolve({ rows: ["t-0", "t-1"], total: 9 });
    await flush();
    expect(sent).toEqual(["t@0", "trus@0"]); // "tr" and "tru" were replaced before their turn
    answers[1].resolve({ rows: ["trus-0", "trus-1"], total: 3 });
    await Promise.all(waits);
    expect(rows.row(0)).toBe("trus-0");
    expect(rows.total).toBe(3);
    // Pages of one query do not wait for each other.
    rows.reset(query("trust"));
    const top = rows.ensure(0, 2);
    answers[2].resolve({ rows: ["a", "b"], total: 6 });
    await top;
    const more = rows.ensure(0, 6);
    await flush();
    expect(sent.slice(2)).toEqual(["trust@0", "trust@2", "trust@4"]);
    answers[3].resolve({ rows: ["c", "d"], total: 6 });
    answers[4].resolve({ rows: ["e", "f"], total: 6 });
    await more;
    expect(rows.row(5)).toBe("f");
  });

  it("does not report a failure of a replaced query, and retries a failed page", async () => {
    const onError = vi.fn();
    const old = deferred<{ rows: number[]; total: number }>();
    const rows = new PagedRows<number>(() => old.promise, { pageSize: 10, onError });
    const first = rows.ensure(0, 10);
    let fail = true;
    rows.reset(async (offset) => {
      if (fail) throw new Error("busy");
      return { rows: [offset], total: 1 };
    });
    old.reject(new Error("stale"));
    await first;
    expect(onError).not.toHaveBeenCalled();
    await rows.ensure(0, 10);
    expect(onError).toHaveBeenCalledTimes(1);
    fail = false;
    await rows.ensure(0, 10);
    expect(rows.row(0)).toBe(0);
  });

  it("keeps a bounded number of pages, dropping the farthest", async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => ({ rows: Array(limit).fill(offset), total: 1_000_000 }));
    const rows = new PagedRows<number>(fetch, { pageSize: 10, maxPages: 3 });
    await rows.ensure(0, 10);
    for (const page of [1, 2, 3, 50]) await rows.ensure(page * 10, page * 10 + 10);
    expect(rows.hasPage(50)).toBe(true);
    expect(rows.hasPage(0)).toBe(false);
    expect([0, 1, 2, 3, 50].filter((p) => rows.hasPage(p)).length).toBe(3);
  });

  it("notifies on every page that arrives", async () => {
    const onChange = vi.fn();
    const rows = new PagedRows<number>(async () => ({ rows: [1], total: 1 }), { onChange });
    await rows.ensure(0, 1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe("Latest and OneAtATime", () => {
  it("keeps only the newest answer", async () => {
    const latest = new Latest();
    const slow = deferred<string>();
    const a = latest.run(slow.promise);
    const b = latest.run(Promise.resolve("fresh"));
    slow.resolve("stale");
    expect(await b).toEqual({ current: true, value: "fresh" });
    expect(await a).toEqual({ current: false });
  });

  it("swallows the failure of a stale request but not of the newest", async () => {
    const latest = new Latest();
    const slow = deferred<string>();
    const a = latest.run(slow.promise);
    latest.invalidate();
    slow.reject(new Error("late"));
    expect(await a).toEqual({ current: false });
    await expect(latest.run(Promise.reject(new Error("now")))).rejects.toThrow("now");
  });

  it("sends one request at a time, skipping those replaced while they waited", async () => {
    const one = new OneAtATime();
    const sent: string[] = [];
    const slow = deferred<string>();
    const request = (name: string, answer: Promise<string>) => () => {
      sent.push(name);
      return answer;
    };
    const a = one.run(request("t", slow.promise));
    const b = one.run(request("tr", Promise.resolve("tr")));
    const c = one.run(request("tru", Promise.resolve("tru")));
    await flush();
    expect(sent).toEqual(["t"]);
    slow.resolve("t");
    expect(await c).toEqual({ current: true, value: "tru" });
    expect(await a).toEqual({ current: false });
    expect(await b).toEqual({ current: false });
    expect(sent).toEqual(["t", "tru"]);
    // Idle: a request goes at once; a failure of the newest is the caller's.
    await expect(one.run(request("x", Promise.reject(new Error("now"))))).rejects.toThrow("now");
    one.invalidate();
    expect(await one.run(request("y", Promise.resolve("y")))).toEqual({ current: true, value: "y" });
  });
});
