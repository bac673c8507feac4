// The points discussed at a meeting are an outline: each point may carry replies (`points`).
// These are the editing operations of the outline as pure functions: each takes the tree and
// the path of a point (indexes from the top: [2, 0] is the first reply to the third point)
// and returns a new tree plus where the point went, or null when the move is not possible.
// Points that are not on the changed path are shared, never copied or mutated.

import type { Point } from "./bindings/Point";

export type Path = readonly number[];

export interface Edit {
  points: Point[];
  /** Where the point acted on (or the one to focus next) is now. */
  path: number[];
}

export interface Row {
  path: number[];
  depth: number;
  point: Point;
  /** Outline number as shown: `3`, `3.1`, `3.1.2`. */
  label: string;
}

export function newPoint(by?: string): Point {
  return by ? { by, text: "", points: [] } : { text: "", points: [] };
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

export function pathKey(path: Path): string {
  return path.join(".");
}

/** The point at `path`, or undefined. */
export function pointAt(points: readonly Point[], path: Path): Point | undefined {
  let list: readonly Point[] = points;
  let found: Point | undefined;
  for (const index of path) {
    found = list[index];
    if (!found) return undefined;
    list = found.points;
  }
  return found;
}

/** The list holding the point at `path` replaced by `change(list)`, copying only the spine. */
function withList(points: readonly Point[], parent: Path, change: (list: Point[]) => Point[]): Point[] {
  if (parent.length === 0) return change([...points]);
  const [head, ...rest] = parent;
  const node = points[head];
  if (!node) throw new RangeError(`no point at ${pathKey(parent)}`);
  const copy = [...points];
  copy[head] = { ...node, points: withList(node.points, rest, change) };
  return copy;
}

function split(path: Path): { parent: number[]; index: number } {
  if (path.length === 0) throw new RangeError("empty path");
  return { parent: path.slice(0, -1), index: path[path.length - 1] };
}

/** Every point in reading order with its depth and number. */
export function flatten(points: readonly Point[]): Row[] {
  const rows: Row[] = [];
  const walk = (list: readonly Point[], prefix: number[]) => {
    list.forEach((point, i) => {
      const path = [...prefix, i];
      rows.push({ path, depth: prefix.length, point, label: path.map((n) => n + 1).join(".") });
      walk(point.points, path);
    });
  };
  walk(points, []);
  return rows;
}

/** How many points the outline holds, replies included. */
export function countPoints(points: readonly Point[]): number {
  return points.reduce((n, p) => n + 1 + countPoints(p.points), 0);
}

/** A new point right after the one at `path`, at the same level. A new top-level point is
 * made by the same party as the one before it (the usual case when noting a long intervention). */
export function insertAfter(points: readonly Point[], path: Path, point?: Point): Edit {
  const { parent, index } = split(path);
  const before = pointAt(points, path);
  const fresh = point ?? newPoint(parent.length === 0 ? before?.by : undefined);
  return {
    points: withList(points, parent, (list) => {
      list.splice(index + 1, 0, fresh);
      return list;
    }),
    path: [...parent, index + 1],
  };
}

/** A new point at the end of the outline (top level). */
export function append(points: readonly Point[], point: Point = newPoint()): Edit {
  return { points: [...points, point], path: [points.length] };
}

/** The point becomes the last reply of the point before it. Not possible for a first point.
 * A reply without a party (`by`) is by its parent's party, so a party equal to the new
 * parent's is dropped on the way in, and written out again by `outdent`. */
export function indent(points: readonly Point[], path: Path): Edit | null {
  const { parent, index } = split(path);
  if (index === 0) return null;
  const moving = pointAt(points, path);
  const previous = pointAt(points, [...parent, index - 1]);
  if (!moving || !previous) return null;
  const newIndex = previous.points.length;
  // A reply without a party is by its parent's party: the same party need not be repeated.
  const moved: Point = { ...moving };
  if (moved.by !== undefined && moved.by === previous.by) delete moved.by;
  const next = withList(points, parent, (list) => {
    list.splice(index, 1);
    list[index - 1] = { ...previous, points: [...previous.points, moved] };
    return list;
  });
  return { points: next, path: [...parent, index - 1, newIndex] };
}

/** The reply becomes a point of its parent's level, right after its parent. The replies
 * that followed it become its own replies, so the reading order never changes. */
export function outdent(points: readonly Point[], path: Path): Edit | null {
  if (path.length < 2) return null;
  const { parent, index } = split(path);
  const { parent: grand, index: parentIndex } = split(parent);
  const owner = pointAt(points, parent);
  const moving = pointAt(points, path);
  if (!owner || !moving) return null;
  const following = owner.points.slice(index + 1);
  const lifted: Point = { ...moving, points: [...moving.points, ...following] };
  // It spoke for its parent's party; one level up it says so itself.
  if (lifted.by === undefined && owner.by !== undefined) lifted.by = owner.by;
  const next = withList(points, grand, (list) => {
    list[parentIndex] = { ...owner, points: owner.points.slice(0, index) };
    list.splice(parentIndex + 1, 0, lifted);
    return list;
  });
  return { points: next, path: [...grand, parentIndex + 1] };
}

/** Swaps the point (with its replies) with the sibling before it. */
export function moveUp(points: readonly Point[], path: Path): Edit | null {
  const { parent, index } = split(path);
  if (index === 0 || !pointAt(points, path)) return null;
  const next = withList(points, parent, (list) => {
    [list[index - 1], list[index]] = [list[index], list[index - 1]];
    return list;
  });
  return { points: next, path: [...parent, index - 1] };
}

/** Swaps the point (with its replies) with the sibling after it. */
export function moveDown(points: readonly Point[], path: Path): Edit | null {
  const { parent, index } = split(path);
  const siblings = parent.length === 0 ? points : pointAt(points, parent)?.points;
  if (!siblings || index >= siblings.length - 1) return null;
  const next = withList(points, parent, (list) => {
    [list[index], list[index + 1]] = [list[index + 1], list[index]];
    return list;
  });
  return { points: next, path: [...parent, index + 1] };
}

/** Removes the point. Its replies are not lost: they take its place, one level up. The
 * returned path is the point to focus next: the one before in reading order, else the
 * first remaining, else [] for an empty outline. */
export function remove(points: readonly Point[], path: Path): Edit {
  const { parent, index } = split(path);
  const gone = pointAt(points, path);
  if (!gone) throw new RangeError(`no point at ${pathKey(path)}`);
  const rows = flatten(points);
  const at = rows.findIndex((r) => samePath(r.path, path));
  const next = withList(points, parent, (list) => {
    list.splice(index, 1, ...gone.points);
    return list;
  });
  let focus: number[] = [];
  if (at > 0) {
    focus = rows[at - 1].path;
  } else if (next.length > 0) {
    focus = [0];
  }
  return { points: next, path: focus };
}
