// Modal dialogs: the stack of those open (only the top one takes input; the window behind
// is inert) and `ask`, a question with buttons answered through a promise; `leaveUnsaved`,
// the one asked before leaving unsaved changes.

export interface Choice<T extends string> {
  value: T;
  label: string;
  kind?: "primary" | "danger" | "plain";
}

export interface Question {
  id: number;
  title: string;
  message: string;
  choices: Choice<string>[];
  /** The answer Escape gives. */
  cancel: string;
  answer: (value: string) => void;
}

class Dialogs {
  stack = $state<number[]>([]);
  questions = $state<Question[]>([]);
  private next = 1;

  open(): number {
    const id = this.next++;
    this.stack = [...this.stack, id];
    return id;
  }

  close(id: number): void {
    this.stack = this.stack.filter((d) => d !== id);
  }

  isTop(id: number): boolean {
    return this.stack[this.stack.length - 1] === id;
  }

  get anyOpen(): boolean {
    return this.stack.length > 0;
  }

  /** Asks the user; resolves to the value of the button chosen (`cancel` for Escape). */
  ask<T extends string>(title: string, message: string, choices: Choice<T>[], cancel: T): Promise<T> {
    return new Promise<T>((resolve) => {
      const id = this.next++;
      this.questions = [
        ...this.questions,
        {
          id,
          title,
          message,
          choices,
          cancel,
          answer: (value: string) => {
            this.questions = this.questions.filter((q) => q.id !== id);
            resolve(value as T);
          },
        },
      ];
    });
  }

  /** "Unsaved changes": `message` with Save, Discard and Stay (Escape stays). Resolves to
   * whether to leave: once `save` succeeded, or on Discard (after `discard`). */
  async leaveUnsaved(message: string, save: () => Promise<boolean>, discard?: () => void): Promise<boolean> {
    const choice = await this.ask(
      "Unsaved changes",
      message,
      [
        { value: "save", label: "Save", kind: "primary" },
        { value: "discard", label: "Discard" },
        { value: "stay", label: "Stay" },
      ],
      "stay",
    );
    if (choice === "save") return save();
    if (choice === "discard") discard?.();
    return choice === "discard";
  }
}

export const dialogs = new Dialogs();
