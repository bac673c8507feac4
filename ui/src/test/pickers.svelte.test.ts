import { afterEach, describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import DateField from "../lib/components/DateField.svelte";
import LocalTimeField from "../lib/components/LocalTimeField.svelte";
import PeriodField from "../lib/components/PeriodField.svelte";
import ZonePicker from "../lib/components/ZonePicker.svelte";
import { app } from "../lib/state/app.svelte";
import { FormErrors } from "../lib/state/form.svelte";
import { opensUpward, placePopup } from "../lib/popup";
import { byLabel, click, press, render, type, waitFor } from "./helpers";

afterEach(() => clearMocks());

describe("popups", () => {
  const viewport = { width: 900, height: 700 };
  it("open below the field, or above it when there is no room below", () => {
    const high = { left: 100, top: 100, right: 300, bottom: 130 };
    const low = { left: 100, top: 600, right: 300, bottom: 630 };
    expect(opensUpward(high, 280, viewport.height)).toBe(false);
    expect(opensUpward(low, 280, viewport.height)).toBe(true);
    expect(placePopup(high, { width: 250, height: 280 }, viewport)).toEqual({ left: 100, top: 132, up: false });
    expect(placePopup(low, { width: 250, height: 280 }, viewport)).toEqual({ left: 100, top: 318, up: true });
    // Kept inside the window on the right.
    expect(placePopup({ ...high, left: 800 }, { width: 250, height: 280 }, viewport).left).toBe(650);
  });
});

describe("date field", () => {
  it("reads a typed date and picks one from the calendar with the keyboard", () => {
    app.today = "2021-06-20";
    const props = $state({ value: undefined as string | undefined, label: "Due date", attrs: { id: "due" } });
    const view = render(DateField, props);
    const input = byLabel<HTMLInputElement>("Due date", view.target);
    type(input, "24/06/2021");
    expect(props.value).toBe("2021-06-24");
    type(input, "30.2.2021");
    expect(props.value).toBe("30.2.2021"); // kept as typed, for the form to name
    type(input, "24.6.2021");

    const button = byLabel<HTMLButtonElement>("Calendar: Due date", view.target);
    click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    const dialog = document.querySelector<HTMLElement>(".date-popup[role=dialog]")!;
    expect(dialog.textContent).toContain("June 2021");
    const day = () => document.activeElement as HTMLButtonElement;
    const focusOn = (date: string) => waitFor(() => day()?.dataset?.date === date);
    return focusOn("2021-06-24")
      .then(() => press(day(), "ArrowRight"))
      .then(() => focusOn("2021-06-25"))
      .then(() => press(day(), "ArrowDown"))
      .then(() => focusOn("2021-07-02"))
      .then(() => press(day(), "PageDown"))
      .then(() => focusOn("2021-08-02"))
      .then(() => {
        expect(dialog.textContent).toContain("August 2021");
        click(day()); // Enter or Space on the day button
        expect(props.value).toBe("2021-08-02");
        expect(input.value).toBe("2021-08-02");
        expect(document.querySelector(".date-popup")).toBeNull();
        expect(document.activeElement).toBe(button);

        click(button);
        const popup = document.querySelector<HTMLElement>(".date-popup")!;
        press(popup, "Escape");
        expect(document.querySelector(".date-popup")).toBeNull();
        expect(document.activeElement).toBe(button);
        expect(props.value).toBe("2021-08-02");
        view.destroy();
      });
  });

  it("hands other keys to the form around (Enter adds the note the date belongs to)", () => {
    const keys: string[] = [];
    const props = $state({
      value: undefined as string | undefined,
      label: "Date of the note",
      attrs: { id: "nd2" },
      onkeydown: (e: KeyboardEvent) => keys.push(e.key),
    });
    const view = render(DateField, props);
    const input = byLabel<HTMLInputElement>("Date of the note", view.target);
    press(input, "Enter");
    press(input, "ArrowDown", { altKey: true });
    expect(keys).toEqual(["Enter"]);
    expect(document.querySelector(".date-popup")).not.toBeNull();
    view.destroy();
  });

  it("can hide its label for a date beside another field", () => {
    const props = $state({ value: undefined as string | undefined, label: "Date of the note", attrs: { id: "nd" }, hideLabel: true, placeholder: "today" });
    const view = render(DateField, props);
    const input = byLabel<HTMLInputElement>("Date of the note", view.target);
    expect(input.placeholder).toBe("today");
    expect(view.target.querySelector("label")!.classList.contains("visually-hidden")).toBe(true);
    view.destroy();
  });
});

describe("local time field", () => {
  it("takes a day from the calendar and a time from the list, each committed", async () => {
    const commits: [string, string][] = [];
    const props = $state({
      value: "2021-06-24T11:00",
      label: "Start",
      attrs: { id: "start" },
      oncommit: (next: string, previous: string) => commits.push([next, previous]),
    });
    const view = render(LocalTimeField, props);
    const input = byLabel<HTMLInputElement>("Start", view.target);
    expect(input.value).toBe("2021-06-24 11:00");

    click(byLabel("Time: Start", view.target));
    const list = await waitFor(() => document.querySelector<HTMLElement>("[role=listbox]"));
    expect(document.activeElement).toBe(list);
    expect(list.querySelector("[aria-selected=true]")!.textContent!.trim()).toBe("11:00");
    press(list, "ArrowDown");
    press(list, "ArrowDown");
    press(list, "PageDown");
    press(list, "Enter");
    expect(props.value).toBe("2021-06-24T12:30");
    expect(input.value).toBe("2021-06-24 12:30");
    expect(commits).toEqual([["2021-06-24T12:30", "2021-06-24T11:00"]]);

    click(byLabel("Calendar: Start", view.target));
    const day = await waitFor(() => document.querySelector<HTMLButtonElement>('[data-date="2021-06-24"]'));
    press(day, "ArrowRight");
    click(document.querySelector<HTMLButtonElement>('[data-date="2021-06-25"]')!);
    expect(props.value).toBe("2021-06-25T12:30");
    expect(commits[1]).toEqual(["2021-06-25T12:30", "2021-06-24T12:30"]);

    type(input, "24.6.2021 11h");
    expect(props.value).toBe("2021-06-24T11:00");
    view.destroy();
  });
});

describe("zone picker", () => {
  const CHOICES = {
    "": [
      { zone: "Europe/Brussels", city: "Brussels", country: "Belgium", offset: "UTC+02:00" },
      { zone: "Europe/Luxembourg", city: "Luxembourg", country: "Luxembourg", offset: "UTC+02:00" },
      { zone: "Europe/Dublin", city: "Dublin", country: "Ireland", offset: "UTC+01:00" },
      { zone: "Europe/Paris", city: "Strasbourg", country: "France", offset: "UTC+02:00" },
      { zone: "America/New_York", city: "Washington", country: "United States", offset: "UTC-04:00" },
    ],
    stras: [{ zone: "Europe/Paris", city: "Strasbourg", country: "France", offset: "UTC+02:00" }],
    dublin: [{ zone: "Europe/Dublin", city: "Dublin", country: "Ireland", offset: "UTC+01:00" }],
  } as Record<string, unknown[]>;

  it("finds a zone by city, shows it with its country and offset, and stores the IANA name", async () => {
    const asked: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "zones") return null;
      const q = (args as { query: string }).query.toLowerCase();
      asked.push(q);
      return CHOICES[q] ?? [];
    });
    const props = $state({ value: "Europe/Brussels", id: "tz", label: "Time zone" });
    const view = render(ZonePicker, props);
    const box = byLabel<HTMLInputElement>("Time zone", view.target);
    expect(box.value).toBe("Europe/Brussels");

    press(box, "ArrowDown");
    const first = await waitFor(() => document.querySelectorAll("[role=option]").length === 5);
    expect(first).toBe(true);
    const labels = [...document.querySelectorAll("[role=option] .picker-label")].map((o) => o.textContent);
    expect(labels[3]).toBe("Strasbourg — France · UTC+02:00");
    expect(asked).toEqual([""]);

    type(box, "Stras");
    await waitFor(() => document.querySelectorAll("[role=option]").length === 1);
    press(box, "Enter");
    expect(props.value).toBe("Europe/Paris");
    expect(box.value).toBe("Europe/Paris");

    // A city typed in full and left: its zone.
    type(box, "Dublin");
    await waitFor(() => document.querySelector("[role=option]")?.textContent?.includes("Ireland"));
    box.dispatchEvent(new FocusEvent("blur"));
    flushSync();
    expect(props.value).toBe("Europe/Dublin");

    // Escape puts back what was there.
    type(box, "Nowhere");
    press(box, "Escape");
    expect(props.value).toBe("Europe/Dublin");
    expect(box.value).toBe("Europe/Dublin");
    view.destroy();
  });
});

describe("period field", () => {
  it("keeps the period as written and shows the date it is due by", async () => {
    mockIPC((cmd, args) => {
      if (cmd !== "period_end") return null;
      const { text, agreed } = args as { text: string; agreed: string };
      return text === "autumn" ? `${agreed.slice(0, 4)}-11-30` : text === "autumn 2021" ? "2021-11-30" : null;
    });
    const errors = new FormErrors("meeting");
    const props = $state({
      value: undefined as string | undefined,
      due: undefined as string | undefined,
      agreed: "2021-06-24",
      errors,
      path: "actions[0].duePeriod",
    });
    const view = render(PeriodField, props);
    const input = byLabel<HTMLInputElement>("Period as agreed", view.target);
    expect(input.placeholder).toBe("e.g. autumn 2021");
    type(input, "autumn");
    expect(props.value).toBe("autumn");
    await waitFor(() => view.target.querySelector(".due-by"));
    expect(view.target.querySelector(".due-by")!.textContent).toBe(
      "Due by 30 Nov 2021 · autumn (the end of the period; a due date corrects it)",
    );
    props.due = "2021-11-15";
    flushSync();
    expect(view.target.querySelector(".due-by")!.textContent).toContain("Due by 15 Nov 2021 · autumn");
    type(input, "at the next meeting");
    await waitFor(() => view.target.querySelector(".due-by")?.textContent?.includes("Due by 15 Nov 2021 · at the next meeting"));
    props.due = undefined;
    flushSync();
    await waitFor(() => view.target.querySelector(".due-by")?.textContent?.includes("No date can be read"));
    type(input, "");
    expect(props.value).toBeUndefined();
    expect(view.target.querySelector(".due-by")).toBeNull();
    view.destroy();
  });
});
