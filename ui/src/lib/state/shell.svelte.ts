// The window's commands, whatever asks for them: the sidebar, a keyboard shortcut or the
// native menu (over the `listen_menu` channel). Also the register-file operations with
// their progress.

import * as api from "../api";
import type { BackupSummary } from "../bindings/BackupSummary";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { Progress } from "../bindings/Progress";
import { backupFileName } from "../dates";
import { formatCount } from "../numbers";
import { app } from "./app.svelte";
import { dialogs } from "./dialogs.svelte";
import { router } from "./router.svelte";
import { status } from "./status.svelte";

export type FileTask =
  | { kind: "import"; label: string; progress: Progress | null }
  | { kind: "import-done"; label: string; summary: ImportSummary }
  | { kind: "import-failed"; label: string; message: string };

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

  /** Runs an import (a file, or the sample register) showing its progress, then its summary. */
  private async runImport(label: string, run: (onProgress: (p: Progress) => void) => Promise<ImportSummary>): Promise<boolean> {
    this.fileTask = { kind: "import", label, progress: null };
    const onProgress = (progress: Progress) => {
      if (this.fileTask?.kind === "import") this.fileTask = { ...this.fileTask, progress };
    };
    try {
      const summary = await run(onProgress);
      this.fileTask = { kind: "import-done", label, summary };
      const { added, replaced } = importTotals(summary);
      status.announce(`Imported: ${added} records added, ${replaced} replaced`);
      await app.reloadAll();
      return true;
    } catch (e) {
      this.fileTask = { kind: "import-failed", label, message: api.toProblemError(e).message };
      return false;
    }
  }

  async importRegister(): Promise<void> {
    if (this.fileTask?.kind === "import") return;
    let path: string | null;
    try {
      path = await api.chooseImportFile();
    } catch (e) {
      status.error(e, "Could not open the file dialog");
      return;
    }
    if (!path) return;
    const name = path.split(/[\\/]/).pop() ?? path;
    await this.runImport(`Importing ${name}`, (onProgress) => api.importRegisterFile(path, onProgress));
  }

  async loadSample(): Promise<boolean> {
    return this.runImport("Loading the sample register", () => api.loadSampleRegister());
  }

  closeFileTask(): void {
    if (this.fileTask?.kind !== "import") this.fileTask = null;
  }

  async backup(): Promise<void> {
    if (this.backupRunning) return;
    let path: string | null;
    try {
      path = await api.chooseBackupPath(backupFileName(app.today));
    } catch (e) {
      status.error(e, "Could not open the file dialog");
      return;
    }
    if (!path) return;
    this.backupRunning = true;
    try {
      const summary = await api.backupRegisterFile(path);
      status.announce(describeBackup(summary));
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
