import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { ActionFilter } from "../lib/bindings/ActionFilter";
import type { ActionRow } from "../lib/bindings/ActionRow";
import type { HomeView } from "../lib/bindings/HomeView";
import { app } from "../lib/state/app.svelte";
import { router } from "../lib/state/router.svelte";
import ActionsView from "../lib/views/ActionsView.svelte";
import HomeViewComponent from "../lib/views/HomeView.svelte";
import { render, waitFor } from "./helpers";

function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll("button")].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

function action(i: number, due: string): ActionRow {
  return {
    key: `a-${i}`,
    title: `Action ${i}`,
    meeting: "2021-06-24-it-companies",
    meetingTitle: "Exchange with IT companies",
    meetingStart: "2021-06-24T11:00",
    owners: [{ key: "youtube", name: "YouTube" }],
    due,
    status: "open",
    overdue: due < "2026-11-23",
    followUps: 0,
    followUpMeetings: [],
  };
}

afterEach(async () => {
  clearMocks();
  await router.go({ name: "home" }, { force: true });
});

describe("home view", () => {
  it("counts every item of a long list, shows the first ones and links to the whole list", async () => {
    const home: HomeView = {
      today: "2026-11-23",
      upcoming: [],
      upcomingTotal: 0,
      overdue: Array.from({ length: 25 }, (_, i) => action(i, "2026-01-10")),
      overdueTotal: 1234,
      dueSoon: [action(100, "2026-11-25")],
      dueSoonTotal: 1,
      flashPending: [],
      flashPendingTotal: 0,
      transparency: { late: [], lateTotal: 0, dueSoon: [], dueSoonTotal: 0 },
    };
    mockIPC((cmd) => (cmd === "home" ? home : null));
    const view = render(HomeViewComponent, {});
    const panel = await waitFor(() => view.target.querySelector('[aria-labelledby="home-overdue"]'));
    expect(panel.querySelector(".count")?.textContent).toBe("1,234");
    expect(panel.querySelectorAll("li")).toHaveLength(25);
    const due = view.target.querySelector('[aria-labelledby="home-due"]')!;
    expect(due.querySelector(".count")?.textContent).toBe("1");
    expect(due.textContent).not.toContain("All 1 actions"); // no link when the list is whole

    button(panel, "All 1,234 overdue actions").click();
    await waitFor(() => router.route.name === "actions");
    expect(router.route).toEqual({ name: "actions", preset: { due: "overdue" } });
    view.destroy();
  });
});

describe("actions view", () => {
  it("says how many actions match, pages with Show more, and asks for the due window chosen", async () => {
    app.today = "2026-11-23";
    const asked: ActionFilter[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "list_actions") return null;
      const q = (args as { query: ActionFilter }).query;
      asked.push(q);
      const total = q.dueFrom ? 3 : 150;
      const rows = Array.from({ length: Math.max(0, Math.min(q.limit, total - q.offset)) }, (_, i) =>
        action(q.offset + i, "2026-11-25"),
      );
      return { rows, total };
    });
    const view = render(ActionsView, { preset: { due: "overdue" } });
    const summary = () => view.target.querySelector('[role="status"]')?.textContent?.trim();
    await waitFor(() => summary() === "150 actions, 100 shown");
    expect(asked[0]).toMatchObject({ overdue: true, open: true, offset: 0 });

    // Found by text: jsdom's label lookup over a hundred rows is slow.
    button(view.target, "Show more").click();
    await waitFor(() => summary() === "150 actions");
    expect(asked[1]).toMatchObject({ offset: 100 });
    expect(view.target.textContent).not.toContain("Show more");

    const due = view.target.querySelector<HTMLSelectElement>("#actions-due")!;
    expect(view.target.querySelector('label[for="actions-due"]')?.textContent).toBe("Due");
    due.value = "week";
    due.dispatchEvent(new Event("change"));
    await waitFor(() => summary() === "3 actions");
    expect(asked.at(-1)).toMatchObject({ overdue: false, dueFrom: "2026-11-23", dueBy: "2026-11-30", offset: 0 });
    view.destroy();
  });
});
