// The one door to the Rust core. Every command of src-tauri/IPC.md has one typed function
// here, its name written exactly as IPC.md spells it (a Rust test checks that this module
// invokes exactly the app's commands); a rejection always comes out as a ProblemError (kind,
// message, field, problems). No other module imports @tauri-apps/*. Progress of an import and
// the native menu's choices arrive over channels (IPC.md), not events: the capability grants
// the event plugin nothing. No function here takes a path: the commands that read or write a
// file open the native dialog themselves, in Rust, and answer null when the user cancels it.

import * as core from "@tauri-apps/api/core";

import type { ActionPage } from "./bindings/ActionPage";
import type { ActionRow } from "./bindings/ActionRow";
import type { ActionFilter } from "./bindings/ActionFilter";
import type { ActionStatus } from "./bindings/ActionStatus";
import type { BackupSummary } from "./bindings/BackupSummary";
import type { BriefSaved } from "./bindings/BriefSaved";
import type { CalendarDrop } from "./bindings/CalendarDrop";
import type { CalendarImport } from "./bindings/CalendarImport";
import type { CalendarSaved } from "./bindings/CalendarSaved";
import type { CalendarSent } from "./bindings/CalendarSent";
import type { Code } from "./bindings/Code";
import type { CodeOverview } from "./bindings/CodeOverview";
import type { Directory } from "./bindings/Directory";
import type { ExerciseFigures } from "./bindings/ExerciseFigures";
import type { FlashSaved } from "./bindings/FlashSaved";
import type { FlashView } from "./bindings/FlashView";
import type { FieldProblem } from "./bindings/FieldProblem";
import type { HomeView } from "./bindings/HomeView";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { Meeting } from "./bindings/Meeting";
import type { MeetingFilter } from "./bindings/MeetingFilter";
import type { MeetingPage } from "./bindings/MeetingPage";
import type { MeetingSave } from "./bindings/MeetingSave";
import type { MeetingTransparency } from "./bindings/MeetingTransparency";
import type { MonitoringCode } from "./bindings/MonitoringCode";
import type { MonitoringView } from "./bindings/MonitoringView";
import type { Organisation } from "./bindings/Organisation";
import type { OrganisationIndicator } from "./bindings/OrganisationIndicator";
import type { PendingPublication } from "./bindings/PendingPublication";
import type { Person } from "./bindings/Person";
import type { Problem } from "./bindings/Problem";
import type { Progress } from "./bindings/Progress";
import type { PublicationSaved } from "./bindings/PublicationSaved";
import type { RegisterInfo } from "./bindings/RegisterInfo";
import type { SearchHit } from "./bindings/SearchHit";
import type { Settings } from "./bindings/Settings";
import type { Timeline } from "./bindings/Timeline";
import type { TransparencyScope } from "./bindings/TransparencyScope";
import type { ZoneChoice } from "./bindings/ZoneChoice";

/** A command that failed, as the core described it. `field` is relative to the record saved
 * (the first of `problems`, every problem of a refused record). */
export class ProblemError extends Error {
  readonly kind: string;
  readonly field: string | undefined;
  readonly problems: FieldProblem[];

  constructor(problem: Problem) {
    super(problem.message);
    this.name = "ProblemError";
    this.kind = problem.kind;
    this.field = problem.field;
    this.problems = problem.problems;
  }

  /** The message without the `field: ` the core puts in front of it, for display beside the field. */
  get detail(): string {
    const prefix = this.field ? `${this.field}: ` : "";
    return prefix && this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === "string" &&
    typeof v.message === "string" &&
    (v.field === undefined || v.field === null || typeof v.field === "string")
  );
}

function isFieldProblem(value: unknown): value is FieldProblem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === "string" && typeof v.message === "string";
}

/** Any rejection as a ProblemError: the core's Problem as it is; anything else (Tauri's own
 * string errors, a missing plugin permission, a thrown Error) as kind `desktop`. */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (isProblem(error)) {
    const problems: unknown = (error as { problems?: unknown }).problems;
    return new ProblemError({
      kind: error.kind,
      message: error.message,
      ...(typeof error.field === "string" ? { field: error.field } : {}),
      problems: Array.isArray(problems) ? problems.filter(isFieldProblem) : [],
    });
  }
  const desktop = (message: string) => new ProblemError({ kind: "desktop", message, problems: [] });
  if (typeof error === "string") return desktop(error);
  if (error instanceof Error) return desktop(error.message);
  return desktop(`Unexpected error: ${String(error)}`);
}

async function call<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw toProblemError(error);
  }
}

// ---- commands (names exactly as in src-tauri/IPC.md) -------------------------------------

export const registerInfo = () => call(core.invoke<RegisterInfo>("register_info"));

export const home = () => call(core.invoke<HomeView>("home"));

export const listMeetings = (query: MeetingFilter) => call(core.invoke<MeetingPage>("list_meetings", { query }));

export const search = (text: string, limit: number) => call(core.invoke<SearchHit[]>("search", { text, limit }));

export const getMeeting = (key: string) => call(core.invoke<Meeting>("get_meeting", { key }));

export const draftMeeting = () => call(core.invoke<Meeting>("draft_meeting"));

/** Stores the meeting with the people and organisations created for it in the editor (under
 * placeholder keys the meeting refers to): all of them, or none. */
export const saveMeeting = (save: MeetingSave) => call(core.invoke<Meeting>("save_meeting", { save }));

export const deleteMeeting = (key: string) => call(core.invoke<null>("delete_meeting", { key }));

export const listActions = (query: ActionFilter) => call(core.invoke<ActionPage>("list_actions", { query }));

/** One agreed action as the actions list shows it. */
export const getAction = (key: string) => call(core.invoke<ActionRow>("get_action", { key }));

export const setActionStatus = (key: string, status: ActionStatus) =>
  call(core.invoke<null>("set_action_status", { key, status }));

/** Appends a follow-up note; without `date` the core dates it today. */
export const addFollowUp = (key: string, text: string, date?: string) =>
  call(core.invoke<null>("add_follow_up", date === undefined ? { key, text } : { key, text, date }));

/** An unsaved meeting that carries out action `key`, pre-filled, for the editor to open;
 * stored only when saved. */
export const draftFollowUp = (key: string) => call(core.invoke<Meeting>("draft_follow_up", { key }));

export const directory = () => call(core.invoke<Directory>("directory"));

export const saveOrganisation = (organisation: Organisation) =>
  call(core.invoke<Organisation>("save_organisation", { organisation }));

export const savePerson = (person: Person) => call(core.invoke<Person>("save_person", { person }));

export const timeline = (key: string) => call(core.invoke<Timeline>("timeline", { key }));

/** Upsert of a Code; key "" is minted. */
export const saveCode = (code: Code) => call(core.invoke<Code>("save_code", { code }));

export const codes = () => call(core.invoke<Code[]>("codes"));

export const codesOverview = () => call(core.invoke<CodeOverview[]>("codes_overview"));

export const getSettings = () => call(core.invoke<Settings>("get_settings"));

export const saveSettings = (settings: Settings) => call(core.invoke<Settings>("save_settings", { settings }));

/** Time zones matching a city, a country or part of an IANA name, the usual places first (and
 * alone for an empty query), each with its offset from UTC today. */
export const zones = (query: string) => call(core.invoke<ZoneChoice[]>("zones", { query }));

/** The "due by" of a period as agreed (`autumn 2021` → `2021-11-30`) at a meeting on `agreed`
 * (`YYYY-MM-DD`), a period without a year being the first to end on or after that day; null when
 * the text names no period. */
export const periodEnd = (text: string, agreed: string) =>
  call(core.invoke<string | null>("period_end", { text, agreed }));

/** The flash of the meeting being edited (unsaved edits included), composed by the core: its
 * text and page `page` of its PDF pictured; `redacted` for the release version. */
export const flashView = (save: MeetingSave, redacted: boolean, page: number) =>
  call(core.invoke<FlashView>("flash_view", { save, redacted, page }));

/** Asks where to save the flash's PDF in the native dialog, then writes it; null when the user
 * cancels the dialog. */
export const saveFlashPdf = (save: MeetingSave, redacted: boolean) =>
  call(core.invoke<FlashSaved | null>("save_flash_pdf", { save, redacted }));

/** Writes the flash's e-mail draft (the PDF attached) and hands it to the system's mail program. */
export const openFlashEmail = (save: MeetingSave, redacted: boolean) =>
  call(core.invoke<FlashSaved>("open_flash_email", { save, redacted }));

// ---- transparency ------------------------------------------------------------------------

/** Every held meeting in scope not published yet, by due date (the latest first). */
export const transparencyPending = () => call(core.invoke<PendingPublication[]>("transparency_pending"));

/** The standing of the meeting being edited (unsaved edits included) under the transparency rules. */
export const meetingTransparency = (save: MeetingSave) =>
  call(core.invoke<MeetingTransparency>("meeting_transparency", { save }));

/** Sets a stored meeting's scope by hand (with its reason, required), or back to the rules (null). */
export const setTransparencyScope = (key: string, scope: TransparencyScope | null, reason: string | null) =>
  call(core.invoke<MeetingTransparency>("set_transparency_scope", { key, scope, reason }));

/** Records the day (`YYYY-MM-DD`) a stored meeting was published. */
export const publishMeeting = (key: string, on: string) =>
  call(core.invoke<MeetingTransparency>("publish_meeting", { key, on }));

/** Takes a meeting's publication back: it waits for publication again. */
export const unpublishMeeting = (key: string) => call(core.invoke<MeetingTransparency>("unpublish_meeting", { key }));

/** Asks where to save the publication list of `from` to `to` (both included) in the native
 * dialog, then writes it as CSV; null when the user cancels the dialog. */
export const exportPublication = (from: string, to: string) =>
  call(core.invoke<PublicationSaved | null>("export_publication", { from, to }));

/** Asks where to save the brief of organisation `key` in the native dialog, then writes its PDF;
 * null when the user cancels the dialog. */
export const saveBrief = (key: string) => call(core.invoke<BriefSaved | null>("save_brief", { key }));

// ---- monitoring --------------------------------------------------------------------------

/** The Codes that have monitoring indicators, each with its indicators. */
export const monitoringCodes = () => call(core.invoke<MonitoringCode[]>("monitoring_codes"));

/** One indicator's table and chart (the core's SVG and each point's place): a line across the
 * exercises, or with `exercise` that exercise's bars; `organisations` empty: every organisation
 * with a figure. */
export const monitoringView = (code: string, indicator: string, organisations: string[] = [], exercise?: string) =>
  call(core.invoke<MonitoringView>("monitoring_view", { code, indicator, organisations, exercise: exercise ?? null }));

/** Asks where to save that chart (SVG or PNG by the name chosen) and saves it; the path, or
 * null when the dialog was cancelled. */
export const saveMonitoringChart = (code: string, indicator: string, organisations: string[], exercise?: string) =>
  call(
    core.invoke<string | null>("save_monitoring_chart", { code, indicator, organisations, exercise: exercise ?? null }),
  );

// ---- calendars (.ics) ----------------------------------------------------------------------

/** Asks where to save the calendar of the meetings `query` selects (the Meetings view's
 * filters; its page is ignored), then writes it; null when the user cancels the dialog. */
export const exportCalendar = (query: MeetingFilter) =>
  call(core.invoke<CalendarSaved | null>("export_calendar", { query }));

/** Asks where to save the actions `query` selects that have a due-by date, as tasks or (asEvents)
 * as all-day events; null when the user cancels the dialog. */
export const exportActions = (query: ActionFilter, asEvents: boolean) =>
  call(core.invoke<CalendarSaved | null>("export_actions", { query, asEvents }));

/** The saved meeting's invitation: saved, recorded with the meeting, opened with the system's
 * calendar or mail program. */
export const sendInvitation = (key: string) => call(core.invoke<CalendarSent>("send_invitation", { key }));

/** The saved meeting's cancellation (same UID, SEQUENCE + 1); the meeting becomes cancelled. */
export const sendCancellation = (key: string) => call(core.invoke<CalendarSent>("send_cancellation", { key }));

/** Asks for an .ics file in the native dialog, then imports it all or nothing; null when the
 * user cancels the dialog. */
export const importCalendarFile = () => call(core.invoke<CalendarImport | null>("import_calendar_file"));

/** Calls `cb` with what became of each file dropped on the window (imported in Rust), from now
 * on. Resolves to a function that stops the calls. */
export async function onCalendarDrop(cb: (drop: CalendarDrop) => void): Promise<() => void> {
  const channel = new core.Channel<CalendarDrop>();
  let live = true;
  channel.onmessage = (drop) => {
    if (live) cb(drop);
  };
  await call(core.invoke<null>("listen_calendar_drops", { channel }));
  return () => {
    live = false;
  };
}

/** Asks for a register file in the native dialog, then imports it, all or nothing, telling
 * `onProgress` each stage; null when the user cancels the dialog. */
export function importRegisterFile(onProgress: (progress: Progress) => void = () => {}) {
  const progress = new core.Channel<Progress>();
  progress.onmessage = onProgress;
  return call(core.invoke<ImportSummary | null>("import_register_file", { progress }));
}

/** Asks where to save a backup in the native dialog, then writes it; null when the user
 * cancels the dialog. */
export const backupRegisterFile = () => call(core.invoke<BackupSummary | null>("backup_register_file"));

export const loadSampleRegister = () => call(core.invoke<ImportSummary>("load_sample_register"));

// ---- the native menu ---------------------------------------------------------------------

/** The ids the native menu sends. */
export const MENU_IDS = [
  "new-meeting",
  "search",
  "save",
  "import",
  "backup",
  "settings",
  "home",
  "meetings",
  "actions",
  "directory",
  "codes",
] as const;
export type MenuId = (typeof MENU_IDS)[number];

export function isMenuId(value: unknown): value is MenuId {
  return typeof value === "string" && (MENU_IDS as readonly string[]).includes(value);
}

/** Calls `cb` with the id of each native menu item chosen, from now on (`listen_menu`: the
 * desktop keeps the latest channel opened). Resolves to a function that stops the calls. */
export async function onMenu(cb: (id: string) => void): Promise<() => void> {
  const channel = new core.Channel<string>();
  let live = true;
  channel.onmessage = (id) => {
    if (live) cb(id);
  };
  await call(core.invoke<null>("listen_menu", { channel }));
  return () => {
    live = false;
  };
}

/** The indicators an organisation has figures of, each with its latest figure and a small chart. */
export const organisationIndicators = (key: string) =>
  call(core.invoke<OrganisationIndicator[]>("organisation_indicators", { key }));

/** The figures of the exercises a meeting names, for the organisations present (`organisations`
 * and those of `people`). */
export const meetingFigures = (exercises: string[], organisations: string[], people: string[]) =>
  call(core.invoke<ExerciseFigures[]>("meeting_figures", { exercises, organisations, people }));
