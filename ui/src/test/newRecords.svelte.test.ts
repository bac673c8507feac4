import { beforeEach, describe, expect, it } from "vitest";
import { getDraft, keepDraft } from "../lib/drafts";
import { NewRecords } from "../lib/editor/newRecords.svelte";
import { app } from "../lib/state/app.svelte";
import { directory, meeting } from "./fixtures";

beforeEach(() => {
  localStorage.clear();
  app.directory = {
    ...directory,
    // A directory record whose key looks like a placeholder: never given twice.
    people: [...directory.people, { key: "new-person-1", name: "Nuno Novo", public: false }],
  };
});

describe("people and organisations created in the editor", () => {
  it("get placeholder keys no record holds, and are named and offered like the directory's", () => {
    const records = new NewRecords();
    const org = records.putOrganisation({ key: "", name: "Agcom", acronym: "AGCOM", kind: "public-authority", signatoryOf: [] });
    expect(org).toBe("new-organisation-1");
    const person = records.putPerson({ key: "", name: "Ana Lopez", organisation: org, public: false });
    expect(person).toBe("new-person-2");
    expect(records.isNew(person)).toBe(true);
    expect(records.isNew("busa")).toBe(false);
    expect(records.partyName(person)).toBe("Ana Lopez (AGCOM)");
    expect(records.partyName("busa")).toBe("Lucrezia Busa (CAB Reynders)");
    expect(records.partyOptions.slice(0, 2).map((o) => [o.key, o.tag])).toEqual([
      [person, "new person"],
      [org, "new organisation"],
    ]);
    // Changing one keeps its key.
    expect(records.putPerson({ key: person, name: "Ana López", organisation: org, public: false })).toBe(person);
    expect(records.personName(person)).toBe("Ana López");
  });

  it("are sent only when the meeting refers to them (a new person's new organisation with it)", () => {
    const records = new NewRecords();
    const org = records.putOrganisation({ key: "", name: "Agcom", kind: "public-authority", signatoryOf: [] });
    const left = records.putOrganisation({ key: "", name: "Left out", kind: "other", signatoryOf: [] });
    const person = records.putPerson({ key: "", name: "Ana Lopez", organisation: org, public: false });
    const m = meeting();
    m.participants.push({ person, attendance: "invited", response: "needs-action", role: "participant" });
    const used = records.used(m);
    expect(used.people.map((p) => p.key)).toEqual([person]);
    expect(used.organisations.map((o) => o.key)).toEqual([org]);
    expect(used.organisations.map((o) => o.key)).not.toContain(left);
  });

  it("are kept with the meeting's draft", () => {
    const person = { key: "new-person-2", name: "Ana Lopez", public: false };
    keepDraft({ id: "new-x", register: "/r", meeting: meeting(), base: null, newPeople: [person] });
    expect(getDraft("new-x")?.newPeople).toEqual([person]);
    expect(getDraft("new-x")?.newOrganisations).toBeUndefined();
  });
});
