// What the window shows of the transparency rules. The rules themselves are the core's: which
// kinds of organisation represent interests comes generated from Rust (`IN_SCOPE_KINDS`), and
// every deadline, scope and flag of a meeting is computed there; this module only words them.

import { IN_SCOPE_KINDS } from "../bindings/InScopeKinds";
import type { Organisation } from "../bindings/Organisation";
import type { TransparencyScope } from "../bindings/TransparencyScope";

/** An interest representative without a Transparency Register number: flagged wherever it shows
 * (the Commission should only meet registered organisations). */
export function isUnregistered(o: Pick<Organisation, "kind" | "transparencyRegisterId"> | undefined): boolean {
  return !!o && IN_SCOPE_KINDS.includes(o.kind) && !o.transparencyRegisterId?.trim();
}

/** The flag's words, and what it means (a tooltip). */
export const UNREGISTERED = "Not registered";
export const UNREGISTERED_HINT =
  "An interest representative without a Transparency Register number: the Commission should only meet registered organisations";

/** "8 days left", "1 day left", "due today", "1 day late", "3 days late". */
export function daysLeftLabel(days: number): string {
  if (days === 0) return "due today";
  const n = Math.abs(days);
  const unit = n === 1 ? "day" : "days";
  return days > 0 ? `${n} ${unit} left` : `${n} ${unit} late`;
}

/** The scope control's choices: "auto" gives the scope back to the rules. */
export type ScopeChoice = TransparencyScope | "auto";

export function scopeLabel(scope: TransparencyScope): string {
  return scope === "in-scope" ? "In scope" : "Exempt";
}

/** The options of the scope control, the automatic one saying what the rules suggest. */
export function scopeOptions(suggested: TransparencyScope): { value: ScopeChoice; label: string }[] {
  return [
    { value: "auto", label: `Automatic (${scopeLabel(suggested).toLowerCase()})` },
    { value: "in-scope", label: "In scope (set by hand)" },
    { value: "exempt", label: "Exempt (set by hand)" },
  ];
}

/** This year's first and last days, for a year of `today` (`YYYY-MM-DD`). */
export function yearOf(today: string): { from: string; to: string } {
  const year = today.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
