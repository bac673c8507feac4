import { afterEach, describe, expect, it } from "vitest";
import { ProblemError } from "../lib/api";
import { FormErrors } from "../lib/state/form.svelte";

function problem(problems: { field: string; message: string }[], kind = "invalid"): ProblemError {
  return new ProblemError({
    kind,
    message: problems.map((p) => `${p.field}: ${p.message}`).join("\n"),
    ...(problems[0] ? { field: problems[0].field } : {}),
    problems,
  });
}

function control(id: string): HTMLInputElement {
  const input = document.createElement("input");
  input.id = id;
  document.body.append(input);
  return input;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("form errors", () => {
  it("marks every field a refused save names, not only the first", () => {
    const title = control("meeting:actions[0].title");
    const due = control("meeting:actions[0].due");
    const errors = new FormErrors("meeting");
    const first = errors.show(
      problem([
        { field: "actions[0].title", message: "must not be empty" },
        { field: "actions[0].due", message: '"2021-02-30" is not a date: February 2021 has 28 days' },
      ]),
    );
    expect(first).toBe(title);
    expect(errors.has("actions[0].title")).toBe(true);
    expect(errors.has("actions[0].due")).toBe(true);
    expect(errors.attrs("actions[0].due")["aria-invalid"]).toBe("true");
    expect(errors.messagesOf("actions[0].due")).toEqual(['"2021-02-30" is not a date: February 2021 has 28 days']);
    expect(errors.shown.map((p) => p.label)).toEqual(["Action 1 Title", "Action 1 due date"]);
    // Every problem has its control: no summary unless asked for.
    expect(errors.summary).toBe(false);
    errors.show(problem([{ field: "actions[0].title", message: "must not be empty" }]), undefined, { always: true });
    expect(errors.summary).toBe(true);
    expect(due.id).toBe("meeting:actions[0].due");
  });

  it("summarises a problem with no control, and one out of sight", () => {
    control("meeting:end");
    const errors = new FormErrors("meeting");
    errors.show(problem([{ field: "", message: "the meeting is refused" }]));
    expect(errors.summary).toBe(true);
    expect(errors.shown[0].target).toBeNull();
    errors.show(problem([{ field: "end", message: "must end after it starts" }]), () => false);
    expect(errors.summary).toBe(true);
    errors.show(problem([{ field: "end", message: "must end after it starts" }]), () => true);
    expect(errors.summary).toBe(false);
  });

  it("writes times in messages as people read them", () => {
    control("meeting:end");
    const errors = new FormErrors("meeting");
    errors.show(problem([{ field: "end", message: "2021-06-24T10:00 is not after 2021-06-24T11:00" }]));
    expect(errors.message).toBe("24 Jun 2021 10:00 is not after 24 Jun 2021 11:00");
  });

  it("drops only the problems of the field typed in", () => {
    control("meeting:title");
    control("meeting:end");
    const errors = new FormErrors("meeting");
    errors.show(
      problem([
        { field: "title", message: "must not be empty" },
        { field: "end", message: "must end after it starts" },
        { field: "end", message: "is not a time" },
      ]),
    );
    expect(errors.messagesOf("end")).toHaveLength(2);
    errors.edited("meeting:end");
    expect(errors.has("end")).toBe(false);
    expect(errors.has("title")).toBe(true);
    errors.edited("meeting:title");
    expect(errors.problem).toBeNull();
  });

  it("shows another kind of failure as one line", () => {
    const errors = new FormErrors("person");
    errors.show(new ProblemError({ kind: "io", message: "disk full", problems: [] }));
    expect(errors.shown).toEqual([{ field: "", message: "disk full", target: null, label: "" }]);
    expect(errors.summary).toBe(true);
  });

  it("names new records' fields with the form's own labeller", () => {
    const errors = new FormErrors("meeting");
    errors.labeller = (field) => (field.startsWith("newPeople[0]") ? "New person “Ana”, E-mail" : field);
    errors.show(problem([{ field: "newPeople[0].email", message: "is not an e-mail address" }]));
    expect(errors.within("newPeople[0]")).toHaveLength(1);
    expect(errors.within("newPeople[1]")).toHaveLength(0);
    expect(errors.shown[0].label).toBe("New person “Ana”, E-mail");
  });
});
