// Unsaved editor state, kept in localStorage at every change so that a crash, a closed
// window or a power cut loses nothing: the next launch offers to restore it. One entry per
// meeting being edited (a new meeting gets a draft id of its own), tagged with the register
// it belongs to, since its keys mean nothing in another register. The people and
// organisations created in the editor for the meeting (not stored before it is) are kept with it.

import type { Meeting } from "./bindings/Meeting";
import type { Organisation } from "./bindings/Organisation";
import type { Person } from "./bindings/Person";

const PREFIX = "code-register.draft.";
const VERSION = 1;

export interface Draft {
  /** The meeting's key, or `new-…` for a meeting not saved yet. */
  id: string;
  /** Path of the register the draft was made in. */
  register: string;
  meeting: Meeting;
  /** The meeting as it was loaded (JSON), to tell on restore whether it changed since. */
  base: string | null;
  /** When the draft was last written (ISO, the webview's clock: informative only). */
  updated: string;
  /** People created for the meeting, under the placeholder keys it refers to (`new-person-1`). */
  newPeople?: Person[];
  /** Organisations created for the meeting, under placeholder keys (`new-organisation-1`). */
  newOrganisations?: Organisation[];
}

interface Stored extends Draft {
  version: number;
}

/** localStorage, or nothing where there is none (then drafts are simply not kept). */
function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function newDraftId(): string {
  const random =
    typeof crypto !== "undefined" && "randomUUID" in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `new-${random}`;
}

function itemKey(id: string): string {
  return PREFIX + id;
}

/** Writes the draft; false when the storage refused (full, or not available). */
export function keepDraft(draft: Omit<Draft, "updated">, storage: Storage | null = defaultStorage()): boolean {
  if (!storage) return false;
  const stored: Stored = { ...draft, updated: new Date().toISOString(), version: VERSION };
  try {
    storage.setItem(itemKey(draft.id), JSON.stringify(stored));
    return true;
  } catch {
    return false;
  }
}

function parse(text: string | null): Draft | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Stored>;
    if (
      value.version !== VERSION ||
      typeof value.id !== "string" ||
      typeof value.register !== "string" ||
      typeof value.meeting !== "object" ||
      value.meeting === null
    ) {
      return null;
    }
    return {
      id: value.id,
      register: value.register,
      meeting: value.meeting,
      base: typeof value.base === "string" ? value.base : null,
      updated: typeof value.updated === "string" ? value.updated : "",
      ...(Array.isArray(value.newPeople) && value.newPeople.length ? { newPeople: value.newPeople } : {}),
      ...(Array.isArray(value.newOrganisations) && value.newOrganisations.length
        ? { newOrganisations: value.newOrganisations }
        : {}),
    };
  } catch {
    return null;
  }
}

export function getDraft(id: string, storage: Storage | null = defaultStorage()): Draft | null {
  return storage ? parse(storage.getItem(itemKey(id))) : null;
}

/** The drafts of register `register`, the most recent first. */
export function listDrafts(register: string, storage: Storage | null = defaultStorage()): Draft[] {
  if (!storage) return [];
  const drafts: Draft[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key || !key.startsWith(PREFIX)) continue;
    const draft = parse(storage.getItem(key));
    if (draft && draft.register === register) drafts.push(draft);
  }
  return drafts.sort((a, b) => b.updated.localeCompare(a.updated));
}

export function clearDraft(id: string, storage: Storage | null = defaultStorage()): void {
  try {
    storage?.removeItem(itemKey(id));
  } catch {
    // Nothing to do: a draft that cannot be removed is offered again, never lost.
  }
}

/** The title a draft is offered under. */
export function draftTitle(draft: Draft): string {
  return draft.meeting.title.trim() || "an untitled meeting";
}
