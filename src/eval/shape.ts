/**
 * Recognising the column expressions of a grouped query that can run
 * fused with the grouping: aggregations of columns (`sum v`, `x wavg y`,
 * `count i`), the top items of each group (`2 sublist desc v`), and
 * atomic expressions of those (`(max v1)-min v2`, `{x*x} v1 cor v2`).
 * Atomic functions act item by item, so applying one to the vector of
 * per-group results equals applying it in each group.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { apply } from "../prim/apply.ts";
import { KEYWORDS, UNARY_FORMS } from "../prim/verbs.ts";
import { GROUPED, topRows } from "../qsql/aggregate.ts";
import { passAgg, runPass } from "../qsql/pass.ts";
import type { Grouping } from "../qsql/group.ts";
import { Atom, type Table, type Value, Vec } from "../value/value.ts";
import type { Code, Frame } from "./compile.ts";

/** How a column expression is computed per group. */
export type Shape =
  | { kind: "agg"; fn: string; cols: string[] }
  | { kind: "top"; k: number; desc: boolean; col: string }
  | { kind: "op"; name: string; fn: Code; args: Shape[] }
  | { kind: "lit"; value: Value }
  | { kind: "generic" };

/** Unary keywords and glyphs that are atomic. */
const ATOMIC_UNARY = new Set([
  "neg",
  "abs",
  "sqrt",
  "exp",
  "log",
  "floor",
  "ceiling",
  "reciprocal",
  "signum",
  "not",
  "null",
  "-",
  "%",
]);
/** Binary keywords and glyphs that are atomic. */
const ATOMIC_BINARY = new Set([
  "+",
  "-",
  "*",
  "%",
  "&",
  "|",
  "=",
  "<",
  ">",
  "<=",
  ">=",
  "<>",
  "^",
  "div",
  "mod",
  "xexp",
  "xlog",
  "and",
  "or",
]);
/** Largest k for the fused top-k of each group. */
const TOP_LIMIT = 64;

/** The name of a function node (keyword or glyph), or "". */
function fnName(f: A.Node): string {
  return f.k === "name" ? f.name : f.k === "verb" ? f.glyph : "";
}

/** True when an expression applies only atomic functions to the names `params` and literal atoms. */
function atomicExpr(n: A.Node, params: string[]): boolean {
  if (n.k === "lit") return n.v instanceof Atom;
  if (n.k === "name") return params.includes(n.name);
  if (n.k === "app") return ATOMIC_UNARY.has(fnName(n.f)) && atomicExpr(n.x, params);
  if (n.k === "dyad") return ATOMIC_BINARY.has(fnName(n.f)) && atomicExpr(n.x, params) && atomicExpr(n.y, params);
  return false;
}

/** A one-argument lambda whose body is one atomic expression, such as `{x*x}`. */
function atomicLambda(f: A.Node): boolean {
  if (f.k !== "lambda") return false;
  const params = f.params ?? ["x"];
  return params.length === 1 && f.body.length === 1 && f.body[0] !== null && atomicExpr(f.body[0], params);
}

/** Literal non-negative integer `n` of `n sublist …`, or -1. */
function smallCount(n: A.Node): number {
  if (n.k !== "lit" || !(n.v instanceof Atom) || (n.v.t !== -7 && n.v.t !== -6)) return -1;
  const k = Number(n.v.v);
  return k >= 0 && k <= TOP_LIMIT ? k : -1;
}

/** Classifies an expression; `compileFn` compiles the functions of atomic operations. */
export function shapeOf(n: A.Node, compileFn: (n: A.Node) => Code): Shape {
  if (n.k === "lit" && n.v instanceof Atom) return { kind: "lit", value: n.v };
  if (n.k === "app" && n.f.k === "name" && n.x.k === "name" && GROUPED.get(n.f.name)?.arity === 1) {
    return { kind: "agg", fn: n.f.name, cols: [n.x.name] };
  }
  if (
    n.k === "dyad" && n.f.k === "name" && n.x.k === "name" && n.y.k === "name" && GROUPED.get(n.f.name)?.arity === 2
  ) {
    return { kind: "agg", fn: n.f.name, cols: [n.x.name, n.y.name] };
  }
  if (n.k === "dyad" && fnName(n.f) === "sublist" && n.y.k === "app" && n.y.x.k === "name") {
    const k = smallCount(n.x), order = fnName(n.y.f);
    if (k >= 0 && (order === "desc" || order === "asc")) {
      return { kind: "top", k, desc: order === "desc", col: n.y.x.name };
    }
  }
  if (n.k === "app") {
    const name = fnName(n.f);
    const atomic = (ATOMIC_UNARY.has(name) && (KEYWORDS.has(name) || UNARY_FORMS.has(name))) || atomicLambda(n.f);
    const inner = atomic ? shapeOf(n.x, compileFn) : undefined;
    if (inner && inner.kind !== "generic") {
      const fn = n.f.k === "verb" ? unaryGlyph(n.f.glyph) : compileFn(n.f);
      return { kind: "op", name: name || "lambda", fn, args: [inner] };
    }
  }
  if (n.k === "dyad" && ATOMIC_BINARY.has(fnName(n.f))) {
    const l = shapeOf(n.x, compileFn), r = shapeOf(n.y, compileFn);
    if (l.kind !== "generic" && r.kind !== "generic" && (l.kind !== "lit" || r.kind !== "lit")) {
      return { kind: "op", name: fnName(n.f), fn: compileFn(n.f), args: [l, r] };
    }
  }
  return { kind: "generic" };
}

/** A glyph applied to one argument means its unary form (`-x` is neg). */
function unaryGlyph(g: string): Code {
  const p = UNARY_FORMS.get(g)!;
  return () => p;
}

/** True when every column a shape reads is a vector of the table (so the fused path applies). */
export function fusable(s: Shape, t: Table): boolean {
  const isVec = (c: string) => t.cols.includes(c) && t.data[t.cols.indexOf(c)] instanceof Vec;
  if (s.kind === "agg") return s.cols.every((c) => isVec(c) || (c === "i" && s.fn === "count"));
  if (s.kind === "top") return isVec(s.col);
  if (s.kind === "op") return s.args.every((a) => fusable(a, t));
  return s.kind === "lit";
}

/** The argument columns of an aggregation (`i` reads no column). */
function aggCols(s: { cols: string[] }, t: Table): Vec[] {
  return s.cols.map((c) => (c === "i" ? new Vec(7, new BigInt64Array(0)) : t.data[t.cols.indexOf(c)] as Vec));
}

/** The aggregations inside shapes. */
function leaves(s: Shape, out: Extract<Shape, { kind: "agg" }>[]): void {
  if (s.kind === "agg") out.push(s);
  else if (s.kind === "op") s.args.forEach((a) => leaves(a, out));
}

/**
 * Computes fused shapes, one value per group each. Every aggregation that
 * can share a pass (see qsql/pass.ts) runs in a single loop over the rows.
 */
export function runShapes(
  shapes: Shape[],
  t: Table,
  rows: Int32Array | null,
  g: Grouping,
  n: number,
  fr: Frame,
): Value[] {
  const aggs: Extract<Shape, { kind: "agg" }>[] = [];
  shapes.forEach((s) => leaves(s, aggs));
  const items = aggs.map((a) => ({ a, cols: aggCols(a, t) })).map(({ a, cols }) => ({
    a,
    cols,
    agg: passAgg(a.fn, cols),
  }));
  const shared = items.filter((it) => it.agg);
  const done = new Map<Shape, Value>();
  if (shared.length > 1) {
    const vals = runPass(shared.map((it) => ({ agg: it.agg!, cols: it.cols })), rows, g, n);
    shared.forEach((it, j) => done.set(it.a, vals[j]));
  }
  return shapes.map((s) => runShape(s, t, rows, g, n, fr, done));
}

/** Computes a fused shape: one value per group (aggregations found in `done` are not rerun). */
function runShape(
  s: Shape,
  t: Table,
  rows: Int32Array | null,
  g: Grouping,
  n: number,
  fr: Frame,
  done: Map<Shape, Value>,
): Value {
  const col = (c: string) => t.data[t.cols.indexOf(c)] as Vec;
  switch (s.kind) {
    case "lit":
      return s.value;
    case "op": {
      const vals = s.args.map((a) => runShape(a, t, rows, g, n, fr, done));
      return apply(s.fn(fr), vals);
    }
    case "agg":
      return done.get(s) ?? GROUPED.get(s.fn)!.run(aggCols(s, t), rows, g, n);
    case "top":
      return topRows(col(s.col), rows, g, n, s.k, s.desc);
    default:
      return qerr("nyi", "not a fused aggregation");
  }
}

/** Describes a shape for explain. */
export function describeShape(s: Shape): string {
  switch (s.kind) {
    case "agg":
      return `${s.fn} of ${s.cols.join(", ")}, fused with grouping`;
    case "top":
      return `${s.k} ${s.desc ? "largest" : "smallest"} of ${s.col} per group, fused with grouping`;
    case "op":
      return `${s.name} of (${s.args.map(describeShape).join("; ")})`;
    case "lit":
      return "constant";
    default:
      return "evaluated group by group";
  }
}
