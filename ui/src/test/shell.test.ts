import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import type { ImportSummary } from "../lib/bindings/ImportSummary";
import type { Progress } from "../lib/bindings/Progress";
import FileTaskDialog from "../lib/components/FileTaskDialog.svelte";
import { shell } from "../lib/state/shell.svelte";
import { status } from "../lib/state/status.svelte";
import { render, waitFor } from "./helpers";

const SUMMARY: ImportSummary = {
  codesAdded: 2,
  codesReplaced: 0,
  organisationsAdded: 5,
  organisationsReplaced: 0,
  peopleAdded: 3,
  peopleReplaced: 1,
  meetingsAdded: 4,
  meetingsReplaced: 0,
  exercisesAdded: 0,
  exercisesReplaced: 0,
  indicatorsAdded: 0,
  indicatorsReplaced: 0,
  resultsAdded: 0,
  resultsChanged: 0,
};

/** The commands the window calls after an import, answered for an empty register. */
function register(cmd: string): unknown {
  if (cmd === "register_info") {
    return { path: "/r.sqlite3", counts: { codes: 0, organisations: 0, people: 0, meetings: 0, actions: 0 }, empty: true };
  }
  if (cmd === "directory") return { organisations: [], people: [] };
  if (cmd === "codes") return [];
  if (cmd === "get_settings") {
    return { name: "", email: "", unit: "", footerInstitution: "", footerDirectorate: "", footerUnit: "" };
  }
  return null;
}

afterEach(() => {
  clearMocks();
  shell.fileTask = null;
  for (const e of status.errors) status.dismiss(e.id);
});

describe("the register-file commands", () => {
  it("shows nothing when the import dialog is cancelled", async () => {
    mockIPC((cmd) => (cmd === "import_register_file" ? null : register(cmd)));
    await shell.importRegister();
    expect(shell.fileTask).toBeNull();
    expect(shell.importing).toBe(false);
  });

  it("shows an import once the file is chosen, then what it changed", async () => {
    const seen: (string | undefined)[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "import_register_file") return register(cmd);
      const progress = (args as { progress: Channel<Progress> }).progress;
      seen.push(shell.fileTask?.kind); // the dialog is open: nothing shown yet
      progress.onmessage({ stage: "reading" });
      seen.push(shell.fileTask?.kind);
      return SUMMARY;
    });
    const running = shell.importRegister();
    expect(shell.importing).toBe(true);
    await running;
    expect(seen).toEqual([undefined, "import"]);
    expect(shell.fileTask).toMatchObject({ kind: "import-done", summary: SUMMARY });
    expect(shell.importing).toBe(false);
  });

  it("lists every problem of a refused file", async () => {
    mockIPC((cmd) => {
      if (cmd !== "import_register_file") return register(cmd);
      throw {
        kind: "invalid",
        message: "meetings[0].end: the meeting must end after it starts (and 1 more problem)",
        field: "meetings[0].end",
        problems: [
          { field: "meetings[0].end", message: "the meeting must end after it starts" },
          { field: "meetings[1].kind", message: 'unknown kind "visit"' },
        ],
      };
    });
    await shell.importRegister();
    const view = render(FileTaskDialog, {});
    const list = await waitFor(() => document.querySelector('[aria-label="Every problem found"]'));
    expect([...list.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "meetings[0].end: the meeting must end after it starts",
      'meetings[1].kind: unknown kind "visit"',
    ]);
    expect(document.querySelector('[role="alert"]')?.textContent).toBe("The file has 2 problems:");
    expect(document.body.textContent).toContain("Nothing was changed in the register.");
    view.destroy();
  });

  it("says nothing when the backup dialog is cancelled, and why a backup was refused", async () => {
    mockIPC(() => null);
    await shell.backup();
    expect(status.errors).toEqual([]);
    expect(shell.backupRunning).toBe(false);

    mockIPC(() => {
      throw { kind: "bad-argument", message: "a backup cannot replace the register itself", problems: [] };
    });
    await shell.backup();
    expect(status.errors.map((e) => e.message)).toEqual([
      "The backup was not written: a backup cannot replace the register itself",
    ]);
  });
});
