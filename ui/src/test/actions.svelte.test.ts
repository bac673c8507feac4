import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { ActionRow } from "../lib/bindings/ActionRow";
import type { ActionStatus } from "../lib/bindings/ActionStatus";
import { app } from "../lib/state/app.svelte";
import { dialogs } from "../lib/state/dialogs.svelte";
import { router } from "../lib/state/router.svelte";
import { status } from "../lib/state/status.svelte";
import ActionItem from "../lib/components/ActionItem.svelte";
import Questions from "../lib/components/Questions.svelte";
import Toasts from "../lib/components/Toasts.svelte";
import { meeting, register } from "./fixtures";
import { byLabel, click, render, waitFor } from "./helpers";

let calls: [string, Record<string, unknown>][] = [];
let release: (() => void) | null = null;
let views: ReturnType<typeof render>[] = [];

function row(extra: Partial<ActionRow> = {}): ActionRow {
  return {
    key: "a-workshop",
    title: "Organise a workshop",
    meeting: "2021-06-24-it-companies",
    meetingTitle: "Exchange with IT companies",
    meetingStart: "2021-06-24T11:00",
    owners: [{ key: "youtube", name: "YouTube" }],
    due: "2021-11-30",
    duePeriod: "autumn 2021",
    dueBy: "2021-11-30",
    status: "open",
    overdue: false,
    followUps: 0,
    followUpMeetings: [],
    ...extra,
  };
}

/** The IPC: set_action_status waits for `release()` when `hold` is set. */
function backend(hold = false) {
  calls = [];
  mockIPC(async (cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "set_action_status" && hold) await new Promise<void>((r) => (release = r));
    if (cmd === "draft_follow_up") return { ...meeting(), key: "", title: "Follow-up: Organise a workshop", followUpOf: "a-workshop" };
    if (cmd === "get_meeting") return meeting();
    return null;
  });
}

function statuses(): ActionStatus[] {
  return calls.filter(([c]) => c === "set_action_status").map(([, a]) => a.status as ActionStatus);
}

function show(r: ActionRow, compact = false) {
  const view = render(ActionItem, { row: r, compact });
  views.push(view);
  return view.target;
}

beforeEach(() => {
  app.register = register;
  app.today = "2021-06-25";
});

afterEach(() => {
  for (const v of views) v.destroy();
  views = [];
  for (const t of status.toasts) status.dismissToast(t.id);
  release = null;
  clearMocks();
});

describe("an action's one-click changes", () => {
  it("sends one change for a double click, keeps the card in place shown done, and undoes it", async () => {
    backend(true);
    views.push(render(Toasts, {}));
    const card = show(row());
    const button = byLabel("Mark done", card);
    click(button);
    click(button); // the second click of a double click, while the first is on its way
    await waitFor(() => release);
    expect(statuses()).toEqual(["done"]);
    release?.();
    await waitFor(() => card.querySelector(".action-item.closed"));
    // Same button, same place: it says what was done and does nothing more.
    expect(button.isConnected).toBe(true);
    expect(button.textContent).toBe("✓ Marked done");
    expect(button.getAttribute("aria-disabled")).toBe("true");
    click(button);
    expect(statuses()).toEqual(["done"]);
    // The toast offers Undo, which restores the previous status.
    const toast = await waitFor(() => document.querySelector(".toast"));
    expect(toast.textContent).toContain("Marked done: Organise a workshop");
    const undo = byLabel("Undo", toast);
    expect(undo.getAttribute("aria-keyshortcuts")).toBe("Control+Z");
    click(undo);
    await waitFor(() => release);
    release?.();
    await waitFor(() => !card.querySelector(".action-item.closed"));
    expect(statuses()).toEqual(["done", "open"]);
    await waitFor(() => !document.querySelector(".toast"));
  });

  it("keeps the board's buttons where they were after a change", async () => {
    backend();
    const card = show(row({ status: "in-progress" }), true);
    const labels = () => [...card.querySelectorAll(".action-buttons button")].map((b) => b.textContent?.trim());
    expect(labels()).toEqual(["Mark done", "Back to open", "Drop", "Notes (0)", "Schedule follow-up"]);
    click(byLabel("Drop", card));
    await waitFor(() => statuses().length === 1);
    await waitFor(() => labels()[2] === "✓ Dropped");
    expect(labels()).toEqual(["Mark done", "Back to open", "✓ Dropped", "Notes (0)", "Schedule follow-up"]);
    expect(card.textContent).toContain("Dropped");
  });

  it("undoes the latest change with Ctrl+Z outside a text field", async () => {
    backend();
    views.push(render(Toasts, {}));
    const card = show(row());
    click(byLabel("Mark done", card));
    await waitFor(() => document.querySelector(".toast"));
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "z", ctrlKey: true, bubbles: true, cancelable: true }));
    await waitFor(() => statuses().length === 2);
    expect(statuses()).toEqual(["done", "open"]);
  });
});

describe("a follow-up meeting", () => {
  it("opens a pre-filled draft in the editor, stores nothing", async () => {
    backend();
    const card = show(row());
    click(byLabel("Schedule follow-up", card));
    await waitFor(() => router.route.name === "meeting");
    const route = router.route as { name: "meeting"; key: string; draft?: { meeting: { title: string } } };
    expect(route.key).toBe("");
    expect(route.draft?.meeting.title).toBe("Follow-up: Organise a workshop");
    expect(calls.map(([c]) => c)).toEqual(["draft_follow_up"]);
  });

  it("links the planned ones and offers to open one rather than plan another", async () => {
    backend();
    views.push(render(Questions, {}));
    const planned = { key: "2021-12-01-follow-up", title: "Follow-up: Organise a workshop", start: "2021-12-01T10:00", status: "planned" as const };
    const card = show(row({ followUpMeetings: [planned] }));
    expect(card.textContent).toContain("1 Dec 2021 10:00");
    expect(card.textContent).not.toContain("T10:00");
    click(byLabel("Schedule follow-up", card));
    const dialog = await waitFor(() => document.querySelector('[role="dialog"]'));
    expect(dialog.textContent).toContain("already has a follow-up meeting planned");
    click(byLabel("Open Follow-up: Organise a workshop", dialog));
    await waitFor(() => router.route.name === "meeting" && (router.route as { key: string }).key === planned.key);
    expect(calls.map(([c]) => c)).toEqual([]);
    expect(dialogs.questions).toHaveLength(0);
  });
});

describe("an action's notes", () => {
  it("opens with the focus in the note field; Enter there adds the note and nothing else", async () => {
    backend();
    const card = show(row());
    click(byLabel("Notes (0)", card));
    const field = await waitFor(() => card.querySelector<HTMLInputElement>('input[placeholder="New follow-up note"]'));
    await waitFor(() => document.activeElement === field);
    field.value = "Called them";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.form?.requestSubmit();
    await waitFor(() => calls.some(([c]) => c === "add_follow_up"));
    await waitFor(() => card.textContent?.includes("Notes (1)"));
    expect(calls.filter(([c]) => c !== "get_meeting").map(([c]) => c)).toEqual(["add_follow_up"]);
  });
});
