import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Meeting } from "../lib/bindings/Meeting";
import { getDraft, listDrafts } from "../lib/drafts";
import { app } from "../lib/state/app.svelte";
import { dialogs } from "../lib/state/dialogs.svelte";
import { router } from "../lib/state/router.svelte";
import MeetingEditor from "../lib/editor/MeetingEditor.svelte";
import Questions from "../lib/components/Questions.svelte";
import { directory, meeting, register } from "./fixtures";
import { allByLabel, byLabel, change, click, press, render, type, waitFor } from "./helpers";

let saved: Meeting[] = [];
let view: ReturnType<typeof render> | null = null;

function backend(onSave: (m: Meeting) => Meeting) {
  saved = [];
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case "get_meeting":
        return meeting();
      case "save_meeting": {
        const m = a.meeting as Meeting;
        saved.push(m);
        return onSave(m);
      }
      case "register_info":
        return register;
      default:
        return null;
    }
  });
}

async function open(): Promise<HTMLElement> {
  view = render(MeetingEditor, { key: "2021-06-24-it-companies" });
  await waitFor(() => document.querySelector("h1")?.textContent === "Exchange with IT companies");
  return view.target;
}

beforeEach(() => {
  localStorage.clear();
  app.register = register;
  app.directory = directory;
  app.codes = [];
  app.today = "2021-06-25";
});

afterEach(() => {
  view?.destroy();
  view = null;
  clearMocks();
});

describe("meeting editor", () => {
  it("shows the core's invalid end next to the End field after a rejected save", async () => {
    backend(() => {
      throw {
        kind: "invalid",
        field: "end",
        message: "end: the meeting must end after it starts (2021-06-24T10:00 is not after 2021-06-24T11:00)",
      };
    });
    await open();
    const end = byLabel<HTMLInputElement>("End");
    expect(end.value).toBe("2021-06-24 12:30");
    type(end, "2021-06-24 10:00");
    click(byLabel("Save meeting"));

    const alert = await waitFor(() => document.getElementById("meeting:end-error"));
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toBe("the meeting must end after it starts (2021-06-24T10:00 is not after 2021-06-24T11:00)");
    // Next to its field: in the same field block, right after the control.
    expect(alert.closest(".field")).toBe(end.closest(".field"));
    expect(end.getAttribute("aria-invalid")).toBe("true");
    expect(end.getAttribute("aria-describedby")?.split(" ")).toContain("meeting:end-error");
    expect(document.activeElement).toBe(end);
    // The field is on screen, so no summary at the top; the core got the typed time.
    expect(document.querySelector(".error-summary")).toBeNull();
    expect(saved[0].end).toBe("2021-06-24T10:00");
    // The edit is not lost: it is still in the field and kept as a draft.
    expect(end.value).toBe("2021-06-24 10:00");
    expect(getDraft("2021-06-24-it-companies")?.meeting.end).toBe("2021-06-24T10:00");

    // Correcting the field clears its error.
    type(end, "2021-06-24 13:00");
    expect(document.getElementById("meeting:end-error")).toBeNull();
    expect(end.hasAttribute("aria-invalid")).toBe(false);
  });

  it("puts an error on a nested point's text and summarises a record-level one", async () => {
    let answer: unknown = { kind: "invalid", field: "points[0].points[0].text", message: "points[0].points[0].text: must not be empty" };
    backend(() => {
      throw answer;
    });
    await open();
    click(byLabel("Save meeting"));
    const alert = await waitFor(() => document.getElementById("meeting:points[0].points[0].text-error"));
    expect(alert.textContent).toBe("must not be empty");
    const texts = allByLabel<HTMLTextAreaElement>("Point text");
    expect(texts[1].getAttribute("aria-invalid")).toBe("true");
    expect(texts[0].hasAttribute("aria-invalid")).toBe(false);

    answer = { kind: "io", message: "register.sqlite3: disk full" };
    click(byLabel("Save meeting"));
    const summary = await waitFor(() => document.querySelector(".error-summary"));
    expect(summary.textContent).toContain("register.sqlite3: disk full");
    await waitFor(() => document.activeElement === summary);
    expect(document.getElementById("meeting:points[0].points[0].text-error")).toBeNull();
  });

  it("keeps every change as a draft until the save, then clears it", async () => {
    backend((m) => ({ ...m, title: m.title.trim() }));
    await open();
    expect(listDrafts(register.path)).toEqual([]);
    type(byLabel<HTMLInputElement>("Title"), "Exchange with IT companies on the 6th monitoring ");
    expect(getDraft("2021-06-24-it-companies")?.meeting.title).toBe("Exchange with IT companies on the 6th monitoring ");
    expect(document.body.textContent).toContain("Unsaved changes");
    click(byLabel("Save meeting"));
    await waitFor(() => document.body.textContent?.includes("Saved"));
    expect(saved).toHaveLength(1);
    expect(getDraft("2021-06-24-it-companies")).toBeNull();
    // What the core stored is what the form now shows.
    expect(byLabel<HTMLInputElement>("Title").value).toBe("Exchange with IT companies on the 6th monitoring");
  });

  it("asks before leaving with unsaved changes, and stays when asked to", async () => {
    backend((m) => m);
    const host = render(Questions, {});
    await open();
    type(byLabel<HTMLInputElement>("Location"), "Dublin");
    const leaving = router.go({ name: "home" });
    const dialog = await waitFor(() => document.querySelector('[role="dialog"][aria-modal="true"]'));
    expect(dialog.textContent).toContain("Save the changes to “Exchange with IT companies” before leaving?");
    click(byLabel("Stay", dialog));
    expect(await leaving).toBe(false);
    expect(dialogs.questions).toHaveLength(0);
    expect(getDraft("2021-06-24-it-companies")?.meeting.location).toBe("Dublin");
    expect(router.route).toEqual({ name: "home" }); // where the router started: it did not move
    host.destroy();
  });

  it("edits the points as an outline from the keyboard", async () => {
    backend((m) => m);
    await open();
    click(byLabel("Add point"));
    let texts = allByLabel<HTMLTextAreaElement>("Point text");
    expect(texts).toHaveLength(3);
    const fresh = texts[2];
    await waitFor(() => document.activeElement === fresh);
    type(fresh, "Asked for a technical deep dive");
    press(fresh, "Enter");
    texts = allByLabel<HTMLTextAreaElement>("Point text");
    expect(texts).toHaveLength(4);
    await waitFor(() => document.activeElement === texts[3]);
    type(texts[3], "With JUST, before a formal dialogue");
    press(texts[3], "Tab");
    await waitFor(() => document.querySelectorAll(".point.reply").length === 2);
    const labels = [...document.querySelectorAll(".point-number")].map((n) => n.textContent);
    expect(labels).toEqual(["1", "1.1", "2", "2.1"]);
    // The new top-level point was made by the party of the point before it.
    const parties = allByLabel<HTMLSelectElement>("Party");
    expect(parties.map((s) => s.value)).toEqual(["youtube", "youtube"]);
    change(parties[1], "twitter");
    click(byLabel("Save meeting"));
    await waitFor(() => saved.length === 1);
    expect(saved[0].points[1]).toEqual({
      by: "twitter",
      text: "Asked for a technical deep dive",
      points: [{ text: "With JUST, before a formal dialogue", points: [] }],
    });
  });

  it("removes a point by its button or by Backspace when empty, its replies staying", async () => {
    backend((m) => m);
    await open();
    let texts = allByLabel<HTMLTextAreaElement>("Point text");
    expect(texts.map((t) => t.value)).toEqual(["Needs to improve cooperation with NGOs.", "Flags must be treated alike."]);
    click(allByLabel("Remove point")[0]);
    texts = allByLabel<HTMLTextAreaElement>("Point text");
    expect(texts.map((t) => t.value)).toEqual(["Flags must be treated alike."]);
    expect(document.querySelectorAll(".point.reply")).toHaveLength(0);
    const left = texts[0];
    await waitFor(() => document.activeElement === left);
    type(left, "");
    press(left, "Backspace");
    expect(allByLabel("Point text")).toHaveLength(0);
    await waitFor(() => document.activeElement === byLabel("Add point"));
  });

  it("adds an action with owners and a due date typed the European way", async () => {
    backend((m) => ({ ...m, actions: m.actions.map((a, i) => ({ ...a, key: a.key || `minted-${i}` })) }));
    await open();
    click(byLabel("Add action"));
    const titles = allByLabel<HTMLInputElement>("Action title");
    expect(titles).toHaveLength(2);
    type(titles[1], "Send the factsheet");
    const due = allByLabel<HTMLInputElement>("Due date")[1];
    type(due, "30/09/2021");
    change(due);
    expect(due.value).toBe("2021-09-30");
    type(allByLabel<HTMLInputElement>("Period as agreed")[1], "by end of September");
    const owner = allByLabel<HTMLInputElement>("Add owner")[1];
    type(owner, "busa");
    press(owner, "Enter");
    click(byLabel("Save meeting"));
    await waitFor(() => saved.length === 1);
    expect(saved[0].actions[1]).toEqual({
      key: "",
      title: "Send the factsheet",
      owners: ["busa"],
      due: "2021-09-30",
      duePeriod: "by end of September",
      status: "open",
      followUps: [],
    });
    await waitFor(() => document.body.textContent?.includes("Saved"));
  });
});
