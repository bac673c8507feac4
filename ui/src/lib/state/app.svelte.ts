// What the whole window shares: the open register, the directory (for names and pickers),
// the Codes, my settings and today's date (the desktop's clock, from the `home` command).

import * as api from "../api";
import type { Code } from "../bindings/Code";
import type { Directory } from "../bindings/Directory";
import type { HomeView } from "../bindings/HomeView";
import type { Organisation } from "../bindings/Organisation";
import type { Person } from "../bindings/Person";
import type { RegisterInfo } from "../bindings/RegisterInfo";
import type { Settings } from "../bindings/Settings";
import { msToDate } from "../dates";
import { status } from "./status.svelte";

function webviewToday(): string {
  const now = new Date();
  return msToDate(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** `list` (by name) with `record` in place of the one with its key, if any. */
function put<T extends { key: string; name: string }>(list: T[], record: T): T[] {
  const out = list.filter((r) => r.key !== record.key);
  out.push(record);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface PartyOption {
  key: string;
  label: string;
  detail: string;
  kind: "person" | "organisation";
}

class AppState {
  register = $state.raw<RegisterInfo | null>(null);
  directory = $state.raw<Directory>({ organisations: [], people: [] });
  codes = $state.raw<Code[]>([]);
  settings = $state.raw<Settings | null>(null);
  /** Today as the desktop sees it; the webview's date until the first `home` answer. */
  today = $state(webviewToday());
  /** Bumped when the register changed underneath the views (import, sample): they reload. */
  revision = $state(0);

  organisations = $derived(new Map(this.directory.organisations.map((o) => [o.key, o])));
  people = $derived(new Map(this.directory.people.map((p) => [p.key, p])));
  codeTitles = $derived(new Map(this.codes.map((c) => [c.key, c.shortTitle || c.title])));

  /** People and organisations for pickers, organisations' people described by organisation. */
  parties = $derived.by<PartyOption[]>(() => {
    const out: PartyOption[] = [];
    for (const p of this.directory.people) {
      out.push({ key: p.key, label: p.name, detail: this.personDetail(p), kind: "person" });
    }
    for (const o of this.directory.organisations) {
      out.push({ key: o.key, label: o.name, detail: o.acronym ?? "", kind: "organisation" });
    }
    return out;
  });

  /** The options of pickers: people, organisations, or both (organisations tagged so). */
  personOptions = $derived(
    this.parties.filter((p) => p.kind === "person").map((p) => ({ key: p.key, label: p.label, detail: p.detail })),
  );
  organisationOptions = $derived(
    this.directory.organisations.map((o) => ({ key: o.key, label: o.name, detail: o.acronym ?? "" })),
  );
  partyOptions = $derived(
    this.parties.map((p) => ({
      key: p.key,
      label: p.label,
      detail: p.detail,
      tag: p.kind === "organisation" ? "organisation" : undefined,
    })),
  );

  /** An organisation as flashes name it: its acronym, else its name. */
  orgName(key: string | undefined): string {
    if (!key) return "";
    const o = this.organisations.get(key);
    return o ? o.acronym || o.name : key;
  }

  personName(key: string | undefined): string {
    if (!key) return "";
    return this.people.get(key)?.name ?? key;
  }

  /** What is shown under a person's name: `organisation · role`, either alone, or nothing. */
  personDetail(p: Person): string {
    return [this.orgName(p.organisation), p.role ?? ""].filter(Boolean).join(" · ");
  }

  /** A person (with their organisation) or an organisation. */
  partyName(key: string): string {
    const p = this.people.get(key);
    if (p) {
      const org = p.organisation ? this.orgName(p.organisation) : "";
      return org ? `${p.name} (${org})` : p.name;
    }
    return this.orgName(key);
  }

  codeName(key: string): string {
    return this.codeTitles.get(key) ?? key;
  }

  async refreshRegister(): Promise<void> {
    try {
      this.register = await api.registerInfo();
    } catch (e) {
      status.error(e, "Could not read the register");
    }
  }

  async loadDirectory(): Promise<void> {
    try {
      this.directory = await api.directory();
    } catch (e) {
      status.error(e, "Could not load the directory");
    }
  }

  async loadCodes(): Promise<void> {
    try {
      this.codes = await api.codes();
    } catch (e) {
      status.error(e, "Could not load the Codes");
    }
  }

  async loadSettings(): Promise<void> {
    try {
      this.settings = await api.getSettings();
    } catch (e) {
      status.error(e, "Could not load the settings");
    }
  }

  // The first answers the window waits for, asked before the first render (`prefetch`) and
  // taken once.
  private earlyInfo: Promise<RegisterInfo> | null = null;
  private earlyHome: Promise<HomeView> | null = null;

  /** Sends the start-up requests at once, before the page is first laid out, so that the core
   * answers them while WebKit lays out the page; the home view first, as the window waits for it. */
  prefetch(): void {
    this.earlyHome = api.home();
    this.earlyInfo = api.registerInfo();
    // Rejections are handled where the promises are taken; this keeps them from being "unhandled".
    this.earlyHome.catch(() => {});
    this.earlyInfo.catch(() => {});
  }

  /** The prefetched register info, once; else a fresh request. */
  takeRegisterInfo(): Promise<RegisterInfo> {
    const early = this.earlyInfo;
    this.earlyInfo = null;
    return early ?? api.registerInfo();
  }

  /** The prefetched home view, once; else a fresh request. */
  takeHome(): Promise<HomeView> {
    const early = this.earlyHome;
    this.earlyHome = null;
    return early ?? api.home();
  }

  /** Everything, after the register changed as a whole (import, sample register). */
  async reloadAll(): Promise<void> {
    await Promise.all([this.refreshRegister(), this.loadDirectory(), this.loadCodes(), this.loadSettings()]);
    this.revision++;
  }

  /** A record just saved, into the directory without a round trip. */
  putPerson(person: Person): void {
    this.directory = { ...this.directory, people: put(this.directory.people, person) };
    void this.refreshRegister();
  }

  putOrganisation(organisation: Organisation): void {
    this.directory = { ...this.directory, organisations: put(this.directory.organisations, organisation) };
    void this.refreshRegister();
  }
}

export const app = new AppState();
