// The Monitoring view's words and places: values and changes as officers read them, the
// hover label of a chart point, where its target sits over the chart, and which Code and
// indicator to show.

import type { ChartPoint } from "../bindings/ChartPoint";
import type { ChartSeries } from "../bindings/ChartSeries";
import type { MonitoringCell } from "../bindings/MonitoringCell";
import type { MonitoringCode } from "../bindings/MonitoringCode";
import type { Participant } from "../bindings/Participant";
import type { Unit } from "../bindings/Unit";
import { formatCount } from "../numbers";

/** A value with its unit: `62.5 %`, `4,543`. */
export function valueText(value: number, unit: Unit): string {
  return unit === "percent" ? `${value} %` : Number.isInteger(value) ? formatCount(value) : String(value);
}

/** A cell's change against the previous exercise, signed, with better or worse:
 * `−8.5 pp, worse`; "" when there is none. */
export function changeText(cell: MonitoringCell, unit: Unit): string {
  if (cell.change === undefined || cell.change === null || !cell.trend) return "";
  const sign = cell.change > 0 ? "+" : cell.change < 0 ? "−" : "±";
  const size = Math.abs(cell.change);
  const amount = unit === "percent" ? `${size} pp` : valueText(size, unit);
  const word = cell.trend === "same" ? "no change" : cell.trend;
  return `${sign}${amount}, ${word}`;
}

/** What hovering a point says: who, which exercise, the exact value. */
export function pointLabel(point: ChartPoint, series: ChartSeries[]): string {
  const name = series[point.series]?.name ?? "";
  return `${name}, ${point.exerciseTitle}: ${point.text}`;
}

/** Where a point sits over the chart as it is shown, in percent of its width and height (the
 * SVG scales with the view, the hover targets with it). */
export function pointPlace(point: ChartPoint, width: number, height: number): { left: number; top: number } {
  return { left: (point.x / width) * 100, top: (point.y / height) * 100 };
}

/** The Code and indicator to show: those asked when the register has them, else the first
 * Code's, else the given Code's first indicator. */
export function choose(
  codes: MonitoringCode[],
  code: string | undefined,
  indicator: string | undefined,
): { code: string; indicator: string } | null {
  const c = codes.find((x) => x.key === code) ?? codes[0];
  if (!c || c.indicators.length === 0) return null;
  const i = c.indicators.find((x) => x.key === indicator) ?? c.indicators[0];
  return { code: c.key, indicator: i.key };
}

/** The organisations and people present at a meeting (not those absent or excused), each once:
 * the keys the core reads the organisations present from (a person stands for their
 * organisation). */
export function presentParties(participants: Participant[]): { organisations: string[]; people: string[] } {
  const organisations = new Set<string>();
  const people = new Set<string>();
  for (const p of participants) {
    if (p.attendance === "absent" || p.attendance === "excused") continue;
    if (p.person) people.add(p.person);
    else if (p.organisation) organisations.add(p.organisation);
  }
  return { organisations: [...organisations], people: [...people] };
}
