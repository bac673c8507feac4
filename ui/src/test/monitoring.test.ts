import { describe, expect, it } from "vitest";
import type { MonitoringCode } from "../lib/bindings/MonitoringCode";
import { changeText, choose, pointLabel, pointPlace, presentParties, valueText } from "../lib/monitoring/words";

const point = { series: 1, exercise: "6th-monitoring", exerciseTitle: "6th monitoring", value: 80.1, text: "80.1 %", x: 440, y: 110 };
const series = [
  { organisation: null, name: "All organisations", colour: "#444444" },
  { organisation: "tiktok", name: "TikTok", colour: "#1F77B4" },
];

describe("monitoring words", () => {
  it("shows values with their unit", () => {
    expect(valueText(62.5, "percent")).toBe("62.5 %");
    expect(valueText(4543, "count")).toBe("4,543");
    expect(valueText(2.5, "count")).toBe("2.5");
  });

  it("signs a change and says better or worse", () => {
    expect(changeText({ value: 62.5, change: -8.5, trend: "worse" }, "percent")).toBe("−8.5 pp, worse");
    expect(changeText({ value: 63.6, change: 1.1, trend: "better" }, "percent")).toBe("+1.1 pp, better");
    expect(changeText({ value: 4543, change: 1200, trend: "better" }, "count")).toBe("+1,200, better");
    expect(changeText({ value: 5, change: 0, trend: "same" }, "count")).toBe("±0, no change");
    expect(changeText({ value: 5, change: null, trend: null }, "count")).toBe("");
  });

  it("names a point's organisation, exercise and exact value", () => {
    expect(pointLabel(point, series)).toBe("TikTok, 6th monitoring: 80.1 %");
  });

  it("places a hover target in percent of the chart, so it follows the chart's scale", () => {
    expect(pointPlace(point, 880, 440)).toEqual({ left: 50, top: 25 });
  });

  it("keeps the Code and indicator asked when they exist, else takes the first", () => {
    const codes: MonitoringCode[] = [
      {
        key: "coc-hate-speech",
        title: "Code of conduct",
        indicators: [
          { key: "reviewed-within-24h", code: "coc-hate-speech", label: "Reviewed within 24h", unit: "percent", better: "higher" },
          { key: "removal-rate", code: "coc-hate-speech", label: "Removal rate", unit: "percent", better: "higher" },
        ],
        exercises: [],
      },
    ];
    expect(choose(codes, "coc-hate-speech", "removal-rate")).toEqual({ code: "coc-hate-speech", indicator: "removal-rate" });
    expect(choose(codes, "gone", "gone")).toEqual({ code: "coc-hate-speech", indicator: "reviewed-within-24h" });
    expect(choose([], undefined, undefined)).toBeNull();
  });

  it("takes the organisations and people present, each once, not those excused", () => {
    const base = { attendance: "attended", response: "accepted", role: "participant" } as const;
    expect(
      presentParties([
        { ...base, person: "anna" },
        { ...base, organisation: "tiktok" },
        { ...base, person: "anna" },
        { ...base, organisation: "tiktok" },
        { ...base, organisation: "youtube" },
        { ...base, organisation: "twitter", attendance: "excused" },
      ]),
    ).toEqual({ organisations: ["tiktok", "youtube"], people: ["anna"] });
  });
});
