import { describe, expect, it } from "vitest";
import { controlId, errorId, fieldCandidates, fieldLabel, resolveField } from "../lib/fields";

describe("fields", () => {
  it("lists a path then each enclosing path", () => {
    expect(fieldCandidates("actions[0].owners[1]")).toEqual([
      "actions[0].owners[1]",
      "actions[0].owners",
      "actions[0]",
      "actions",
    ]);
    expect(fieldCandidates("points[2].points[0].text")).toEqual([
      "points[2].points[0].text",
      "points[2].points[0]",
      "points[2].points",
      "points[2]",
      "points",
    ]);
    expect(fieldCandidates("end")).toEqual(["end"]);
    expect(fieldCandidates("")).toEqual([]);
  });

  it("a participant entry falls back to its person or organisation control", () => {
    expect(fieldCandidates("participants[1]")).toEqual([
      "participants[1]",
      "participants[1].person",
      "participants[1].organisation",
      "participants",
    ]);
  });

  it("resolves a problem field to the control the form has", () => {
    const controls = new Set([
      "end",
      "title",
      "participants[1].person",
      "actions[0].due",
      "actions[0].owners",
      "points[2].points[0].text",
      "flash.to",
    ]);
    const has = (path: string) => controls.has(path);
    expect(resolveField("end", has)).toBe("end");
    expect(resolveField("participants[1].person", has)).toBe("participants[1].person");
    expect(resolveField("participants[1]", has)).toBe("participants[1].person");
    expect(resolveField("actions[0].due", has)).toBe("actions[0].due");
    expect(resolveField("actions[0].owners[2]", has)).toBe("actions[0].owners");
    expect(resolveField("points[2].points[0].text", has)).toBe("points[2].points[0].text");
    expect(resolveField("flash.to[0]", has)).toBe("flash.to");
    expect(resolveField("start", has)).toBeNull();
    expect(resolveField("", has)).toBeNull();
    expect(resolveField(undefined, has)).toBeNull();
  });

  it("builds control and error ids from the form and the path", () => {
    expect(controlId("meeting", "actions[0].due")).toBe("meeting:actions[0].due");
    expect(errorId("meeting", "end")).toBe("meeting:end-error");
  });

  it("names a field as a reader would", () => {
    expect(fieldLabel("end")).toBe("End");
    expect(fieldLabel("points[2].points[0].text")).toBe("Point 3.1 text");
    expect(fieldLabel("actions[0].due")).toBe("Action 1 due date");
    expect(fieldLabel("participants[1].person")).toBe("Participant 2 person");
    expect(fieldLabel("transparencyRegisterId")).toBe("Transparency Register number");
  });
});

describe("shortcuts", () => {
  it("maps Ctrl+N, Ctrl+K, Ctrl+F and Ctrl+S, and nothing else", async () => {
    const { shortcutOf } = await import("../lib/shortcuts");
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
      shortcutOf({ key: k, ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, ...mods });
    expect(key("n")).toBe("new-meeting");
    expect(key("k")).toBe("search");
    expect(key("F")).toBe("search");
    expect(key("s")).toBe("save");
    expect(key("s", { ctrlKey: false })).toBeNull();
    expect(key("s", { ctrlKey: false, metaKey: true })).toBe("save");
    expect(key("n", { altKey: true })).toBeNull();
    expect(key("n", { shiftKey: true })).toBeNull();
    expect(key("z")).toBeNull();
  });
});
