// The window's keyboard shortcuts, as pure functions of the key event.

export type Shortcut = "new-meeting" | "search" | "save";

type Keys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

export function shortcutOf(event: Keys): Shortcut | null {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey) return null;
  switch (event.key.toLowerCase()) {
    case "n":
      return event.shiftKey ? null : "new-meeting";
    case "k":
    case "f":
      return "search";
    case "s":
      return "save";
    default:
      return null;
  }
}

/** The Tab key, with or without Shift. WebKitGTK on Linux reports Shift+Tab as the key
 * `Unidentified` (X's ISO_Left_Tab) with the code `Tab`, so the code is read too. */
export function isTab(event: Pick<KeyboardEvent, "key" | "code">): boolean {
  return event.key === "Tab" || event.code === "Tab";
}

/** What a key does to the point being edited in the outline, beyond typing. */
export type OutlineKey = "indent" | "outdent" | "up" | "down" | "remove" | null;

/** Tab / Shift+Tab indent and outdent, Alt+↑ / Alt+↓ move, Ctrl+Shift+Delete (or
 * Ctrl+Shift+Backspace) removes the point. */
export function outlineKey(event: Keys & Pick<KeyboardEvent, "code">): OutlineKey {
  const mod = event.ctrlKey || event.metaKey;
  if (isTab(event) && !event.altKey && !mod) return event.shiftKey ? "outdent" : "indent";
  if (event.altKey && !mod && !event.shiftKey) {
    if (event.key === "ArrowUp") return "up";
    if (event.key === "ArrowDown") return "down";
  }
  const del = event.key === "Delete" || event.key === "Backspace" || event.code === "Delete" || event.code === "Backspace";
  if (mod && event.shiftKey && !event.altKey && del) return "remove";
  return null;
}

/** True when typing goes to the element (a text field, a select, an editable region): keys
 * such as Ctrl+Z are its own there. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file"].includes(target.type);
  }
  return false;
}

/** Ctrl+Z outside a text field: undo the last change a toast offers to undo. */
export function isUndo(event: Keys, target: EventTarget | null): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "z" && !isTyping(target);
}
