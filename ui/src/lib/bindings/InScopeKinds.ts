// Generated from the Rust list `transparency::IN_SCOPE_KINDS` (src/bindings.rs). Do not edit.
import type { OrgKind } from "./OrgKind";

/** The kinds of organisation whose meetings with the Commission are published. */
export const IN_SCOPE_KINDS: readonly OrgKind[] = [
  "platform",
  "civil-society",
  "trusted-flagger",
  "fact-checker",
  "advertising",
  "research",
  "other",
];
