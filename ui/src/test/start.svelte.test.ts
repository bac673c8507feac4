// Starting from nothing: Codes created in the window, and "my identity" asked once.
import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Code } from "../lib/bindings/Code";
import type { Organisation } from "../lib/bindings/Organisation";
import type { Settings } from "../lib/bindings/Settings";
import IdentityPanel from "../lib/components/IdentityPanel.svelte";
import CodesView from "../lib/views/CodesView.svelte";
import { app } from "../lib/state/app.svelte";
import { byLabel, click, press, render, type, waitFor } from "./helpers";

afterEach(() => clearMocks());

const SETTINGS: Settings = {
  name: "",
  email: "",
  public: false,
  identityAsked: false,
  unit: "",
  footerInstitution: "European Commission",
  footerDirectorate: "",
  footerUnit: "",
};

function submit(form: Element) {
  form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
}

describe("Codes view", () => {
  it("creates a Code in an empty register", async () => {
    const codes: Code[] = [];
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "codes_overview")
        return codes.map((code) => ({ code, signatories: [], meetings: 0, upcoming: 0, openActions: 0 }));
      if (cmd === "codes") return codes;
      if (cmd === "save_code") {
        const code = { ...(args as { code: Code }).code, key: "coc-hate-speech" };
        codes.push(code);
        return code;
      }
      return null;
    });
    const view = render(CodesView, {});
    await waitFor(() => view.target.textContent?.includes("The register holds no Code yet"));
    click(byLabel("New Code", view.target));
    const dialog = await waitFor(() => document.querySelector("[role=dialog]"));
    type(byLabel<HTMLInputElement>("Title", dialog), "Code of conduct on countering illegal hate speech online");
    type(byLabel<HTMLInputElement>("Short title", dialog), "Code of conduct on hate speech");
    type(byLabel<HTMLInputElement>("Adopted", dialog), "31.5.2016");
    submit(dialog.querySelector("form")!);
    await waitFor(() => !document.querySelector("[role=dialog]"));
    expect(codes).toEqual([
      {
        key: "coc-hate-speech",
        title: "Code of conduct on countering illegal hate speech online",
        shortTitle: "Code of conduct on hate speech",
        adopted: "2016-05-31",
      },
    ]);
    await waitFor(() => view.target.querySelector("h2")?.textContent === codes[0].title);
    await waitFor(() => app.codes.length === 1);
    view.destroy();
  });

  it("asks for a title before anything is sent", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "codes_overview" ? [] : null;
    });
    const view = render(CodesView, {});
    click(byLabel("New Code", view.target));
    const dialog = await waitFor(() => document.querySelector("[role=dialog]"));
    submit(dialog.querySelector("form")!);
    await waitFor(() => dialog.querySelector(".field-error"));
    expect(dialog.querySelector(".field-error")!.textContent).toContain("write the Code's title");
    expect(calls).not.toContain("save_code");
    press(dialog as HTMLElement, "Escape");
    view.destroy();
  });
});

describe("my identity, asked once", () => {
  it("Later keeps the settings as they were and marks the question asked", async () => {
    const saved: Settings[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "save_settings") return null;
      const s = (args as { settings: Settings }).settings;
      saved.push(s);
      return { ...s, identityAsked: true };
    });
    app.settings = SETTINGS;
    const view = render(IdentityPanel, { settings: SETTINGS });
    type(byLabel<HTMLInputElement>("Your name", view.target), "Anna");
    click(byLabel("Later", view.target));
    await waitFor(() => saved.length === 1);
    expect(saved[0].name).toBe(""); // what was typed before Later is not kept
    await waitFor(() => app.settings?.identityAsked === true);
    view.destroy();
  });

  it("stores name, e-mail, a typed organisation (created then) and whether the name is public", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "save_organisation") return { ...(args as { organisation: Organisation }).organisation, key: "just-c2" };
      if (cmd === "save_settings")
        return { ...(args as { settings: Settings }).settings, identityAsked: true, person: "anna-schmidt" };
      if (cmd === "directory") return { organisations: [], people: [] };
      if (cmd === "register_info") return null;
      return null;
    });
    app.directory = { organisations: [], people: [] };
    const view = render(IdentityPanel, { settings: SETTINGS });
    type(byLabel<HTMLInputElement>("Your name", view.target), "Anna Schmidt");
    type(byLabel<HTMLInputElement>("Your e-mail", view.target), "anna.schmidt@ec.europa.eu");
    const org = byLabel<HTMLInputElement>("Your organisation", view.target);
    org.focus();
    type(org, "DG JUST C.2");
    const create = await waitFor(() =>
      [...document.querySelectorAll<HTMLElement>("[role=option]")].find((o) => o.textContent?.includes("New organisation")),
    );
    click(create);
    expect(view.target.textContent).toContain("“DG JUST C.2” is added to the directory when you save");
    click(byLabel("My name may appear in documents released to the public", view.target));
    submit(view.target.querySelector("form")!);
    await waitFor(() => calls.some((c) => c.cmd === "save_settings"));
    const org1 = calls.find((c) => c.cmd === "save_organisation")!.args as { organisation: Organisation };
    expect(org1.organisation).toMatchObject({ key: "", name: "DG JUST C.2", kind: "commission" });
    const s = (calls.find((c) => c.cmd === "save_settings")!.args as { settings: Settings }).settings;
    expect(s).toMatchObject({
      name: "Anna Schmidt",
      email: "anna.schmidt@ec.europa.eu",
      organisation: "just-c2",
      public: true,
    });
    expect(app.settings?.person).toBe("anna-schmidt");
    view.destroy();
  });
});
