// The text of a meeting flash, as the policy officer pastes it into the e-mail to the
// Commissioner's cabinet: the meeting, who took part, the main points by party, the actions
// agreed with their owners and due dates, and the footer lines.

import type { Meeting } from "./bindings/Meeting";
import type { Point } from "./bindings/Point";
import type { Settings } from "./bindings/Settings";
import { formatDue, formatSpan } from "./dates";

export interface Names {
  /** An organisation as flashes name it (acronym). */
  org(key: string): string;
  person(key: string): string;
  /** A person or an organisation. */
  party(key: string): string;
  /** A person's organisation key. */
  organisationOf(key: string): string | undefined;
}

function points(list: readonly Point[], names: Names, depth: number, out: string[]): void {
  for (const p of list) {
    const by = p.by ? `${names.org(p.by)}: ` : "";
    const indent = "  ".repeat(depth);
    const lines = p.text.trim().split("\n");
    out.push(`${indent}- ${by}${lines[0] ?? ""}`);
    for (const line of lines.slice(1)) out.push(`${indent}  ${line}`);
    points(p.points, names, depth + 1, out);
  }
}

/** Participants grouped by organisation: `CAB Reynders (Lucrezia Busa, …)`, attended or invited. */
export function participantsLine(meeting: Meeting, names: Names): string {
  const groups = new Map<string, string[]>();
  const order: string[] = [];
  const add = (group: string, who?: string) => {
    if (!groups.has(group)) {
      groups.set(group, []);
      order.push(group);
    }
    if (who) groups.get(group)!.push(who);
  };
  for (const p of meeting.participants) {
    if (p.attendance === "absent" || p.attendance === "excused") continue;
    if (p.person) {
      const org = names.organisationOf(p.person);
      add(org ? names.org(org) : names.person(p.person), org ? names.person(p.person) : undefined);
    } else if (p.organisation) {
      add(names.org(p.organisation));
    }
  }
  return order.map((g) => (groups.get(g)!.length ? `${g} (${groups.get(g)!.join(", ")})` : g)).join("; ");
}

export function flashText(meeting: Meeting, names: Names, settings: Settings | null, codes: (key: string) => string): string {
  const out: string[] = [];
  const flash = meeting.flash;
  if (flash) {
    out.push(`Subject: ${flash.subject}`);
    if (flash.from) out.push(`From: ${names.person(flash.from)}`);
    if (flash.to.length) out.push(`To: ${flash.to.map((k) => names.person(k)).join("; ")}`);
    if (flash.cc.length) out.push(`Cc: ${flash.cc.map((k) => names.person(k)).join("; ")}`);
    out.push("");
  }
  out.push(meeting.title || "(untitled meeting)");
  const where = [formatSpan(meeting.start, meeting.end) + ` (${meeting.timezone})`, meeting.location]
    .filter(Boolean)
    .join(", ");
  out.push(where);
  if (meeting.codes.length) out.push(`Code: ${meeting.codes.map(codes).join("; ")}`);
  const who = participantsLine(meeting, names);
  if (who) out.push(`Participants: ${who}`);
  if (meeting.objective?.trim()) {
    out.push("", "Objective", meeting.objective.trim());
  }
  if (meeting.points.length) {
    out.push("", "Main points");
    points(meeting.points, names, 0, out);
  }
  if (meeting.actions.length) {
    out.push("", "Agreed actions");
    for (const a of meeting.actions) {
      const owners = a.owners.map((k) => names.party(k)).join(", ");
      const due = a.due || a.duePeriod ? ` (by ${formatDue(a.due, a.duePeriod)})` : "";
      out.push(`- ${owners ? owners + ": " : ""}${a.title}${due}`);
    }
  }
  const footer = settings
    ? [settings.footerInstitution, settings.footerDirectorate, settings.footerUnit].filter((l) => l.trim())
    : [];
  if (footer.length) out.push("", ...footer);
  return out.join("\n");
}
