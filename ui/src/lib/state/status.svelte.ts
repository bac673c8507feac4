// Messages to the user: one polite status line (saved, imported...) read out by screen
// readers through the status bar's live region, and errors, each shown until dismissed.

import { toProblemError } from "../api";

export interface ShownError {
  id: number;
  message: string;
}

class Status {
  message = $state("");
  errors = $state<ShownError[]>([]);
  private next = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** A short confirmation in the status bar (and to screen readers). */
  announce(message: string): void {
    // Cleared first so that the same message twice is announced twice.
    this.message = "";
    queueMicrotask(() => (this.message = message));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.message = ""), 8000);
  }

  /** A failure, as a readable line: `context: message`. */
  error(error: unknown, context?: string): void {
    const problem = toProblemError(error);
    const message = context ? `${context}: ${problem.message}` : problem.message;
    if (this.errors.some((e) => e.message === message)) return;
    this.errors = [...this.errors, { id: this.next++, message }].slice(-4);
  }

  dismiss(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id);
  }
}

export const status = new Status();
