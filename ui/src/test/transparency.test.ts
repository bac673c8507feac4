import { describe, expect, it } from "vitest";
import { daysLeftLabel, isUnregistered, scopeOptions, yearOf } from "../lib/transparency/rules";

describe("transparency words", () => {
  it("flags an interest representative without a register number, never the Commission", () => {
    expect(isUnregistered({ kind: "platform" })).toBe(true);
    expect(isUnregistered({ kind: "platform", transparencyRegisterId: "  " })).toBe(true);
    expect(isUnregistered({ kind: "platform", transparencyRegisterId: "289741923213-62" })).toBe(false);
    expect(isUnregistered({ kind: "commission" })).toBe(false);
    expect(isUnregistered({ kind: "public-authority" })).toBe(false);
    expect(isUnregistered({ kind: "other" })).toBe(true);
    expect(isUnregistered(undefined)).toBe(false);
  });

  it("counts days down to the deadline, then late", () => {
    expect(daysLeftLabel(8)).toBe("8 days left");
    expect(daysLeftLabel(1)).toBe("1 day left");
    expect(daysLeftLabel(0)).toBe("due today");
    expect(daysLeftLabel(-1)).toBe("1 day late");
    expect(daysLeftLabel(-30)).toBe("30 days late");
  });

  it("says what the automatic scope is, and spans this year", () => {
    expect(scopeOptions("exempt")[0]).toEqual({ value: "auto", label: "Automatic (exempt)" });
    expect(yearOf("2026-12-04")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });
});
