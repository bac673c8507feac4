// Messages to the user: one polite status line (saved, imported...) read out by screen
// readers through the status bar's live region; errors, each shown until dismissed; and
// toasts, short-lived notes of a change just made that offer to undo it for a few seconds
// (their time stands still while the pointer or the focus is on them).

import { toProblemError } from "../api";

export interface ShownError {
  id: number;
  message: string;
}

export interface Toast {
  id: number;
  message: string;
  /** Present while the change can still be undone. */
  undo?: () => Promise<unknown> | unknown;
  /** True while the undo runs. */
  undoing: boolean;
}

/** How long a toast stays, in milliseconds. */
export const TOAST_MS = 8000;
const MAX_TOASTS = 3;

class Status {
  message = $state("");
  errors = $state<ShownError[]>([]);
  toasts = $state<Toast[]>([]);
  private next = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private toastTimers = new Map<number, { timer?: ReturnType<typeof setTimeout>; left: number; since: number }>();

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

  /** A toast saying what just changed, with Undo when `undo` is given; gone after `ms`. The
   * message is also announced in the status bar. Returns its id. */
  toast(message: string, options: { undo?: () => Promise<unknown> | unknown; ms?: number } = {}): number {
    const id = this.next++;
    const toast: Toast = { id, message, undoing: false, ...(options.undo ? { undo: options.undo } : {}) };
    const kept = [...this.toasts, toast];
    for (const gone of kept.slice(0, Math.max(0, kept.length - MAX_TOASTS))) this.forget(gone.id);
    this.toasts = kept.slice(-MAX_TOASTS);
    this.toastTimers.set(id, { left: options.ms ?? TOAST_MS, since: Date.now() });
    this.resumeToast(id);
    this.announce(options.undo ? `${message}. Undo with Ctrl+Z.` : message);
    return id;
  }

  private forget(id: number): void {
    const t = this.toastTimers.get(id);
    if (t?.timer) clearTimeout(t.timer);
    this.toastTimers.delete(id);
  }

  dismissToast(id: number): void {
    this.forget(id);
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /** Stops the toast's time while the user looks at it (pointer or focus on it). */
  pauseToast(id: number): void {
    const t = this.toastTimers.get(id);
    if (!t?.timer) return;
    clearTimeout(t.timer);
    t.timer = undefined;
    t.left = Math.max(0, t.left - (Date.now() - t.since));
  }

  /** Lets its time run again, at least two seconds more. */
  resumeToast(id: number): void {
    const t = this.toastTimers.get(id);
    if (!t || t.timer) return;
    t.left = Math.max(t.left, 2000);
    t.since = Date.now();
    t.timer = setTimeout(() => this.dismissToast(id), t.left);
  }

  /** Undoes the change of toast `id` (once); the toast goes when it is done. */
  async undoToast(id: number): Promise<void> {
    const toast = this.toasts.find((t) => t.id === id);
    if (!toast?.undo || toast.undoing) return;
    this.pauseToast(id);
    this.toasts = this.toasts.map((t) => (t.id === id ? { ...t, undoing: true } : t));
    try {
      await toast.undo();
    } catch (e) {
      this.error(e, "The change was not undone");
    } finally {
      this.dismissToast(id);
    }
  }

  /** Undoes the latest change a toast still offers to undo (Ctrl+Z); false when there is none. */
  undoLatest(): boolean {
    const latest = [...this.toasts].reverse().find((t) => t.undo && !t.undoing);
    if (!latest) return false;
    void this.undoToast(latest.id);
    return true;
  }
}

export const status = new Status();
