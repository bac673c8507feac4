// One-click changes of an action's status (start, mark done, drop, reopen), wherever an action
// shows (the Actions list and board, the home view, timelines). A change never moves or hides
// the card it was made on: the card shows its new status until the list is fetched again, so a
// second click of a double-click lands on the same card, where it does nothing. While a change
// is on its way, another on the same action is not sent. Each change is told in a toast that
// offers Undo for a few seconds.

import { SvelteMap, SvelteSet } from "svelte/reactivity";
import * as api from "../api";
import type { ActionRow } from "../bindings/ActionRow";
import type { ActionStatus } from "../bindings/ActionStatus";
import { status } from "./status.svelte";

/** What a change did, as a toast says it: "Marked done: Send the figures". */
export function changeLabel(next: ActionStatus, previous?: ActionStatus): string {
  switch (next) {
    case "done":
      return "Marked done";
    case "dropped":
      return "Dropped";
    case "in-progress":
      return previous === "open" || previous === undefined ? "Started" : "Back in progress";
    case "open":
      return "Reopened";
  }
}

/** The row as the page holds it, and the status set on it here. */
interface Changed {
  row: object;
  status: ActionStatus;
}

type Listener = (row: ActionRow, status: ActionStatus) => void;

class ActionStatusChanges {
  /** Keys of the actions whose change is on its way. */
  readonly busy = new SvelteSet<string>();
  /** The status last set here on each action, with the row it was set on: that row (the same
   * object, as fetched) shows it; a row fetched again shows what the register holds. */
  private readonly changed = new SvelteMap<string, Changed>();
  private listeners = new Set<Listener>();

  /** The status to show on `row`: the one set here on this very row, else its own. */
  statusOf(row: ActionRow): ActionStatus {
    const c = this.changed.get(row.key);
    return c && c.row === row ? c.status : row.status;
  }

  /** True when the status shown on `row` was set here (since it was fetched). */
  changedHere(row: ActionRow): boolean {
    return this.statusOf(row) !== row.status;
  }

  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  /** Called after each change or undo that reached the register, with the row it was made on
   * and the status now held. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets the status of `row` to `next`, shown on the row at once when the register has it,
   * with a toast offering Undo. Nothing is sent while a change of the same action is on its
   * way, or when the action already shows `next`. Resolves to whether it changed. */
  async change(row: ActionRow, next: ActionStatus): Promise<boolean> {
    const previous = this.statusOf(row);
    if (this.busy.has(row.key) || previous === next) return false;
    if (!(await this.send(row, next))) return false;
    status.toast(`${changeLabel(next, previous)}: ${row.title}`, { undo: () => this.undo(row, previous) });
    return true;
  }

  private async undo(row: ActionRow, previous: ActionStatus): Promise<void> {
    // A change still on its way is waited for, so the undo comes after it.
    for (let i = 0; i < 100 && this.busy.has(row.key); i++) await new Promise((r) => setTimeout(r, 50));
    if (await this.send(row, previous, "The change was not undone")) {
      status.announce(`Undone: ${row.title} is ${labelOf(previous)} again`);
    }
  }

  private async send(row: ActionRow, next: ActionStatus, context = "The action was not changed"): Promise<boolean> {
    this.busy.add(row.key);
    try {
      await api.setActionStatus(row.key, next);
      this.changed.set(row.key, { row, status: next });
      for (const listener of this.listeners) listener(row, next);
      return true;
    } catch (e) {
      status.error(e, context);
      return false;
    } finally {
      this.busy.delete(row.key);
    }
  }
}

function labelOf(s: ActionStatus): string {
  return s === "in-progress" ? "in progress" : s;
}

export const actionStatus = new ActionStatusChanges();
