// The window's keyboard shortcuts, as a pure function of the key event.

export type Shortcut = "new-meeting" | "search" | "save";

export function shortcutOf(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): Shortcut | null {
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
