// Calendars in the window: exports of the Meetings and Actions views, a meeting's invitation
// and cancellation, and .ics files imported from the native dialog or dropped on the window.
// Every file is chosen, written and read in Rust (a dropped file too): the window only learns
// what happened, and shows it in one dialog (`CalendarDialog.svelte`).

import * as api from "../api";
import type { ActionFilter } from "../bindings/ActionFilter";
import type { CalendarImport } from "../bindings/CalendarImport";
import type { CalendarSent } from "../bindings/CalendarSent";
import type { FieldProblem } from "../bindings/FieldProblem";
import type { MeetingFilter } from "../bindings/MeetingFilter";
import { app } from "../state/app.svelte";
import { status } from "../state/status.svelte";

/** What the calendar dialog shows. */
export type CalendarTask =
  | { kind: "imported"; report: CalendarImport }
  | { kind: "import-failed"; file: string; message: string; problems: FieldProblem[] }
  | { kind: "sent"; sent: CalendarSent };

/** "3 created, 1 updated, 2 skipped" (what is not zero). */
export function importCounts(r: CalendarImport): string {
  const parts = [
    [r.created.length, "created"],
    [r.updated.length, "updated"],
    [r.unchanged.length, "unchanged"],
    [r.skipped.length, "skipped"],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return said.length ? said.join(", ") : "nothing to import";
}

class Calendar {
  task = $state.raw<CalendarTask | null>(null);
  /** A dialog or a command of the group is on its way: its buttons wait. */
  busy = $state(false);

  close(): void {
    this.task = null;
  }

  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  /** The report of an import, shown; the register's views read again when anything changed. */
  async imported(report: CalendarImport): Promise<void> {
    this.task = { kind: "imported", report };
    status.announce(`Calendar imported: ${importCounts(report)}`);
    if (report.created.length || report.updated.length || report.peopleCreated.length) await app.reloadAll();
  }

  failed(file: string, error: unknown): void {
    const problem = api.toProblemError(error);
    this.task = { kind: "import-failed", file, message: problem.message, problems: problem.problems };
  }

  /** Import .ics… (the Register file menu): the native dialog, then the report. */
  async importFile(): Promise<void> {
    await this.run(async () => {
      try {
        const report = await api.importCalendarFile();
        if (report) await this.imported(report);
      } catch (e) {
        this.failed("", e);
      }
    });
  }

  /** Listens for files dropped on the window (imported in Rust); resolves to the stop. */
  listenForDrops(): Promise<() => void> {
    return api.onCalendarDrop((drop) => {
      if (drop.report) void this.imported(drop.report);
      else if (drop.problem) this.failed(drop.file, drop.problem);
    });
  }

  /** Export calendar (the Meetings view, with its filters). */
  async exportMeetings(filter: MeetingFilter): Promise<void> {
    await this.run(async () => {
      try {
        const saved = await api.exportCalendar(filter);
        if (saved)
          status.announce(`Calendar of ${saved.count} ${saved.count === 1 ? "meeting" : "meetings"} saved to ${saved.path}`);
      } catch (e) {
        status.error(e, "The calendar was not exported");
      }
    });
  }

  /** Export actions (the Actions view, with its filters), as tasks or all-day events. */
  async exportActions(filter: ActionFilter, asEvents: boolean): Promise<void> {
    await this.run(async () => {
      try {
        const saved = await api.exportActions(filter, asEvents);
        if (saved)
          status.announce(
            `${saved.count} ${saved.count === 1 ? "action" : "actions"} with a due date saved to ${saved.path}`,
          );
      } catch (e) {
        status.error(e, "The actions were not exported");
      }
    });
  }

  /** Send invitation / Send cancellation of a saved meeting; the meeting as stored after it, or
   * null when it failed (the failure is shown). */
  async send(key: string, cancel: boolean): Promise<CalendarSent | null> {
    const sent = await this.run(async () => {
      try {
        return await (cancel ? api.sendCancellation(key) : api.sendInvitation(key));
      } catch (e) {
        status.error(e, cancel ? "The cancellation was not sent" : "The invitation was not sent");
        return null;
      }
    });
    if (!sent) return null;
    this.task = { kind: "sent", sent };
    const what = sent.summary.method === "CANCEL" ? "Cancellation" : "Invitation";
    status.announce(`${what} of ${sent.summary.title} saved (SEQUENCE ${sent.summary.sequence})`);
    void app.refreshRegister();
    return sent;
  }
}

export const calendar = new Calendar();
