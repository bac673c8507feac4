import { afterEach, describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { MeetingFilter } from "../lib/bindings/MeetingFilter";
import type { MeetingPage } from "../lib/bindings/MeetingPage";
import type { MeetingRow } from "../lib/bindings/MeetingRow";
import MeetingGrid from "../lib/components/MeetingGrid.svelte";
import { render, waitFor } from "./helpers";

function rows(offset: number, limit: number, total: number, prefix: string): MeetingPage {
  const out: MeetingRow[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) {
    out.push({
      key: `${prefix}-${i}`,
      title: `${prefix} meeting ${i}`,
      kind: "meeting",
      codes: [],
      start: "2021-06-24T11:00",
      end: "2021-06-24T12:00",
      timezone: "Europe/Brussels",
      status: "held",
      participants: 0,
      actions: 0,
      flashSent: true,
    });
  }
  return { rows: out, total };
}

afterEach(() => clearMocks());

describe("meetings grid", () => {
  it("sizes the scrollbar from the total, renders a window, fetches pages by offset as it scrolls", async () => {
    const asked: MeetingFilter[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "list_meetings") return null;
      const q = (args as { query: MeetingFilter }).query;
      asked.push(q);
      return rows(q.offset, q.limit, 100_000, "all");
    });
    const props = $state({ query: { flashPending: false, order: "desc" } as Omit<MeetingFilter, "limit" | "offset"> });
    const view = render(MeetingGrid, props);
    const grid = await waitFor(() => {
      const g = view.target.querySelector<HTMLElement>('[role="grid"]');
      return g && g.getAttribute("aria-rowcount") === "100001" ? g : null;
    });
    expect(asked.map((q) => [q.offset, q.limit])).toEqual([[0, 100]]);
    const body = view.target.querySelector<HTMLElement>(".vgrid-body")!;
    expect(body.style.height).toBe(`${100_000 * 44}px`);
    const rendered = view.target.querySelectorAll(".vgrid-body [role=row]");
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60); // a window, not 100,000 rows
    expect(rendered[0].textContent).toContain("all meeting 0");

    grid.scrollTop = 44 * 50_020;
    grid.dispatchEvent(new Event("scroll"));
    await waitFor(() => view.target.textContent?.includes("all meeting 50020"));
    expect(asked.map((q) => q.offset)).toEqual([0, 50_000]);
    expect(view.target.querySelector('[aria-rowindex="50022"]')).not.toBeNull();
    view.destroy();
  });

  it("starts again from the top on a new filter, sent once the old answer is in, which is dropped", async () => {
    let releaseOld: () => void = () => {};
    const asked: MeetingFilter[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "list_meetings") return null;
      const q = (args as { query: MeetingFilter }).query;
      asked.push(q);
      if (q.text === "dsa") return rows(q.offset, q.limit, 3, "dsa");
      // The unfiltered query answers late.
      return new Promise((resolve) => (releaseOld = () => resolve(rows(q.offset, q.limit, 500, "old"))));
    });
    const props = $state({ query: { flashPending: false, order: "desc" } as Omit<MeetingFilter, "limit" | "offset"> });
    const view = render(MeetingGrid, props);
    props.query = { flashPending: false, order: "desc", text: "dsa" };
    flushSync();
    await new Promise((r) => setTimeout(r, 20));
    expect(asked.map((q) => q.text ?? "")).toEqual([""]); // the new query waits for the old answer
    releaseOld();
    await waitFor(() => view.target.textContent?.includes("dsa meeting 2"));
    expect(asked.map((q) => q.text ?? "")).toEqual(["", "dsa"]);
    expect(view.target.textContent).not.toContain("old meeting");
    expect(view.target.querySelector('[role="grid"]')!.getAttribute("aria-rowcount")).toBe("4");
    view.destroy();
  });
});
