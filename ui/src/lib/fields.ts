// From a Problem's `field` (a path relative to the record saved: `end`,
// `participants[1].person`, `points[2].points[0].text`) to the form control that shows that
// field. Controls carry the id `<form>:<path>`; a path that names no control of its own
// (an owner of an action, a list entry) falls back to its nearest enclosing field.

/** The DOM id of the control of `path` in form `form`. */
export function controlId(form: string, path: string): string {
  return `${form}:${path}`;
}

/** The id of the element holding the error message of a control. */
export function errorId(form: string, path: string): string {
  return `${controlId(form, path)}-error`;
}

/** `path`, then each shorter path that encloses it: `actions[0].owners[1]`,
 * `actions[0].owners`, `actions[0]`, `actions`. */
export function fieldCandidates(path: string): string[] {
  const out: string[] = [];
  let rest = path.trim();
  while (rest) {
    if (!out.includes(rest)) out.push(rest);
    // A participant names a person or an organisation; either control shows the entry.
    const entry = /^participants\[(\d+)\]$/.exec(rest);
    if (entry) {
      for (const alt of [`${rest}.person`, `${rest}.organisation`]) if (!out.includes(alt)) out.push(alt);
    }
    const index = /\[\d+\]$/.exec(rest);
    if (index) {
      rest = rest.slice(0, index.index);
      continue;
    }
    const dot = rest.lastIndexOf(".");
    rest = dot > 0 ? rest.slice(0, dot) : "";
  }
  return out;
}

/** The first candidate path of `field` for which `exists(path)` holds; null for a record-level
 * problem (no field, or the empty field) or when the form has no such control. */
export function resolveField(field: string | undefined, exists: (path: string) => boolean): string | null {
  if (!field) return null;
  for (const candidate of fieldCandidates(field)) if (exists(candidate)) return candidate;
  return null;
}

const NAMES: Record<string, string> = {
  title: "Title",
  kind: "Kind",
  codes: "Codes",
  start: "Start",
  end: "End",
  timezone: "Time zone",
  location: "Location",
  status: "Status",
  objective: "Objective",
  organiser: "Organiser",
  followUpOf: "Follow-up of",
  participants: "Participants",
  points: "Points discussed",
  actions: "Agreed actions",
  flash: "Flash",
  transparency: "Transparency",
  scope: "scope",
  reason: "reason",
  published: "published on",
  person: "person",
  organisation: "organisation",
  text: "text",
  by: "party",
  due: "due date",
  duePeriod: "period",
  owners: "owners",
  followUps: "follow-up notes",
  from: "From",
  to: "To",
  cc: "Cc",
  subject: "Subject",
  sent: "Sent",
  name: "Name",
  familyName: "Family name",
  email: "E-mail",
  role: "Role",
  acronym: "Acronym",
  transparencyRegisterId: "Transparency Register number",
  signatoryOf: "Codes signed",
  unit: "Unit",
  key: "key",
  date: "date",
};

const SINGULAR: Record<string, string> = {
  participants: "Participant",
  points: "Point",
  actions: "Action",
  owners: "owner",
  followUps: "follow-up note",
  codes: "Code",
  to: "To",
  cc: "Cc",
  signatoryOf: "Code signed",
};

/** A field path as a reader names it: `points[2].points[0].text` is "Point 3.1 text",
 * `actions[0].due` "Action 1 due date", `participants[1].person` "Participant 2 person". */
export function fieldLabel(path: string): string {
  const parts: string[] = [];
  const re = /([A-Za-z]+)(?:\[(\d+)\])?/g;
  let number: string[] = [];
  let numbered: string | null = null;
  for (const m of path.matchAll(re)) {
    const [, name, index] = m;
    if (name === "points" && numbered === "points" && index !== undefined) {
      number.push(String(Number(index) + 1));
      continue;
    }
    if (numbered) {
      parts.push(`${SINGULAR[numbered] ?? numbered} ${number.join(".")}`);
      numbered = null;
      number = [];
    }
    if (index !== undefined) {
      numbered = name;
      number = [String(Number(index) + 1)];
    } else {
      parts.push(NAMES[name] ?? name);
    }
  }
  if (numbered) parts.push(`${SINGULAR[numbered] ?? numbered} ${number.join(".")}`);
  const text = parts.join(" ");
  return text ? text[0].toUpperCase() + text.slice(1) : "";
}
