// A small register for component tests, after the seed meeting of 24 June 2021.
import type { Directory } from "../lib/bindings/Directory";
import type { Meeting } from "../lib/bindings/Meeting";
import type { RegisterInfo } from "../lib/bindings/RegisterInfo";

export const register: RegisterInfo = {
  path: "/tmp/test-register.sqlite3",
  counts: { codes: 1, organisations: 3, people: 2, meetings: 1, actions: 1 },
  empty: false,
};

export const directory: Directory = {
  organisations: [
    { key: "cab-reynders", name: "Cabinet of Commissioner Reynders", acronym: "CAB Reynders", kind: "commission", signatoryOf: [] },
    { key: "youtube", name: "YouTube", kind: "platform", signatoryOf: ["coc-hate-speech"] },
    { key: "twitter", name: "Twitter", kind: "platform", signatoryOf: ["coc-hate-speech"] },
  ],
  people: [
    { key: "busa", name: "Lucrezia Busa", organisation: "cab-reynders", role: "Member of Cabinet", public: true },
    { key: "yt-rep", name: "YouTube representative", organisation: "youtube", public: false },
  ],
};

export function meeting(): Meeting {
  return {
    key: "2021-06-24-it-companies",
    title: "Exchange with IT companies",
    kind: "meeting",
    codes: ["coc-hate-speech"],
    start: "2021-06-24T11:00",
    end: "2021-06-24T12:30",
    timezone: "Europe/Brussels",
    location: "Videoconference",
    status: "held",
    participants: [
      { person: "busa", attendance: "attended", response: "needs-action", role: "chair" },
      { person: "yt-rep", attendance: "attended", response: "needs-action", role: "participant" },
    ],
    points: [
      {
        by: "youtube",
        text: "Needs to improve cooperation with NGOs.",
        points: [{ by: "cab-reynders", text: "Flags must be treated alike.", points: [] }],
      },
    ],
    actions: [
      {
        key: "a-workshop",
        title: "Organise a workshop",
        owners: ["youtube"],
        due: "2021-11-30",
        duePeriod: "autumn 2021",
        status: "open",
        followUps: [],
      },
    ],
  };
}
