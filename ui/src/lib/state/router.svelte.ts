// Where the window is. A plain state router (no URL): views ask `router.go(route)`; a view
// with unsaved work installs a guard that may ask the user first, and say no.

import type { ActionStatus } from "../bindings/ActionStatus";
import type { MeetingKind } from "../bindings/MeetingKind";
import type { MeetingStatus } from "../bindings/MeetingStatus";
import type { Draft } from "../drafts";

export interface MeetingsPreset {
  code?: string;
  organisation?: string;
  person?: string;
  kind?: MeetingKind;
  status?: MeetingStatus;
  from?: string;
  to?: string;
  text?: string;
  flashPending?: boolean;
  order?: "asc" | "desc";
  view?: "list" | "calendar";
}

/** Which due dates the Actions view shows: any, past (overdue), or from today to seven days on. */
export type DueWindow = "any" | "overdue" | "week";

export interface ActionsPreset {
  owner?: string;
  code?: string;
  due?: DueWindow;
  status?: ActionStatus;
  view?: "list" | "board";
}

export type Route =
  | { name: "home" }
  | { name: "meetings"; preset?: MeetingsPreset }
  /** key "" = a new meeting; `focus` a field path to bring into view (`actions[2]`);
   * `action` an action key to bring into view; `draft` a draft to restore. */
  | { name: "meeting"; key: string; action?: string; draft?: Draft }
  | { name: "actions"; preset?: ActionsPreset }
  | { name: "transparency" }
  | { name: "monitoring" }
  | { name: "directory"; key?: string; create?: "organisation" | "person" }
  | { name: "codes" }
  | { name: "settings" };

export type RouteName = Route["name"];

type Guard = () => Promise<boolean>;

class Router {
  route = $state.raw<Route>({ name: "home" });
  /** Bumped on every navigation, also to the same route (views reload on it). */
  visit = $state(0);
  private guard: Guard | null = null;
  private history: Route[] = [];

  /** Installs the guard asked before leaving; returns its removal. */
  setGuard(guard: Guard): () => void {
    this.guard = guard;
    return () => {
      if (this.guard === guard) this.guard = null;
    };
  }

  /** Goes to `route` unless the guard says no. Resolves to whether it went. `force` skips the
   * guard (the view itself is leaving); `silent` only renames where we are (a new meeting got
   * its key), so the view stays as it is. */
  async go(route: Route, options: { replace?: boolean; force?: boolean; silent?: boolean } = {}): Promise<boolean> {
    if (!options.force && this.guard && !(await this.guard())) return false;
    if (!options.replace) {
      this.history.push(this.route);
      if (this.history.length > 50) this.history.shift();
    }
    this.route = route;
    if (!options.silent) this.visit++;
    return true;
  }

  get canGoBack(): boolean {
    return this.history.length > 0;
  }

  async back(): Promise<boolean> {
    const previous = this.history[this.history.length - 1];
    if (!previous) return this.go({ name: "home" }, { replace: true });
    if (this.guard && !(await this.guard())) return false;
    this.history.pop();
    this.route = previous;
    this.visit++;
    return true;
  }
}

export const router = new Router();
