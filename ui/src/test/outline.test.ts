import { describe, expect, it } from "vitest";
import type { Point } from "../lib/bindings/Point";
import {
  append,
  countPoints,
  flatten,
  indent,
  insertAfter,
  moveDown,
  moveUp,
  outdent,
  pointAt,
  remove,
} from "../lib/outline";

const p = (text: string, points: Point[] = [], by?: string): Point => (by ? { by, text, points } : { text, points });

/** The outline as `text@depth` in reading order. */
const shape = (points: Point[]) => flatten(points).map((r) => `${r.point.text}@${r.depth}`);

function sample(): Point[] {
  return [p("a", [], "cab"), p("b", [p("b1", [], "cab"), p("b2")], "tw"), p("c", [], "fb")];
}

describe("outline", () => {
  it("numbers the points in reading order", () => {
    expect(flatten(sample()).map((r) => [r.label, r.point.text])).toEqual([
      ["1", "a"],
      ["2", "b"],
      ["2.1", "b1"],
      ["2.2", "b2"],
      ["3", "c"],
    ]);
    expect(countPoints(sample())).toBe(5);
  });

  it("indents a point under the one before, as its last reply", () => {
    const tree = sample();
    const frozen = JSON.stringify(tree);
    const edit = indent(tree, [2])!;
    expect(edit.path).toEqual([1, 2]);
    expect(shape(edit.points)).toEqual(["a@0", "b@0", "b1@1", "b2@1", "c@1"]);
    expect(pointAt(edit.points, edit.path)?.text).toBe("c");
    expect(JSON.stringify(tree)).toBe(frozen); // the input is left as it was
    expect(edit.points[0]).toBe(tree[0]); // untouched branches are shared
  });

  it("a reply by its parent's party does not repeat it, and says it again when outdented", () => {
    const tree = [p("a", [], "tw"), p("b", [], "tw"), p("c", [], "fb")];
    const same = indent(tree, [1])!;
    expect(same.points[0].points[0]).toEqual({ text: "b", points: [] });
    const other = indent(tree, [2])!;
    expect(other.points[1].points[0].by).toBe("fb");
    const back = outdent(same.points, same.path)!;
    expect(back.points).toEqual(tree);
  });

  it("refuses to indent a first point", () => {
    expect(indent(sample(), [0])).toBeNull();
    expect(indent(sample(), [1, 0])).toBeNull();
  });

  it("outdents a reply after its parent, taking the replies after it along", () => {
    const edit = outdent(sample(), [1, 0])!;
    expect(edit.path).toEqual([2]);
    expect(shape(edit.points)).toEqual(["a@0", "b@0", "b1@0", "b2@1", "c@0"]);
    expect(edit.points[1].points).toEqual([]);
    expect(edit.points[2].by).toBe("cab");
  });

  it("refuses to outdent a top-level point", () => {
    expect(outdent(sample(), [0])).toBeNull();
  });

  it("indent then outdent gives the outline back", () => {
    const tree = sample();
    const there = indent(tree, [2])!;
    const back = outdent(there.points, there.path)!;
    expect(back.points).toEqual(tree);
    expect(back.path).toEqual([2]);
  });

  it("moves a point with its replies among its siblings", () => {
    const up = moveUp(sample(), [1])!;
    expect(up.path).toEqual([0]);
    expect(shape(up.points)).toEqual(["b@0", "b1@1", "b2@1", "a@0", "c@0"]);
    const down = moveDown(sample(), [1, 0])!;
    expect(down.path).toEqual([1, 1]);
    expect(shape(down.points)).toEqual(["a@0", "b@0", "b2@1", "b1@1", "c@0"]);
    expect(moveUp(sample(), [0])).toBeNull();
    expect(moveDown(sample(), [2])).toBeNull();
    expect(moveDown(sample(), [1, 1])).toBeNull();
  });

  it("removes a point, keeping its replies in its place, and says where focus goes", () => {
    const gone = remove(sample(), [1]);
    expect(shape(gone.points)).toEqual(["a@0", "b1@0", "b2@0", "c@0"]);
    expect(gone.path).toEqual([0]); // the point before in reading order
    const reply = remove(sample(), [1, 1]);
    expect(shape(reply.points)).toEqual(["a@0", "b@0", "b1@1", "c@0"]);
    expect(reply.path).toEqual([1, 0]);
    const first = remove(sample(), [0]);
    expect(first.path).toEqual([0]);
    expect(remove([p("only")], [0])).toEqual({ points: [], path: [] });
    expect(() => remove(sample(), [7])).toThrow(RangeError);
  });

  it("inserts a new point after one, a top-level one by the same party", () => {
    const top = insertAfter(sample(), [1]);
    expect(top.path).toEqual([2]);
    expect(top.points[2]).toEqual({ by: "tw", text: "", points: [] });
    expect(shape(top.points)).toEqual(["a@0", "b@0", "b1@1", "b2@1", "@0", "c@0"]);
    const reply = insertAfter(sample(), [1, 0]);
    expect(reply.path).toEqual([1, 1]);
    expect(reply.points[1].points[1]).toEqual({ text: "", points: [] });
    const added = append(sample());
    expect(added.path).toEqual([3]);
  });

  it("every operation keeps every point exactly once", () => {
    const texts = (points: Point[]) => flatten(points).map((r) => r.point.text).sort();
    const all = texts(sample());
    const ops = [
      indent(sample(), [1]),
      indent(sample(), [1, 1]),
      outdent(sample(), [1, 0]),
      outdent(sample(), [1, 1]),
      moveUp(sample(), [2]),
      moveDown(sample(), [0]),
    ];
    for (const op of ops) expect(texts(op!.points)).toEqual(all);
  });
});
