import { beforeEach, describe, expect, it } from "vitest";
import type { Meeting } from "../lib/bindings/Meeting";
import { clearDraft, draftTitle, getDraft, keepDraft, listDrafts, newDraftId } from "../lib/drafts";

function meeting(title: string, key = ""): Meeting {
  return {
    key,
    title,
    kind: "meeting",
    codes: [],
    start: "2026-11-24T10:00",
    end: "2026-11-24T11:00",
    timezone: "Europe/Brussels",
    status: "planned",
    participants: [],
    points: [],
    actions: [],
  };
}

/** A Storage that refuses writes, as a full one does. */
class FullStorage implements Storage {
  length = 0;
  clear() {}
  getItem() {
    return null;
  }
  key() {
    return null;
  }
  removeItem() {}
  setItem(): void {
    throw new DOMException("quota", "QuotaExceededError");
  }
}

beforeEach(() => localStorage.clear());

describe("drafts", () => {
  it("keeps a draft and gives it back", () => {
    const m = meeting("Exchange with IT companies", "2021-06-24-it");
    expect(keepDraft({ id: m.key, register: "/r/a.sqlite3", meeting: m, base: '{"x":1}' })).toBe(true);
    const back = getDraft(m.key);
    expect(back?.meeting).toEqual(m);
    expect(back?.base).toBe('{"x":1}');
    expect(back?.register).toBe("/r/a.sqlite3");
    expect(back?.updated).not.toBe("");
  });

  it("lists the drafts of one register only, newest first", async () => {
    keepDraft({ id: "a", register: "/r/one", meeting: meeting("A"), base: null });
    await new Promise((r) => setTimeout(r, 5));
    keepDraft({ id: "b", register: "/r/one", meeting: meeting("B"), base: null });
    keepDraft({ id: "c", register: "/r/two", meeting: meeting("C"), base: null });
    localStorage.setItem("unrelated", "1");
    expect(listDrafts("/r/one").map((d) => d.id)).toEqual(["b", "a"]);
    expect(listDrafts("/r/two").map((d) => d.id)).toEqual(["c"]);
  });

  it("clears a draft (as a save does)", () => {
    keepDraft({ id: "k", register: "/r", meeting: meeting("K"), base: null });
    clearDraft("k");
    expect(getDraft("k")).toBeNull();
    expect(listDrafts("/r")).toEqual([]);
  });

  it("ignores entries it cannot read", () => {
    localStorage.setItem("code-register.draft.bad", "{not json");
    localStorage.setItem("code-register.draft.old", JSON.stringify({ version: 0, id: "old" }));
    expect(listDrafts("/r")).toEqual([]);
    expect(getDraft("bad")).toBeNull();
  });

  it("says so when the storage refuses the draft", () => {
    expect(keepDraft({ id: "x", register: "/r", meeting: meeting("X"), base: null }, new FullStorage())).toBe(false);
    expect(keepDraft({ id: "x", register: "/r", meeting: meeting("X"), base: null }, null)).toBe(false);
  });

  it("names drafts and mints ids for new meetings", () => {
    expect(draftTitle({ id: "n", register: "", meeting: meeting("  "), base: null, updated: "" })).toBe(
      "an untitled meeting",
    );
    const id = newDraftId();
    expect(id.startsWith("new-")).toBe(true);
    expect(newDraftId()).not.toBe(id);
  });
});
