// The closed vocabularies of the register with the words the window shows for them.

import type { ActionStatus } from "./bindings/ActionStatus";
import type { Attendance } from "./bindings/Attendance";
import type { MeetingKind } from "./bindings/MeetingKind";
import type { MeetingStatus } from "./bindings/MeetingStatus";
import type { OrgKind } from "./bindings/OrgKind";
import type { ParticipantRole } from "./bindings/ParticipantRole";
import type { Response } from "./bindings/Response";

export type Choice<T extends string> = { value: T; label: string };

export const MEETING_KINDS: Choice<MeetingKind>[] = [
  { value: "meeting", label: "Meeting" },
  { value: "call", label: "Call" },
  { value: "workshop", label: "Workshop" },
  { value: "technical", label: "Technical meeting" },
  { value: "roundtable", label: "Roundtable" },
  { value: "assembly", label: "Assembly of signatories" },
  { value: "annual", label: "Annual meeting" },
];

export const MEETING_STATUSES: Choice<MeetingStatus>[] = [
  { value: "planned", label: "Planned" },
  { value: "held", label: "Held" },
  { value: "cancelled", label: "Cancelled" },
];

export const ACTION_STATUSES: Choice<ActionStatus>[] = [
  { value: "open", label: "Open" },
  { value: "in-progress", label: "In progress" },
  { value: "done", label: "Done" },
  { value: "dropped", label: "Dropped" },
];

export const ATTENDANCES: Choice<Attendance>[] = [
  { value: "invited", label: "Invited" },
  { value: "attended", label: "Attended" },
  { value: "excused", label: "Excused" },
  { value: "absent", label: "Absent" },
];

export const RESPONSES: Choice<Response>[] = [
  { value: "needs-action", label: "No answer yet" },
  { value: "accepted", label: "Accepted" },
  { value: "tentative", label: "Tentative" },
  { value: "declined", label: "Declined" },
];

export const PARTICIPANT_ROLES: Choice<ParticipantRole>[] = [
  { value: "participant", label: "Participant" },
  { value: "chair", label: "Chair" },
  { value: "speaker", label: "Speaker" },
  { value: "note-taker", label: "Note-taker" },
];

export const ORG_KINDS: Choice<OrgKind>[] = [
  { value: "platform", label: "Platform" },
  { value: "civil-society", label: "Civil-society organisation" },
  { value: "trusted-flagger", label: "Trusted flagger" },
  { value: "fact-checker", label: "Fact-checker" },
  { value: "advertising", label: "Advertising" },
  { value: "research", label: "Research" },
  { value: "public-authority", label: "Public authority" },
  { value: "commission", label: "European Commission" },
  { value: "other", label: "Other" },
];

export function labelOf<T extends string>(choices: Choice<T>[], value: T | undefined): string {
  return choices.find((c) => c.value === value)?.label ?? value ?? "";
}
