import { describe, expect, it } from "vitest";
import {
  addDays,
  addMinutes,
  addMonths,
  formatDateTime,
  formatDueBy,
  moveDay,
  nearestSlot,
  periodHint,
  readableTimes,
  timeSlots,
  weekStart,
  withDate,
  withTime,
  convertLocal,
  daysBetween,
  formatDate,
  formatDue,
  formatDuration,
  formatLocalInput,
  formatSpan,
  instantToLocal,
  isDate,
  isLocalTime,
  isValidZone,
  minutesBetween,
  monthGrid,
  nowIn,
  overdueLabel,
  parseDateInput,
  parseLocalInput,
  parseTimeInput,
  relativeDay,
  resolveLocal,
  shiftMonth,
  zoneOffset,
} from "../lib/dates";

describe("dates", () => {
  it("checks the register's forms strictly", () => {
    expect(isDate("2021-06-24")).toBe(true);
    expect(isDate("2021-02-29")).toBe(false);
    expect(isDate("2024-02-29")).toBe(true);
    expect(isDate("2021-6-24")).toBe(false);
    expect(isLocalTime("2021-06-24T11:00")).toBe(true);
    expect(isLocalTime("2021-06-24T11:00:30")).toBe(true);
    expect(isLocalTime("2021-06-24T24:00")).toBe(false);
    expect(isLocalTime("2021-06-24 11:00")).toBe(false);
  });

  it("reads dates and times as a European user types them", () => {
    expect(parseDateInput("24/06/2021")).toBe("2021-06-24");
    expect(parseDateInput("24.6.2021")).toBe("2021-06-24");
    expect(parseDateInput(" 2021-6-4 ")).toBe("2021-06-04");
    expect(parseDateInput("31/02/2021")).toBeNull();
    expect(parseDateInput("06/24/2021")).toBeNull();
    expect(parseTimeInput("9:30")).toBe("09:30");
    expect(parseTimeInput("9h30")).toBe("09:30");
    expect(parseTimeInput("930")).toBe("09:30");
    expect(parseTimeInput("14")).toBe("14:00");
    expect(parseTimeInput("25:00")).toBeNull();
    expect(parseLocalInput("2021-06-24 11:00")).toBe("2021-06-24T11:00");
    expect(parseLocalInput("2021-06-24T11:00")).toBe("2021-06-24T11:00");
    expect(parseLocalInput("24/06/2021 9.05")).toBe("2021-06-24T09:05");
    expect(parseLocalInput("2021-06-24 11:00:30")).toBe("2021-06-24T11:00:30");
    expect(parseLocalInput("2021-06-24")).toBeNull();
    expect(parseLocalInput("tomorrow 10:00")).toBeNull();
    expect(formatLocalInput("2021-06-24T11:00")).toBe("2021-06-24 11:00");
    expect(formatLocalInput("garbage")).toBe("garbage");
  });

  it("does calendar arithmetic on the wall clock", () => {
    expect(daysBetween("2021-06-24", "2021-07-01")).toBe(7);
    expect(addDays("2026-11-23", 7)).toBe("2026-11-30");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-03-01", -90)).toBe("2025-12-01");
    expect(minutesBetween("2021-06-24T11:00", "2021-06-24T12:30")).toBe(90);
    // Across the spring-forward night the wall clock still says 2 hours.
    expect(minutesBetween("2026-03-29T01:00", "2026-03-29T03:00")).toBe(120);
    expect(addMinutes("2021-06-24T23:30", 90)).toBe("2021-06-25T01:00");
    expect(formatDuration(90)).toBe("1 h 30 min");
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(60 * 24 + 60)).toBe("1 day 1 h");
  });

  it("formats for reading", () => {
    expect(formatDate("2021-06-24")).toBe("Thu 24 Jun 2021");
    expect(formatDate("2021-06-24", false)).toBe("24 Jun 2021");
    expect(formatSpan("2021-06-24T11:00", "2021-06-24T12:30")).toBe("Thu 24 Jun 2021, 11:00–12:30");
    expect(formatSpan("2021-06-24T11:00", "2021-06-25T09:00")).toBe(
      "Thu 24 Jun 2021, 11:00 – Fri 25 Jun 2021, 09:00",
    );
    expect(formatDue("2021-11-30", "autumn 2021")).toBe("30 Nov 2021 (autumn 2021)");
    expect(formatDue(undefined, "over the summer")).toBe("over the summer");
    expect(formatDue(undefined, undefined)).toBe("no due date");
    expect(overdueLabel("2021-09-22", "2021-09-27")).toBe("5 days overdue");
    expect(overdueLabel("2021-09-26", "2021-09-27")).toBe("1 day overdue");
    expect(overdueLabel("2021-09-22", "2022-01-27")).toBe("4 months overdue");
    expect(overdueLabel("2021-09-22", "2026-11-23")).toBe("5 years overdue");
    expect(relativeDay("2021-06-25", "2021-06-24")).toBe("tomorrow");
    expect(relativeDay("2021-06-20", "2021-06-24")).toBe("4 days ago");
  });

  it("lays out a month Monday first", () => {
    const june = monthGrid(2021, 6);
    expect(june[0][0]).toBe("2021-05-31"); // 1 June 2021 was a Tuesday
    expect(june[june.length - 1][6]).toBe("2021-07-04");
    expect(june.every((w) => w.length === 7)).toBe(true);
    const feb = monthGrid(2021, 2); // starts on a Monday, four weeks exactly
    expect(feb.length).toBe(4);
    expect(shiftMonth(2021, 12, 1)).toEqual({ year: 2022, month: 1 });
    expect(shiftMonth(2021, 1, -1)).toEqual({ year: 2020, month: 12 });
  });

  it("converts between zones and spots the daylight-saving gap and overlap", () => {
    expect(isValidZone("Europe/Brussels")).toBe(true);
    expect(isValidZone("Europe/Bruxelles")).toBe(false);
    expect(isValidZone("")).toBe(false);
    const summer = Date.UTC(2021, 5, 24, 9, 0);
    expect(zoneOffset(summer, "Europe/Brussels")).toBe(120);
    expect(instantToLocal(summer, "Europe/Brussels")).toBe("2021-06-24T11:00");
    expect(resolveLocal("2021-06-24T11:00", "Europe/Brussels")).toEqual({ kind: "single", ms: summer });
    expect(resolveLocal("2026-03-29T02:30", "Europe/Brussels")).toEqual({ kind: "gap" });
    const overlap = resolveLocal("2026-10-25T02:30", "Europe/Brussels");
    expect(overlap.kind).toBe("ambiguous");
    if (overlap.kind === "ambiguous") expect(overlap.later - overlap.ms).toBe(3_600_000);
    expect(convertLocal("2021-06-24T11:00", "Europe/Brussels", "America/New_York")).toBe("2021-06-24T05:00");
    expect(convertLocal("2026-03-29T02:30", "Europe/Brussels", "UTC")).toBeNull();
    expect(nowIn("Asia/Singapore", Date.UTC(2021, 5, 24, 20, 30, 45))).toBe("2021-06-25T04:30");
  });
});

describe("dates shown and picked", () => {
  it("shows local times as people read them, never with a T", () => {
    expect(formatDateTime("2021-06-24T11:00")).toBe("24 Jun 2021 11:00");
    expect(formatDateTime("2021-06-24T11:00", true)).toBe("Thu 24 Jun 2021 11:00");
    expect(formatDateTime("not a time")).toBe("not a time");
    expect(readableTimes("end 2021-06-24T10:00 is before start 2021-06-24T11:00:30")).toBe(
      "end 24 Jun 2021 10:00 is before start 24 Jun 2021 11:00",
    );
    expect(readableTimes("2021-02-30T10:00 is not a date")).toBe("2021-02-30T10:00 is not a date");
  });

  it("reads the usual ways of typing dates and times", () => {
    expect(parseDateInput("2021-06-24")).toBe("2021-06-24");
    expect(parseDateInput("24/06/2021")).toBe("2021-06-24");
    expect(parseDateInput("24.6.2021")).toBe("2021-06-24");
    expect(parseTimeInput("11:00")).toBe("11:00");
    expect(parseTimeInput("11h")).toBe("11:00");
    expect(parseLocalInput("24.6.2021 11h")).toBe("2021-06-24T11:00");
  });

  it("shows the due date and the period as agreed, both", () => {
    expect(formatDueBy(undefined, "autumn 2021", "2021-11-30")).toBe("30 Nov 2021 · autumn 2021");
    expect(formatDueBy("2021-11-15", "autumn 2021", "2021-11-15")).toBe("15 Nov 2021 · autumn 2021");
    expect(formatDueBy("2021-09-30", undefined, "2021-09-30")).toBe("30 Sep 2021");
    expect(formatDueBy(undefined, "at the next meeting", undefined)).toBe("at the next meeting");
    expect(formatDueBy(undefined, undefined, undefined)).toBe("no due date");
  });

  it("says under the period when the action is due by and how to correct it", () => {
    expect(periodHint(undefined, "autumn 2021", "2021-11-30")).toBe(
      "Due by 30 Nov 2021 · autumn 2021 (the end of the period; a due date corrects it)",
    );
    expect(periodHint("2021-11-15", "autumn 2021", "2021-11-30")).toBe(
      "Due by 15 Nov 2021 · autumn 2021 (the due date given; the period alone ends 30 Nov 2021)",
    );
    expect(periodHint("2021-11-30", "autumn 2021", "2021-11-30")).toBe("Due by 30 Nov 2021 · autumn 2021");
    expect(periodHint(undefined, "at the next meeting", null)).toContain("No date can be read from “at the next meeting”");
    expect(periodHint("2021-11-30", undefined, null)).toBe("");
  });

  it("moves the day of a date picker by the keys", () => {
    expect(moveDay("2021-06-24", "ArrowRight")).toBe("2021-06-25");
    expect(moveDay("2021-06-30", "ArrowRight")).toBe("2021-07-01");
    expect(moveDay("2021-06-24", "ArrowUp")).toBe("2021-06-17");
    expect(moveDay("2021-06-24", "ArrowDown")).toBe("2021-07-01");
    expect(moveDay("2021-01-31", "PageDown")).toBe("2021-02-28");
    expect(moveDay("2024-01-31", "PageDown")).toBe("2024-02-29");
    expect(moveDay("2021-06-24", "PageUp", true)).toBe("2020-06-24");
    expect(moveDay("2021-06-24", "Home")).toBe("2021-06-21"); // a Thursday: its Monday
    expect(moveDay("2021-06-24", "End")).toBe("2021-06-27");
    expect(moveDay("2021-06-24", "a")).toBeNull();
    expect(weekStart("2021-06-21")).toBe("2021-06-21");
    expect(addMonths("2021-12-15", 1)).toBe("2022-01-15");
  });

  it("offers the quarter hours and puts a picked day or time into a local time", () => {
    const slots = timeSlots(15);
    expect(slots.length).toBe(96);
    expect(slots.slice(0, 3)).toEqual(["00:00", "00:15", "00:30"]);
    expect(slots[nearestSlot(slots, "11:07")]).toBe("11:00");
    expect(slots[nearestSlot(slots, "11:08")]).toBe("11:15");
    expect(slots[nearestSlot(slots, null)]).toBe("09:00");
    expect(withDate("2021-06-24T11:00", "2021-07-01")).toBe("2021-07-01T11:00");
    expect(withDate("garbled", "2021-07-01")).toBe("2021-07-01T10:00");
    expect(withTime("2021-06-24T11:00", "14:30", "2030-01-01")).toBe("2021-06-24T14:30");
    expect(withTime("", "14:30", "2030-01-01")).toBe("2030-01-01T14:30");
  });
});
