// The field errors of one form. The core names every problem of a refused record at once
// (`problems`: `end`, `actions[0].title`, `actions[0].due`...); the form marks each field with
// its message beside the control, and a summary at the top lists them all, each a link to its
// field (always for the meeting editor; for a record form, when a problem has no control or
// its control is out of sight). `submit` runs a record form's save with them.

import type { FieldProblem } from "../bindings/FieldProblem";
import { toProblemError, type ProblemError } from "../api";
import { readableTimes } from "../dates";
import { controlId, errorId, fieldLabel, resolveField } from "../fields";

/** One problem as the form shows it. */
export interface ShownProblem {
  /** The field as the core named it (`actions[0].due`; "" for the record as a whole). */
  field: string;
  message: string;
  /** The field path of the control that shows it (`actions[0].due`, or an enclosing one), or null. */
  target: string | null;
  /** The field as a reader names it: "Action 1 due date". */
  label: string;
}

export class FormErrors {
  readonly form: string;
  problem = $state.raw<ProblemError | null>(null);
  /** Every problem shown, in the core's order. */
  shown = $state.raw<ShownProblem[]>([]);
  /** True when the summary at the top shows. */
  summary = $state(false);
  /** True while `submit` runs. */
  saving = $state(false);
  /** Names a field for the summary (a form may know better than `fieldLabel`: a new person's name). */
  labeller: (field: string) => string = fieldLabel;

  constructor(form: string) {
    this.form = form;
  }

  id(path: string): string {
    return controlId(this.form, path);
  }

  errorId(path: string): string {
    return errorId(this.form, path);
  }

  /** The field path of the first problem shown beside a control (the one to focus), or null. */
  get target(): string | null {
    return this.shown.find((p) => p.target !== null)?.target ?? null;
  }

  has(path: string): boolean {
    return this.shown.some((p) => p.target === path);
  }

  /** The messages shown beside the control of `path`. */
  messagesOf(path: string): string[] {
    return this.shown.filter((p) => p.target === path).map((p) => p.message);
  }

  /** The problems about `path` or a field inside it (`newPeople[0]` gives `newPeople[0].email`). */
  within(path: string): ShownProblem[] {
    return this.shown.filter((p) => p.field === path || p.field.startsWith(`${path}.`) || p.field.startsWith(`${path}[`));
  }

  /** id, aria-invalid and aria-describedby of the control of `path`. */
  attrs(path: string): { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string } {
    return this.has(path)
      ? { id: this.id(path), "aria-invalid": "true", "aria-describedby": this.errorId(path) }
      : { id: this.id(path) };
  }

  /** id, invalid and describedby of a component control of `path` (Picker, KeyList). */
  control(path: string): { id: string; invalid: boolean; describedby: string | undefined } {
    const shown = this.has(path);
    return { id: this.id(path), invalid: shown, describedby: shown ? this.errorId(path) : undefined };
  }

  /** The first message (for a form with room for one line). */
  get message(): string {
    return this.shown[0]?.message ?? "";
  }

  /** The field of the first problem as a reader names it. */
  get label(): string {
    return this.shown[0]?.label ?? "";
  }

  /** Shows every problem of `problem`; returns the control of the first one that has a control.
   * The summary shows when `always`, when a problem has no control, or when a `viewport` says a
   * control is out of sight. */
  show(
    problem: ProblemError,
    viewport?: (el: HTMLElement) => boolean,
    options: { always?: boolean } = {},
  ): HTMLElement | null {
    this.problem = problem;
    const doc = typeof document === "undefined" ? null : document;
    const exists = (path: string) => !!doc?.getElementById(this.id(path));
    const list: FieldProblem[] = problem.problems.length
      ? problem.problems
      : [{ field: problem.field ?? "", message: problem.detail }];
    this.shown = list.map((p) => ({
      field: p.field,
      message: readableTimes(p.message),
      target: resolveField(p.field, exists),
      label: p.field ? this.labeller(p.field) : "",
    }));
    const elements = this.shown.map((p) => (p.target ? (doc?.getElementById(this.id(p.target)) ?? null) : null));
    const first = elements.find((e) => e !== null) ?? null;
    this.summary =
      !!options.always ||
      elements.some((e) => e === null) ||
      (viewport ? elements.some((e) => e !== null && !viewport(e)) : false);
    return first;
  }

  /** Drops the problems shown beside a control once the user changed it. */
  edited(controlIdChanged: string): void {
    if (!this.shown.length) return;
    const left = this.shown.filter((p) => p.target === null || this.id(p.target) !== controlIdChanged);
    if (left.length === this.shown.length) return;
    if (left.length === 0) this.clear();
    else this.shown = left;
  }

  /** A record form's save, one at a time: clears the errors and runs `work`; a failure goes to
   * `failed`, which by default marks every field named and focuses the first. Resolves to
   * whether it saved. */
  async submit(
    work: () => Promise<void>,
    failed: (problem: ProblemError) => unknown = (problem) => this.show(problem)?.focus(),
  ): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.clear();
    try {
      await work();
      return true;
    } catch (e) {
      await failed(toProblemError(e));
      return false;
    } finally {
      this.saving = false;
    }
  }

  clear(): void {
    this.problem = null;
    this.shown = [];
    this.summary = false;
  }
}
