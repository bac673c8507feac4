// Dates (`YYYY-MM-DD`) and local times (`YYYY-MM-DDTHH:MM[:SS]`) of the register, as text.
// Calendar arithmetic is done on the wall clock in UTC so the machine's own zone never leaks
// in; zone conversions go through Intl with the meeting's IANA zone.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= last;
}

export function isDate(text: string | undefined): text is string {
  const m = text ? DATE_RE.exec(text) : null;
  return !!m && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isLocalTime(text: string | undefined): text is string {
  const m = text ? LOCAL_RE.exec(text) : null;
  if (!m) return false;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? "0")];
  return validYmd(Number(m[1]), Number(m[2]), Number(m[3])) && h < 24 && min < 60 && s < 60;
}

/** A date as typed by a European user: `2021-06-24`, `24/06/2021`, `24.6.2021`, `24-06-2021`.
 * Returns the ISO form, or null when the text is not a valid date. */
export function parseDateInput(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const eu = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (eu) [d, m, y] = [Number(eu[1]), Number(eu[2]), Number(eu[3])];
  else return null;
  return validYmd(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : null;
}

/** A time of day as typed: `9:30`, `09:30`, `9.30`, `930`, `9h30`, `9`. Returns `HH:MM` or null. */
export function parseTimeInput(text: string): string | null {
  const t = text.trim().toLowerCase();
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?(?::(\d{2}))?h?$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  const s = m[3] === undefined ? null : Number(m[3]);
  if (h > 23 || min > 59 || (s !== null && s > 59)) return null;
  return s === null || s === 0 ? `${pad(h)}:${pad(min)}` : `${pad(h)}:${pad(min)}:${pad(s)}`;
}

/** A local time as typed: a date (any form of parseDateInput) and a time of day separated by
 * a space or `T`. Returns the register's form `YYYY-MM-DDTHH:MM[:SS]`, or null. */
export function parseLocalInput(text: string): string | null {
  const t = text.trim().replace(/\s*,\s*/, " ");
  const m = /^(\S+?)(?:T|\s+)(\S+)$/.exec(t);
  if (!m) return null;
  const date = parseDateInput(m[1]);
  const time = parseTimeInput(m[2]);
  return date && time ? `${date}T${time}` : null;
}

/** A local time as shown in a text field: `2021-06-24 11:00`. */
export function formatLocalInput(local: string): string {
  return isLocalTime(local) ? local.replace("T", " ") : local;
}

function ymd(text: string): [number, number, number] {
  return [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
}

/** Milliseconds of the wall-clock time as if it were UTC (for arithmetic only). */
function wallMs(local: string): number {
  const m = LOCAL_RE.exec(local);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? "0"));
}

function fromWallMs(ms: number, seconds = false): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds && d.getUTCSeconds() ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

export function dateMs(date: string): number {
  const [y, m, d] = ymd(date);
  return Date.UTC(y, m - 1, d);
}

export function msToDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return msToDate(dateMs(date) + days * 86_400_000);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateMs(to) - dateMs(from)) / 86_400_000);
}

/** Minutes between two wall-clock times (daylight-saving shifts ignored, as on a wall clock). */
export function minutesBetween(start: string, end: string): number {
  return Math.round((wallMs(end) - wallMs(start)) / 60_000);
}

export function addMinutes(local: string, minutes: number): string {
  return fromWallMs(wallMs(local) + minutes * 60_000);
}

/** `1 h 30 min`, `45 min`, `2 days 1 h`. */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return "";
  const sign = minutes < 0 ? "−" : "";
  let rest = Math.abs(minutes);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest - hours * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} day${days === 1 ? "" : "s"}`);
  if (hours) parts.push(`${hours} h`);
  if (mins || parts.length === 0) parts.push(`${mins} min`);
  return sign + parts.join(" ");
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `Thu 24 Jun 2021`. */
export function formatDate(date: string, withWeekday = true): string {
  if (!isDate(date)) return date;
  const [y, m, d] = ymd(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${withWeekday ? WEEKDAYS[weekday] + " " : ""}${d} ${MONTHS[m - 1]} ${y}`;
}

/** A local time as the window shows it in text: `24 Jun 2021 11:00` (the weekday in front with
 * `withWeekday`), never the register's `T`. Anything else is shown as it is. */
export function formatDateTime(local: string, withWeekday = false): string {
  if (!isLocalTime(local)) return local;
  return `${formatDate(local.slice(0, 10), withWeekday)} ${local.slice(11, 16)}`;
}

/** Every local time (`2021-06-24T11:00`) inside `text` written as people read it
 * (`24 Jun 2021 11:00`): for messages that quote a time. */
export function readableTimes(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?\b/g, (whole, date: string, time: string) =>
    isDate(date) ? `${formatDate(date, false)} ${time}` : whole,
  );
}

/** `Thu 24 Jun 2021, 11:00`. */
export function formatLocal(local: string): string {
  if (!isLocalTime(local)) return local;
  return `${formatDate(local.slice(0, 10))}, ${local.slice(11, 16)}`;
}

/** `Thu 24 Jun 2021, 11:00–12:30`; an end on another day is written in full. */
export function formatSpan(start: string, end: string): string {
  if (!isLocalTime(start)) return start;
  if (!isLocalTime(end)) return formatLocal(start);
  return start.slice(0, 10) === end.slice(0, 10)
    ? `${formatLocal(start)}–${end.slice(11, 16)}`
    : `${formatLocal(start)} – ${formatLocal(end)}`;
}

/** "today", "tomorrow", "in 3 days", "yesterday", "5 days ago". */
export function relativeDay(date: string, today: string): string {
  const n = daysBetween(today, date);
  if (n === 0) return "today";
  if (n === 1) return "tomorrow";
  if (n === -1) return "yesterday";
  return n > 0 ? `in ${n} days` : `${-n} days ago`;
}

/** How late an action is, in the unit a reader takes in at once: `3 days overdue`,
 * `4 months overdue`, `2 years overdue`. */
export function overdueLabel(due: string, today: string): string {
  const days = daysBetween(due, today);
  if (days <= 0) return "overdue";
  if (days <= 60) return `${days} day${days === 1 ? "" : "s"} overdue`;
  if (days < 730) return `${Math.round(days / 30.44)} months overdue`;
  return `${Math.floor(days / 365.25)} years overdue`;
}

/** The due of an action as agreed: `30 Nov 2021 (autumn 2021)`, or the period alone. */
export function formatDue(due: string | undefined, period: string | undefined): string {
  const date = due ? formatDate(due, false) : "";
  if (date && period) return `${date} (${period})`;
  return date || period || "no due date";
}

/** When an action is due, as the officer sees it: the date it is due by (its own due date,
 * else the end of its period as the core computed it: `dueBy`) and the period as agreed, both:
 * `30 Nov 2021 · autumn 2021`. A period the core could not read shows alone. */
export function formatDueBy(due: string | undefined, period: string | undefined, dueBy?: string): string {
  const by = due || dueBy;
  const date = by ? formatDate(by, false) : "";
  if (date && period) return `${date} · ${period}`;
  return date || period || "no due date";
}

/** What an action's period field says under it: the date the action is due by and the period as
 * agreed ("Due by 30 Nov 2021 · autumn 2021"), where that date comes from, and how to correct it.
 * `end` is the period's last day as the core reads it (`period_end`), null when it reads none. */
export function periodHint(due: string | undefined, period: string | undefined, end: string | null): string {
  const p = period?.trim();
  if (!p) return "";
  if (isDate(due)) {
    const line = `Due by ${formatDate(due, false)} · ${p}`;
    return end && end !== due ? `${line} (the due date given; the period alone ends ${formatDate(end, false)})` : line;
  }
  if (end) return `Due by ${formatDate(end, false)} · ${p} (the end of the period; a due date corrects it)`;
  return `No date can be read from “${p}”: give a due date for the action to count as overdue.`;
}

/** The six (or fewer) Monday-first weeks a month calendar shows, as date strings. */
export function monthGrid(year: number, month: number): string[][] {
  const first = Date.UTC(year, month - 1, 1);
  const offset = (new Date(first).getUTCDay() + 6) % 7; // days since Monday
  const start = first - offset * 86_400_000;
  const last = Date.UTC(year, month, 0);
  const weeks: string[][] = [];
  for (let day = start; day <= last; day += 7 * 86_400_000) {
    weeks.push(Array.from({ length: 7 }, (_, i) => msToDate(day + i * 86_400_000)));
  }
  return weeks;
}

/** The month after (or before, with a negative `delta`) `year`/`month`. */
export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Monday of the week of `date`. */
export function weekStart(date: string): string {
  const weekday = (new Date(dateMs(date)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** The same day `delta` months on, kept inside the month (31 Jan + 1 month is 28 or 29 Feb). */
export function addMonths(date: string, delta: number): string {
  const [y, m, d] = ymd(date);
  const next = shiftMonth(y, m, delta);
  const last = new Date(Date.UTC(next.year, next.month, 0)).getUTCDate();
  return `${pad(next.year, 4)}-${pad(next.month)}-${pad(Math.min(d, last))}`;
}

/** Where a key moves the day in focus of a date picker: ← → a day, ↑ ↓ a week, PageUp/PageDown
 * a month (with Shift a year), Home/End the week's Monday/Sunday. Null for any other key. */
export function moveDay(date: string, key: string, shift = false): string | null {
  switch (key) {
    case "ArrowLeft":
      return addDays(date, -1);
    case "ArrowRight":
      return addDays(date, 1);
    case "ArrowUp":
      return addDays(date, -7);
    case "ArrowDown":
      return addDays(date, 7);
    case "PageUp":
      return addMonths(date, shift ? -12 : -1);
    case "PageDown":
      return addMonths(date, shift ? 12 : 1);
    case "Home":
      return weekStart(date);
    case "End":
      return addDays(weekStart(date), 6);
    default:
      return null;
  }
}

/** The times of day a time picker offers, every `step` minutes: `00:00`, `00:15`... */
export function timeSlots(step = 15): string[] {
  const out: string[] = [];
  for (let m = 0; m < 1440; m += step) out.push(`${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
  return out;
}

/** The slot of `slots` nearest to `time` (`HH:MM`), or the first at or after 09:00 without one. */
export function nearestSlot(slots: string[], time: string | null): number {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const target = time && /^\d{2}:\d{2}/.test(time) ? minutes(time) : 9 * 60;
  let best = 0;
  slots.forEach((slot, i) => {
    if (Math.abs(minutes(slot) - target) < Math.abs(minutes(slots[best]) - target)) best = i;
  });
  return best;
}

/** `local` (`YYYY-MM-DDTHH:MM`) on another day, same time; when `local` cannot be read, `date`
 * at `fallbackTime`. */
export function withDate(local: string, date: string, fallbackTime = "10:00"): string {
  return isLocalTime(local) ? `${date}${local.slice(10)}` : `${date}T${fallbackTime}`;
}

/** `local` at another time of day (`HH:MM`), same day; when `local` cannot be read, the time
 * on `fallbackDate`. */
export function withTime(local: string, time: string, fallbackDate: string): string {
  const date = isLocalTime(local) ? local.slice(0, 10) : fallbackDate;
  return `${date}T${time}`;
}

// ---- time zones ---------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  if (!zone || zone !== zone.trim()) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time of instant `ms` in `zone`, in the register's form (seconds when not 0). */
export function instantToLocal(ms: number, zone: string): string {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const base = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  return parts.second && parts.second !== "00" ? `${base}:${parts.second}` : base;
}

/** The zone's offset from UTC at instant `ms`, in minutes (Brussels in summer: 120). */
export function zoneOffset(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallMs(instantToLocal(whole, zone)) - whole) / 60_000);
}

export type Resolved =
  | { kind: "single"; ms: number }
  | { kind: "ambiguous"; ms: number; later: number }
  | { kind: "gap" };

/** The instant a wall-clock time names in `zone`: none in the spring-forward gap, two in the
 * autumn overlap (the earlier first, as the core takes it). */
export function resolveLocal(local: string, zone: string): Resolved {
  const wall = wallMs(local);
  if (Number.isNaN(wall)) return { kind: "gap" };
  // The offsets a few hours either side cover every transition of the day.
  const offsets = new Set([zoneOffset(wall - 86_400_000 / 2, zone), zoneOffset(wall + 86_400_000 / 2, zone)]);
  offsets.add(zoneOffset(wall, zone));
  const instants = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((ms) => instantToLocal(ms, zone) === fromWallMs(wall, true))
    .sort((a, b) => a - b);
  const unique = [...new Set(instants)];
  if (unique.length === 0) return { kind: "gap" };
  if (unique.length === 1) return { kind: "single", ms: unique[0] };
  return { kind: "ambiguous", ms: unique[0], later: unique[unique.length - 1] };
}

/** The same moment as `local` in `zone`, on the wall clock of `target`; null when it does not exist. */
export function convertLocal(local: string, zone: string, target: string): string | null {
  const r = resolveLocal(local, zone);
  return r.kind === "gap" ? null : instantToLocal(r.ms, target);
}

/** The local time now in `zone` (minutes precision). The webview's clock: used only to prefill
 * a field the user can still edit. */
export function nowIn(zone: string, now: number = Date.now()): string {
  return instantToLocal(Math.floor(now / 60_000) * 60_000, zone);
}

/** The machine's own zone, as Intl reports it. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
