import { describe, expect, it } from "vitest";
import { isTab, isTyping, isUndo, outlineKey, shortcutOf } from "../lib/shortcuts";

const keys = (key: string, init: Partial<KeyboardEvent> = {}) => ({
  key,
  code: "",
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...init,
});

describe("keyboard shortcuts", () => {
  it("reads Shift+Tab as WebKitGTK reports it on Linux: key Unidentified, code Tab", () => {
    expect(isTab(keys("Tab", { code: "Tab" }))).toBe(true);
    expect(isTab(keys("Unidentified", { code: "Tab", shiftKey: true }))).toBe(true);
    expect(isTab(keys("Unidentified", { code: "KeyA" }))).toBe(false);
    expect(outlineKey(keys("Unidentified", { code: "Tab", shiftKey: true }))).toBe("outdent");
    expect(outlineKey(keys("Tab", { code: "Tab" }))).toBe("indent");
    expect(outlineKey(keys("Tab", { code: "Tab", ctrlKey: true }))).toBeNull();
  });

  it("moves and removes points with Alt+arrows and Ctrl+Shift+Delete", () => {
    expect(outlineKey(keys("ArrowUp", { altKey: true }))).toBe("up");
    expect(outlineKey(keys("ArrowDown", { altKey: true }))).toBe("down");
    expect(outlineKey(keys("ArrowDown"))).toBeNull();
    expect(outlineKey(keys("Delete", { ctrlKey: true, shiftKey: true }))).toBe("remove");
    expect(outlineKey(keys("Backspace", { ctrlKey: true, shiftKey: true }))).toBe("remove");
    // Ctrl+Delete alone deletes a word, as in any text field.
    expect(outlineKey(keys("Delete", { ctrlKey: true }))).toBeNull();
    expect(outlineKey(keys("Backspace"))).toBeNull();
  });

  it("undoes with Ctrl+Z only outside text fields", () => {
    const button = document.createElement("button");
    const input = document.createElement("input");
    const checkbox = Object.assign(document.createElement("input"), { type: "checkbox" });
    const area = document.createElement("textarea");
    const z = keys("z", { ctrlKey: true });
    expect(isUndo(z, button)).toBe(true);
    expect(isUndo(z, checkbox)).toBe(true);
    expect(isUndo(z, input)).toBe(false);
    expect(isUndo(z, area)).toBe(false);
    expect(isUndo(keys("z", { ctrlKey: true, shiftKey: true }), button)).toBe(false);
    expect(isUndo(keys("z"), button)).toBe(false);
    expect(isTyping(document.body)).toBe(false);
  });

  it("keeps the window's shortcuts", () => {
    expect(shortcutOf(keys("s", { ctrlKey: true }))).toBe("save");
    expect(shortcutOf(keys("k", { ctrlKey: true }))).toBe("search");
    expect(shortcutOf(keys("n", { ctrlKey: true }))).toBe("new-meeting");
    expect(shortcutOf(keys("z", { ctrlKey: true }))).toBeNull();
  });
});
