// The window's commands, whatever asks for them: the sidebar, a keyboard shortcut or the
// native menu (over the `listen_menu` channel). Also the register-file operations with
// their progress: the file is chosen in a native dialog that Rust opens, so the window
// only learns what happened (null: the user cancelled).

import * as api from "../api";
import type { BackupSummary } from "../bindings/BackupSummary";
import type { FieldProblem } from "../bindings/FieldProblem";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { Progress } from "../bindings/Progress";
import { formatCount } from "../numbers";
import { app } from "./app.svelte";
import { dialogs } from "./dialogs.svelte";
import { router } from "./router.svelte";
import { status } from "./status.svelte";

export type FileTask =
  | { kind: "import"; label: string; progress: Progress | null }
  | { kind: "import-done"; label: string; summary: ImportSummary }
  | { kind: "import-failed"; label: string; message: string; problems: FieldProblem[] };

/** Total records an import added and replaced. */
export function importTotals(s: ImportSummary): { added: number; replaced: number } {
  return {
    added: s.codesAdded + s.organisationsAdded + s.peopleAdded + s.meetingsAdded,
    replaced: s.codesReplaced + s.organisationsReplaced + s.peopleReplaced + s.meetingsReplaced,
  };
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function describeBackup(b: BackupSummary): string {
  return `Backup saved to ${b.path} (${formatCount(b.meetings)} meetings, ${bytes(b.bytes)})`;
}

class Shell {
  searchOpen = $state(false);
  fileTask = $state.raw<FileTask | null>(null);
  /** An import is on its way, its dialog open included: the import buttons wait. */
  importing = $state(false);
  /** A backup is on its way, its dialog open included. */
  backupRunning = $state(false);
  /** What Ctrl+S saves in the current view (the meeting editor, a directory form, settings). */
  private saver: (() => unknown) | null = null;

  setSaver(save: () => unknown): () => void {
    this.saver = save;
    return () => {
      if (this.saver === save) this.saver = null;
    };
  }

  save(): void {
    if (this.saver) void this.saver();
  }

  /** For a view holding a record: `leave` is asked before navigating away (the router's
   * guard) and `save` is what Ctrl+S saves. Returns their removal, for the view's unmount. */
  protect(leave: () => Promise<boolean>, save: () => unknown): () => void {
    const removeGuard = router.setGuard(leave);
    const removeSaver = this.setSaver(save);
    return () => {
      removeGuard();
      removeSaver();
    };
  }

  newMeeting(): void {
    void router.go({ name: "meeting", key: "" });
  }

  openSearch(): void {
    if (!dialogs.anyOpen) this.searchOpen = true;
  }

  /** Runs an import (a file, or the sample register) showing its progress, then its summary.
   * A file import shows nothing until the user has chosen the file (its first progress
   * message) and nothing at all when the dialog is cancelled (`run` answers null). */
  private async runImport(
    label: string,
    run: (onProgress: (p: Progress) => void) => Promise<ImportSummary | null>,
    showAtOnce: boolean,
  ): Promise<boolean> {
    if (this.importing) return false;
    this.importing = true;
    if (showAtOnce) this.fileTask = { kind: "import", label, progress: null };
    // A channel's message can arrive after the command's answer: it must not reopen the task.
    let settled = false;
    const onProgress = (progress: Progress) => {
      if (!settled) this.fileTask = { kind: "import", label, progress };
    };
    try {
      const summary = await run(onProgress);
      settled = true;
      if (summary === null) {
        this.fileTask = null;
        return false;
      }
      this.fileTask = { kind: "import-done", label, summary };
      const { added, replaced } = importTotals(summary);
      status.announce(`Imported: ${added} records added, ${replaced} replaced`);
      await app.reloadAll();
      return true;
    } catch (e) {
      settled = true;
      const problem = api.toProblemError(e);
      this.fileTask = { kind: "import-failed", label, message: problem.message, problems: problem.problems };
      return false;
    } finally {
      this.importing = false;
    }
  }

  async importRegister(): Promise<void> {
    await this.runImport("Importing the register file", (onProgress) => api.importRegisterFile(onProgress), false);
  }

  async loadSample(): Promise<boolean> {
    return this.runImport("Loading the sample register", () => api.loadSampleRegister(), true);
  }

  closeFileTask(): void {
    if (this.fileTask?.kind !== "import") this.fileTask = null;
  }

  /** Asks where to save a backup (Rust's native dialog), then writes it. */
  async backup(): Promise<void> {
    if (this.backupRunning) return;
    this.backupRunning = true;
    try {
      const summary = await api.backupRegisterFile();
      if (summary) status.announce(describeBackup(summary));
    } catch (e) {
      status.error(e, "The backup was not written");
    } finally {
      this.backupRunning = false;
    }
  }

  /** One item of the native menu. */
  menu(id: string): void {
    if (!api.isMenuId(id)) return;
    switch (id) {
      case "new-meeting":
        this.newMeeting();
        break;
      case "search":
        this.openSearch();
        break;
      case "save":
        this.save();
        break;
      case "import":
        void this.importRegister();
        break;
      case "backup":
        void this.backup();
        break;
      case "home":
      case "meetings":
      case "actions":
      case "directory":
      case "codes":
      case "settings":
        void router.go({ name: id });
        break;
    }
  }
}

export const shell = new Shell();
