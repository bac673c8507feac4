// The people and organisations created from the meeting editor. They are drafts of the
// meeting, not of the directory: each has a placeholder key (`new-person-1`) that the meeting
// refers to, and `save_meeting` stores them with the meeting or not at all. Meanwhile the
// editor names them, offers them in its pickers and marks them "new" through this object,
// which answers for the directory's records too.

import type { Meeting } from "../bindings/Meeting";
import type { Organisation } from "../bindings/Organisation";
import type { Person } from "../bindings/Person";
import type { PickerOption } from "../components/Picker.svelte";
import { app } from "../state/app.svelte";

export const NEW_PERSON = "new-person-";
export const NEW_ORGANISATION = "new-organisation-";

/** Every string of `value`, at any depth (the keys a meeting refers to are among them). */
function strings(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

export class NewRecords {
  people = $state<Person[]>([]);
  organisations = $state<Organisation[]>([]);

  constructor(people: Person[] = [], organisations: Organisation[] = []) {
    this.people = people;
    this.organisations = organisations;
  }

  get empty(): boolean {
    return this.people.length === 0 && this.organisations.length === 0;
  }

  isNew(key: string | undefined): boolean {
    return !!key && (this.people.some((p) => p.key === key) || this.organisations.some((o) => o.key === key));
  }

  person(key: string | undefined): Person | undefined {
    if (!key) return undefined;
    return this.people.find((p) => p.key === key) ?? app.people.get(key);
  }

  organisation(key: string | undefined): Organisation | undefined {
    if (!key) return undefined;
    return this.organisations.find((o) => o.key === key) ?? app.organisations.get(key);
  }

  isPerson(key: string): boolean {
    return this.person(key) !== undefined;
  }

  /** An organisation as flashes name it: its acronym, else its name. */
  orgName(key: string | undefined): string {
    if (!key) return "";
    const o = this.organisation(key);
    return o ? o.acronym || o.name : key;
  }

  personName(key: string | undefined): string {
    if (!key) return "";
    return this.person(key)?.name ?? key;
  }

  /** `organisation · role`, either alone, or nothing. */
  personDetail(p: Person): string {
    return [this.orgName(p.organisation), p.role ?? ""].filter(Boolean).join(" · ");
  }

  /** A person (with their organisation) or an organisation. */
  partyName(key: string): string {
    const p = this.person(key);
    if (p) {
      const org = p.organisation ? this.orgName(p.organisation) : "";
      return org ? `${p.name} (${org})` : p.name;
    }
    return this.orgName(key);
  }

  /** People and organisations for pickers: the new ones first, tagged "new". */
  get partyOptions(): PickerOption[] {
    const fresh: PickerOption[] = [
      ...this.people.map((p) => ({ key: p.key, label: p.name, detail: this.personDetail(p), tag: "new person" })),
      ...this.organisations.map((o) => ({ key: o.key, label: o.name, detail: o.acronym ?? "", tag: "new organisation" })),
    ];
    return fresh.length ? [...fresh, ...app.partyOptions] : app.partyOptions;
  }

  get personOptions(): PickerOption[] {
    const fresh = this.people.map((p) => ({ key: p.key, label: p.name, detail: this.personDetail(p), tag: "new" }));
    return fresh.length ? [...fresh, ...app.personOptions] : app.personOptions;
  }

  get organisationOptions(): PickerOption[] {
    const fresh = this.organisations.map((o) => ({ key: o.key, label: o.name, detail: o.acronym ?? "", tag: "new" }));
    return fresh.length ? [...fresh, ...app.organisationOptions] : app.organisationOptions;
  }

  /** Every organisation, the new ones first. */
  get allOrganisations(): Organisation[] {
    return this.organisations.length ? [...this.organisations, ...app.directory.organisations] : app.directory.organisations;
  }

  /** A placeholder key no record holds: `new-person-1`, `new-organisation-2`. */
  private placeholder(prefix: string): string {
    const taken = (key: string) =>
      app.people.has(key) || app.organisations.has(key) || this.isNew(key);
    let n = 1;
    while (taken(`${prefix}${n}`)) n++;
    return `${prefix}${n}`;
  }

  /** Keeps `person` as new (a placeholder key is given unless it has one of this object's);
   * returns its key. */
  putPerson(person: Person): string {
    const at = this.people.findIndex((p) => p.key === person.key);
    if (person.key && at >= 0) {
      this.people[at] = person;
      return person.key;
    }
    const kept = { ...person, key: this.placeholder(NEW_PERSON) };
    this.people.push(kept);
    return kept.key;
  }

  putOrganisation(organisation: Organisation): string {
    const at = this.organisations.findIndex((o) => o.key === organisation.key);
    if (organisation.key && at >= 0) {
      this.organisations[at] = organisation;
      return organisation.key;
    }
    const kept = { ...organisation, key: this.placeholder(NEW_ORGANISATION) };
    this.organisations.push(kept);
    return kept.key;
  }

  /** The new records `meeting` refers to (and the new organisations of those people), in the
   * order they were created: what a save sends. The others were created, then left out. */
  used(meeting: Meeting): { people: Person[]; organisations: Organisation[] } {
    const refs = strings(meeting, new Set());
    const people = this.people.filter((p) => refs.has(p.key));
    for (const p of people) if (p.organisation) refs.add(p.organisation);
    const organisations = this.organisations.filter((o) => refs.has(o.key));
    return { people, organisations };
  }

  /** Forgets them all (after a save: they are in the directory now). */
  clear(): void {
    this.people = [];
    this.organisations = [];
  }
}
