import { afterEach, describe, expect, it } from "vitest";
import { blankOrganisation, blankPerson } from "../lib/records";
import { app } from "../lib/state/app.svelte";
import { directory } from "./fixtures";

describe("blank records", () => {
  it("start a new organisation with no key, a platform, with the name given", () => {
    expect(blankOrganisation()).toEqual({ key: "", name: "", kind: "platform", signatoryOf: [] });
    expect(blankOrganisation("Meta")).toEqual({ key: "", name: "Meta", kind: "platform", signatoryOf: [] });
  });

  it("start a new person not public, of the organisation only when one is given", () => {
    expect(blankPerson()).toStrictEqual({ key: "", name: "", public: false });
    expect(blankPerson("Ann", "")).toStrictEqual({ key: "", name: "Ann", public: false });
    expect(blankPerson("Ann", "youtube")).toStrictEqual({ key: "", name: "Ann", public: false, organisation: "youtube" });
  });

  it("are fresh objects each time", () => {
    const a = blankOrganisation();
    a.signatoryOf.push("coc-hate-speech");
    expect(blankOrganisation().signatoryOf).toEqual([]);
  });
});

describe("a person's detail line", () => {
  afterEach(() => {
    app.directory = { organisations: [], people: [] };
  });

  it("is organisation · role, either alone, or nothing", () => {
    app.directory = directory;
    const [busa, rep] = directory.people;
    expect(app.personDetail(busa)).toBe("CAB Reynders · Member of Cabinet");
    expect(app.personDetail(rep)).toBe("YouTube");
    expect(app.personDetail({ key: "x", name: "X", role: "Adviser", public: false })).toBe("Adviser");
    expect(app.personDetail({ key: "y", name: "Y", role: "", public: false })).toBe("");
  });

  it("is what the pickers show under a person's name", () => {
    app.directory = directory;
    expect(app.personOptions.map((o) => o.detail)).toEqual(["CAB Reynders · Member of Cabinet", "YouTube"]);
  });
});
