import { describe, expect, it } from "vitest";
import { formatCount } from "../lib/numbers";

describe("formatCount", () => {
  it("separates thousands with commas, as British English writes them", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1)).toBe("1");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(2723)).toBe("2,723");
    expect(formatCount(1234567)).toBe("1,234,567");
  });

  it("writes what toLocaleString(\"en-GB\") writes", () => {
    for (const n of [0, 7, 1000, 2723, 98765, 1000000, -1234]) expect(formatCount(n)).toBe(n.toLocaleString("en-GB"));
  });
});
