import { afterEach, describe, expect, it, vi } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import type { Progress } from "../lib/bindings/Progress";
import * as api from "../lib/api";
import { ProblemError, toProblemError } from "../lib/api";

afterEach(() => clearMocks());

describe("api", () => {
  it("turns a rejected Problem into a ProblemError with its field", async () => {
    mockIPC((cmd) => {
      if (cmd === "save_meeting") {
        throw { kind: "invalid", message: "end: the meeting must end after it starts", field: "end" };
      }
    });
    const error = await api.saveMeeting({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    const problem = error as ProblemError;
    expect(problem.kind).toBe("invalid");
    expect(problem.field).toBe("end");
    expect(problem.message).toBe("end: the meeting must end after it starts");
    expect(problem.detail).toBe("the meeting must end after it starts");
  });

  it("keeps a nested field path and a problem without a field", async () => {
    mockIPC((cmd) => {
      if (cmd === "save_person") throw { kind: "invalid", message: "email: an e-mail address has an @", field: "email" };
      if (cmd === "get_meeting") throw { kind: "not-found", message: 'no meeting with key "x"' };
    });
    const a = (await api.savePerson({} as never).catch((e: unknown) => e)) as ProblemError;
    expect([a.kind, a.field, a.detail]).toEqual(["invalid", "email", "an e-mail address has an @"]);
    const b = (await api.getMeeting("x").catch((e: unknown) => e)) as ProblemError;
    expect([b.kind, b.field, b.detail]).toEqual(["not-found", undefined, 'no meeting with key "x"']);
  });

  it("reports Tauri's own string errors and thrown Errors as kind desktop", () => {
    expect(toProblemError("command foo not found")).toMatchObject({ kind: "desktop", message: "command foo not found" });
    expect(toProblemError(new Error("boom"))).toMatchObject({ kind: "desktop", message: "boom" });
    expect(toProblemError(42)).toMatchObject({ kind: "desktop" });
    // A Problem whose field is null (not just absent) has no field.
    expect(toProblemError({ kind: "io", message: "disk full", field: null }).field).toBeUndefined();
  });

  it("sends each command under its IPC.md name with camelCase arguments", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "list_meetings") return { rows: [], total: 0 };
      if (cmd === "draft_follow_up") return { key: "", title: "Follow-up: figures" };
      if (cmd === "get_action") return { key: "a1", title: "Send the figures" };
      return null;
    });
    await api.listMeetings({ flashPending: false, limit: 100, offset: 200, order: "desc", text: "dsa" });
    await api.search("trusted flag", 20);
    await api.setActionStatus("a1", "done");
    await api.addFollowUp("a1", "Called them");
    await api.addFollowUp("a1", "Met them", "2021-07-01");
    expect((await api.draftFollowUp("a1")).title).toBe("Follow-up: figures");
    expect((await api.getAction("a1")).title).toBe("Send the figures");
    await api.monitoringView("coc", "removal-rate");
    await api.monitoringView("coc", "removal-rate", ["tiktok"], "6th");
    expect(await api.saveMonitoringChart("coc", "removal-rate", [], "6th")).toBeNull();
    expect(await api.backupRegisterFile()).toBeNull();
    expect(calls).toEqual([
      ["list_meetings", { query: { flashPending: false, limit: 100, offset: 200, order: "desc", text: "dsa" } }],
      ["search", { text: "trusted flag", limit: 20 }],
      ["set_action_status", { key: "a1", status: "done" }],
      ["add_follow_up", { key: "a1", text: "Called them" }],
      ["add_follow_up", { key: "a1", text: "Met them", date: "2021-07-01" }],
      ["draft_follow_up", { key: "a1" }],
      ["get_action", { key: "a1" }],
      ["monitoring_view", { code: "coc", indicator: "removal-rate", organisations: [], exercise: null }],
      ["monitoring_view", { code: "coc", indicator: "removal-rate", organisations: ["tiktok"], exercise: "6th" }],
      ["save_monitoring_chart", { code: "coc", indicator: "removal-rate", organisations: [], exercise: "6th" }],
      ["backup_register_file", {}],
    ]);
  });

  it("passes the import's progress and the menu's choices over channels", async () => {
    let menuChannel: Channel<string> | null = null;
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === "listen_menu") {
        menuChannel = a.channel as Channel<string>;
        return null;
      }
      if (cmd === "import_register_file") {
        expect(Object.keys(a)).toEqual(["progress"]); // no path: Rust asks the user
        const progress = a.progress as Channel<Progress>;
        progress.onmessage({ stage: "reading" });
        progress.onmessage({ stage: "storing", records: 12 });
        return { codesAdded: 1, codesReplaced: 0, organisationsAdded: 0, organisationsReplaced: 0, peopleAdded: 0, peopleReplaced: 0, meetingsAdded: 2, meetingsReplaced: 0 };
      }
      return null;
    });
    const stages: Progress[] = [];
    const summary = await api.importRegisterFile((p) => stages.push(p));
    expect(summary?.meetingsAdded).toBe(2);
    expect(stages).toEqual([{ stage: "reading" }, { stage: "storing", records: 12 }]);

    const menu = vi.fn();
    const stop = await api.onMenu(menu);
    expect(menuChannel).not.toBeNull();
    menuChannel!.onmessage("new-meeting");
    expect(menu).toHaveBeenCalledWith("new-meeting");
    stop();
    menuChannel!.onmessage("search");
    expect(menu).toHaveBeenCalledTimes(1);
  });

  it("passes a cancelled dialog on as null and never calls the dialog plugin", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    expect(await api.importRegisterFile()).toBeNull();
    expect(await api.backupRegisterFile()).toBeNull();
    expect(calls).toEqual(["import_register_file", "backup_register_file"]);
  });

  it("keeps every problem of a refused record", async () => {
    mockIPC(() => {
      throw {
        kind: "invalid",
        message: "meetings[0].end: the meeting must end after it starts (and 1 more problem)",
        field: "meetings[0].end",
        problems: [
          { field: "meetings[0].end", message: "the meeting must end after it starts" },
          { field: "meetings[1].kind", message: "unknown kind \"visit\"" },
        ],
      };
    });
    const error = (await api.importRegisterFile().catch((e: unknown) => e)) as ProblemError;
    expect(error.problems.map((p) => p.field)).toEqual(["meetings[0].end", "meetings[1].kind"]);
    expect(toProblemError("plain").problems).toEqual([]);
  });

  it("knows the menu ids", () => {
    for (const id of ["new-meeting", "search", "save", "import", "backup", "settings", "home", "meetings", "actions", "directory", "codes"]) {
      expect(api.isMenuId(id)).toBe(true);
    }
    expect(api.isMenuId("quit")).toBe(false);
    expect(api.isMenuId(3)).toBe(false);
  });
});
