import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Meeting } from "../lib/bindings/Meeting";
import type { MeetingSave } from "../lib/bindings/MeetingSave";
import { getDraft, listDrafts } from "../lib/drafts";
import { app } from "../lib/state/app.svelte";
import { dialogs } from "../lib/state/dialogs.svelte";
import { router } from "../lib/state/router.svelte";
import MeetingEditor from "../lib/editor/MeetingEditor.svelte";
import Questions from "../lib/components/Questions.svelte";
import { directory, meeting, register } from "./fixtures";
import { allByLabel, byLabel, change, click, press, render, type, waitFor } from "./helpers";

let saved: Meeting[] = [];
let sentSaves: MeetingSave[] = [];
let view: ReturnType<typeof render> | null = null;

function backend(onSave: (m: Meeting) => Meeting) {
  saved = [];
  sentSaves = [];
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>;
    switch (cmd) {
      case "get_meeting":
        return meeting();
      case "save_meeting": {
        const save = a.save as MeetingSave;
        saved.push(save.meeting);
        sentSaves.push(save);
        return onSave(save.meeting);
      }
      case "register_info":
        return register;
      case "directory":
        return directory;
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
    // Times in messages are written as people read them, never with a `T`.
    expect(alert.textContent).toBe("the meeting must end after it starts (24 Jun 2021 10:00 is not after 24 Jun 2021 11:00)");
    // Next to its field: in the same field block, right after the control.
    expect(alert.closest(".field")).toBe(end.closest(".field"));
    expect(end.getAttribute("aria-invalid")).toBe("true");
    expect(end.getAttribute("aria-describedby")?.split(" ")).toContain("meeting:end-error");
    // The summary at the top lists it too, has the focus, and its link goes to the field.
    const summary = await waitFor(() => document.querySelector<HTMLElement>(".error-summary"));
    expect(document.activeElement).toBe(summary);
    expect(summary.textContent).toContain("End:");
    click(byLabel("End: the meeting must end after it starts (24 Jun 2021 10:00 is not after 24 Jun 2021 11:00)", summary));
    expect(document.activeElement).toBe(end);
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

  it("marks every problem of one save at once, and a blur does not drop one", async () => {
    backend(() => {
      throw {
        kind: "invalid",
        field: "actions[0].title",
        message: "actions[0].title: must not be empty (and 1 more problem)",
        problems: [
          { field: "actions[0].title", message: "must not be empty" },
          { field: "actions[0].due", message: '"2021-02-30" is not a date: February 2021 has 28 days' },
        ],
      };
    });
    await open();
    const due = byLabel<HTMLInputElement>("Due date");
    due.focus();
    type(due, "2021-02-30");
    click(byLabel("Save meeting"));
    const summary = await waitFor(() => document.querySelector<HTMLElement>(".error-summary"));
    await waitFor(() => document.activeElement === summary);
    // The due date field lost the focus to the summary, and sent its change event: still marked.
    change(due);
    expect(document.getElementById("meeting:actions[0].title-error")?.textContent).toBe("must not be empty");
    expect(document.getElementById("meeting:actions[0].due-error")?.textContent).toContain("February 2021 has 28 days");
    expect(byLabel("Action title").getAttribute("aria-invalid")).toBe("true");
    expect(due.getAttribute("aria-invalid")).toBe("true");
    expect(summary.querySelectorAll("li")).toHaveLength(2);
    expect(summary.textContent).toContain("please correct these 2 problems");
    // Typing in one field drops its problem only.
    type(due, "2021-02-28");
    expect(document.getElementById("meeting:actions[0].due-error")).toBeNull();
    expect(document.getElementById("meeting:actions[0].title-error")).not.toBeNull();
  });

  it("keeps a person created here as new, sends it with the meeting, and shows its problems in its row", async () => {
    let answer: "refuse" | "store" = "refuse";
    backend((m) => {
      if (answer === "refuse") {
        throw {
          kind: "invalid",
          field: "newPeople[0].email",
          message: "newPeople[0].email: is not an e-mail address",
          problems: [{ field: "newPeople[0].email", message: '"ana.example" is not an e-mail address' }],
        };
      }
      return {
        ...m,
        participants: m.participants.map((p) => (p.person === "new-person-1" ? { ...p, person: "ana-lopez" } : p)),
      };
    });
    await open();
    click(byLabel("New person…"));
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    expect(dialog.textContent).toContain("As written in running text: Lucrezia Busa");
    expect(dialog.textContent).toContain("For the address-book form BUSA Lucrezia: Busa");
    type(byLabel<HTMLInputElement>("Name", dialog), "Ana Lopez");
    type(byLabel<HTMLInputElement>("E-mail", dialog), "ana.example");
    click(byLabel("Add person", dialog));
    await waitFor(() => !document.querySelector('[role="dialog"]'));
    const row = [...document.querySelectorAll("table.participants tbody tr")].find((r) => r.textContent?.includes("Ana Lopez"));
    expect(row?.querySelector(".new-badge")?.textContent).toBe("new");
    // Kept with the draft of the meeting, in case the window closes before the save.
    expect(getDraft("2021-06-24-it-companies")?.newPeople?.[0]).toMatchObject({ key: "new-person-1", name: "Ana Lopez" });

    click(byLabel("Save meeting"));
    await waitFor(() => sentSaves.length === 1);
    expect(sentSaves[0].newPeople).toEqual([{ key: "new-person-1", name: "Ana Lopez", email: "ana.example", public: false }]);
    expect(sentSaves[0].meeting.participants.map((p) => p.person)).toContain("new-person-1");
    const problems = await waitFor(() => document.querySelector(".field-error-list"));
    expect(problems.textContent).toBe('E-mail: "ana.example" is not an e-mail address');
    const summary = await waitFor(() => document.querySelector(".error-summary"));
    expect(summary.textContent).toContain("New person “Ana Lopez”, E-mail:");

    // Corrected in its dialog, which shows the problem at its field; then stored.
    click(byLabel("Ana Lopez"));
    const again = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    const email = byLabel<HTMLInputElement>("E-mail", again);
    await waitFor(() => email.getAttribute("aria-invalid") === "true");
    type(email, "ana@example.org");
    click(byLabel("Keep changes", again));
    await waitFor(() => !document.querySelector('[role="dialog"]'));
    answer = "store";
    click(byLabel("Save meeting"));
    await waitFor(() => sentSaves.length === 2);
    expect(sentSaves[1].newPeople[0].email).toBe("ana@example.org");
    await waitFor(() => !document.querySelector(".new-badge"));
  });

  it("shows the answer to the invitation only while the meeting is planned", async () => {
    backend((m) => m);
    await open();
    // The fixture's meeting is held: attendance, no answer.
    expect(allByLabel("Answer of Lucrezia Busa")).toHaveLength(0);
    expect(byLabel("Attendance of Lucrezia Busa")).toBeTruthy();
    change(byLabel<HTMLSelectElement>("Status"), "planned");
    await waitFor(() => allByLabel("Answer of Lucrezia Busa").length === 1);
  });

  it("outdents with Shift+Tab as WebKitGTK sends it, and puts a point's text before its party", async () => {
    backend((m) => m);
    await open();
    const reply = allByLabel<HTMLTextAreaElement>("Point text")[1];
    // The text field of a point comes before its party select in the document, so in tab order.
    const party = allByLabel<HTMLSelectElement>("Reply by")[0];
    expect(reply.compareDocumentPosition(party) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    for (const b of document.querySelectorAll(".point-buttons button")) expect(b.getAttribute("tabindex")).toBe("-1");
    expect(byLabel("Move point up").getAttribute("title")).toContain("Alt+↑");
    expect(byLabel("Remove point").getAttribute("title")).toContain("Ctrl+Shift+Delete");
    press(reply, "Unidentified", { code: "Tab", shiftKey: true });
    await waitFor(() => document.querySelectorAll(".point.reply").length === 0);
    expect([...document.querySelectorAll(".point-number")].map((n) => n.textContent)).toEqual(["1", "2"]);
  });

  it("adds a note with Enter in the note's fields, without saving the meeting", async () => {
    backend((m) => m);
    await open();
    const note = byLabel<HTMLInputElement>("New follow-up note");
    type(note, "Invitations sent");
    press(note, "Enter");
    expect(document.body.textContent).toContain("Invitations sent");
    press(byLabel<HTMLInputElement>("Date of the note"), "Enter");
    await new Promise((r) => setTimeout(r, 20));
    expect(saved).toHaveLength(0);
  });
});

describe("a follow-up meeting", () => {
  it("names the action it carries out by its title and meeting, not its key", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === "get_meeting") return { ...meeting(), followUpOf: "a-figures" };
      if (cmd === "get_action") {
        asked.push(a.key);
        return { key: "a-figures", title: "Send the figures", meeting: "m-1", meetingTitle: "Plenary", meetingStart: "2021-05-04T10:00" };
      }
      if (cmd === "register_info") return register;
      if (cmd === "directory") return directory;
      return null;
    });
    const target = await open();
    await waitFor(() => target.textContent?.includes("follows up the action “Send the figures”, agreed at “Plenary” on 4 May 2021") ?? false);
    expect(asked).toEqual(["a-figures"]);
    expect(target.textContent).not.toContain("a-figures");
  });

  it("shows the key when the action cannot be read", async () => {
    mockIPC((cmd) => {
      if (cmd === "get_meeting") return { ...meeting(), followUpOf: "a-gone" };
      if (cmd === "get_action") throw { kind: "not-found", message: "no action with key a-gone" };
      if (cmd === "register_info") return register;
      if (cmd === "directory") return directory;
      return null;
    });
    const target = await open();
    await waitFor(() => target.querySelector(".hint code")?.textContent === "a-gone");
  });
});
