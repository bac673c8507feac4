// Blank directory records, as a form for a new one starts: the core mints the key on the
// first save.

import type { Organisation } from "./bindings/Organisation";
import type { Person } from "./bindings/Person";

export function blankOrganisation(name = ""): Organisation {
  return { key: "", name, kind: "platform", signatoryOf: [] };
}

/** A new person, of `organisation` when one is given. */
export function blankPerson(name = "", organisation?: string): Person {
  return { key: "", name, public: false, ...(organisation ? { organisation } : {}) };
}
