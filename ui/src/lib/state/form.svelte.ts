// The field errors of one form: the core names a field (`end`, `actions[0].due`); the form
// shows the message next to the control of that field, or in a summary at the top when no
// control shows it or it is out of sight. `submit` runs a record form's save with them.

import { toProblemError, type ProblemError } from "../api";
import { controlId, errorId, fieldLabel, resolveField } from "../fields";

export class FormErrors {
  readonly form: string;
  problem = $state.raw<ProblemError | null>(null);
  /** The field path whose control shows the error, or null. */
  target = $state<string | null>(null);
  /** True when the error is shown at the top (no control for it, or it was out of sight). */
  summary = $state(false);
  /** True while `submit` runs. */
  saving = $state(false);

  constructor(form: string) {
    this.form = form;
  }

  id(path: string): string {
    return controlId(this.form, path);
  }

  errorId(path: string): string {
    return errorId(this.form, path);
  }

  has(path: string): boolean {
    return this.target === path;
  }

  /** id, aria-invalid and aria-describedby of the control of `path`. */
  attrs(path: string): { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string } {
    return this.target === path
      ? { id: this.id(path), "aria-invalid": "true", "aria-describedby": this.errorId(path) }
      : { id: this.id(path) };
  }

  /** id, invalid and describedby of a component control of `path` (Picker, KeyList). */
  control(path: string): { id: string; invalid: boolean; describedby: string | undefined } {
    const shown = this.target === path;
    return { id: this.id(path), invalid: shown, describedby: shown ? this.errorId(path) : undefined };
  }

  get message(): string {
    return this.problem?.detail ?? "";
  }

  /** The field as a reader names it, for the summary. */
  get label(): string {
    const field = this.problem?.field;
    return field ? fieldLabel(field) : "";
  }

  /** Shows `problem`; returns the control that shows it, if any. A `viewport` decides
   * whether that control is in sight (else the summary shows too). */
  show(problem: ProblemError, viewport?: (el: HTMLElement) => boolean): HTMLElement | null {
    this.problem = problem;
    const doc = typeof document === "undefined" ? null : document;
    const target = resolveField(problem.field, (path) => !!doc?.getElementById(this.id(path)));
    this.target = target;
    const element = target ? (doc?.getElementById(this.id(target)) ?? null) : null;
    this.summary = !element || (viewport ? !viewport(element) : false);
    return element;
  }

  /** Drops the error once the user changed the field it is about. */
  edited(controlIdChanged: string): void {
    if (this.target !== null && this.id(this.target) === controlIdChanged) this.clear();
  }

  /** A record form's save, one at a time: clears the errors and runs `work`; a failure goes to
   * `failed`, which by default shows it next to the control it names and focuses that control.
   * Resolves to whether it saved. */
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
    this.target = null;
    this.summary = false;
  }
}
