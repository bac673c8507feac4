import { describe, expect, it } from "vitest";
import type { Meeting } from "../lib/bindings/Meeting";
import { flashText, participantsLine, type Names } from "../lib/flash";

const orgs: Record<string, string> = { "cab-reynders": "CAB Reynders", youtube: "YouTube", "just-c2": "JUST C2" };
const people: Record<string, [string, string]> = {
  busa: ["Lucrezia Busa", "cab-reynders"],
  officer: ["JUST C2 desk officer", "just-c2"],
  yt: ["YouTube representative", "youtube"],
};
const names: Names = {
  org: (k) => orgs[k] ?? k,
  person: (k) => people[k]?.[0] ?? k,
  party: (k) => people[k]?.[0] ?? orgs[k] ?? k,
  organisationOf: (k) => people[k]?.[1],
};

const meeting: Meeting = {
  key: "m",
  title: "Exchange with IT companies",
  kind: "meeting",
  codes: ["coc"],
  start: "2021-06-24T11:00",
  end: "2021-06-24T12:30",
  timezone: "Europe/Brussels",
  location: "Videoconference",
  status: "held",
  objective: "Discuss the 6th monitoring exercise.",
  participants: [
    { person: "busa", attendance: "attended", response: "accepted", role: "chair" },
    { person: "yt", attendance: "attended", response: "accepted", role: "participant" },
    { person: "officer", attendance: "excused", response: "declined", role: "participant" },
  ],
  points: [
    {
      by: "youtube",
      text: "Needs to improve cooperation with NGOs.",
      points: [{ by: "cab-reynders", text: "Flags must be treated alike.", points: [] }],
    },
  ],
  actions: [
    { key: "a", title: "Organise a workshop", owners: ["youtube"], due: "2021-11-30", duePeriod: "autumn 2021", status: "open", followUps: [] },
  ],
  flash: { from: "officer", to: ["busa"], cc: [], subject: "Flash of the meeting with IT companies" },
};

describe("flash", () => {
  it("names who took part, by organisation, leaving out the excused", () => {
    expect(participantsLine(meeting, names)).toBe("CAB Reynders (Lucrezia Busa); YouTube (YouTube representative)");
  });

  it("writes the flash: header, points by party, actions with owners and due", () => {
    const text = flashText(meeting, names, {
      name: "",
      email: "",
      public: false,
      identityAsked: true,
      unit: "",
      footerInstitution: "European Commission",
      footerDirectorate: "DG JUST",
      footerUnit: "",
    }, (k) => (k === "coc" ? "Code of conduct on hate speech" : k));
    expect(text).toContain("Subject: Flash of the meeting with IT companies");
    expect(text).toContain("From: JUST C2 desk officer");
    expect(text).toContain("To: Lucrezia Busa");
    expect(text).toContain("Thu 24 Jun 2021, 11:00–12:30 (Europe/Brussels), Videoconference");
    expect(text).toContain("Code: Code of conduct on hate speech");
    expect(text).toContain("- YouTube: Needs to improve cooperation with NGOs.\n  - CAB Reynders: Flags must be treated alike.");
    expect(text).toContain("- YouTube: Organise a workshop (by 30 Nov 2021 (autumn 2021))");
    expect(text.endsWith("European Commission\nDG JUST")).toBe(true);
  });
});
