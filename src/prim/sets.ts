/**
 * Membership and set operations over lists: `in`, `within`, `except`,
 * `inter`, `union`. Items are compared by identity (`~`): vectors of one
 * type through the hashing kernels of list.ts, other lists through hash
 * keys of their items, table rows as records.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemAt, itemsOf } from "../value/items.ts";
import { Atom, count, Dict, isAtom, List, Table, type Value, Vec } from "../value/value.ts";
import { equal, greaterEq, lessEq, lesser } from "./compare.ts";
import { halves, Rep, repOf } from "./convert.ts";
import { distinct, findVec, gather, join, rowIndices } from "./list.ts";
import { CT, match, valueKey } from "./match.ts";
import { kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

// ------------------------------------------------------------------ membership

/**
 * For each item of the list x, whether it is an item of y: vectors and
 * atoms of one type exactly, by hashing; an atom y (or a one-item vector)
 * of another type by `=`, with its type promotion and float tolerance;
 * table rows as records. Vectors of different types are a type error.
 */
function members(x: Value, y: Value): Uint8Array {
  if (x instanceof Vec && y instanceof Atom && y.t === -x.t) return members(x, fromItems([y]));
  if (x instanceof Vec && (isAtom(y) || (y instanceof Vec && y.n === 1 && y.t !== x.t))) {
    return (equal(x, isAtom(y) ? y : itemAt(y, 0)) as Vec).a as Uint8Array;
  }
  if (x instanceof Vec && y instanceof Vec) {
    if (x.t !== y.t) return qerr("type", "in needs items of one type");
    return below(findVec(y, x), y.n);
  }
  if (x instanceof Table && y instanceof Table) return below(rowIndices(y, x), count(y));
  const keys = new Set(itemsOf(y.t < 0 ? fromItems([y]) : y).map(valueKey));
  return Uint8Array.from(itemsOf(x), (v) => (keys.has(valueKey(v)) ? 1 : 0));
}

function below(pos: ArrayLike<number>, n: number): Uint8Array {
  const r = new Uint8Array(pos.length);
  for (let i = 0; i < pos.length; i++) r[i] = pos[i] < n ? 1 : 0;
  return r;
}

/**
 * `x in y`: where y is an atom or vector, whether each atom of x is an
 * item of y (left-atomic); where y is a general list, whether x is an item
 * of it. As in q, x is taken whole when it is an atom or list like y's
 * first item, else item by item (a list x; an atom x is then absent).
 */
export function inOp(x: Value, y: Value): Value {
  if (y instanceof List) {
    const like = y.a.length === 0 || isAtom(y.a[0]) === isAtom(x);
    if (!like && !isAtom(x)) return fromItems(itemsOf(x).map((v) => inOp(v, y)));
    return new Atom(-1, like && y.a.some((v) => match(v, x)) ? 1 : 0);
  }
  if (x instanceof Atom) return new Atom(-1, members(fromItems([x]), y)[0]);
  if (x instanceof List) return fromItems(x.a.map((v) => inOp(v, y)));
  if (x instanceof Dict) return new Dict(x.k, inOp(x.v, y));
  return new Vec(1, members(x, y));
}

/** The items of list x whose flag in `keep` is `want`. */
function selectWhere(x: Value, keep: Uint8Array, want: number): Value {
  const idx: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i] === want) idx.push(i);
  return gather(x, Int32Array.from(idx));
}

/** `x except y`: the items of x that are not items of y. */
export function except(x: Value, y: Value): Value {
  if (isAtom(x)) return qerr("type", "except needs a list on the left");
  return selectWhere(x, members(x, y), 0);
}

/** `x inter y`: the items of x that are also items of y (of dictionaries, their values). */
export function inter(x: Value, y: Value): Value {
  if (x instanceof Dict && y instanceof Dict) return inter(x.v, y.v);
  if (isAtom(x)) return qerr("type", "inter needs a list on the left");
  return selectWhere(x, members(x, y), 1);
}

/** `x union y`: the distinct items of x then of y (`distinct x,y`). */
export function union(x: Value, y: Value): Value {
  return distinct(join(x, y));
}

// ------------------------------------------------------------------ within

/**
 * `x within y`: whether x lies in the inclusive range `y 0` to `y 1`,
 * conforming to x (and to bounds that are lists). A vector with bounds of
 * its own type runs in one pass; other cases are `(x>=y 0)&x<=y 1`.
 */
export function within(x: Value, y: Value): Value {
  if (isAtom(y) || count(y) !== 2) return qerr("length", "within needs a pair of bounds");
  if (x instanceof Vec && y instanceof Vec && y.t === x.t && x.t !== 11) {
    const r = withinVec(x, y);
    if (r) return r;
  }
  return lesser(greaterEq(x, itemAt(y, 0)), lessEq(x, itemAt(y, 1)));
}

/** One pass for int, long and float vectors and their temporal kin; null for other types. */
function withinVec(x: Vec, y: Vec): Vec | null {
  const n = x.n, r = new Uint8Array(n), a = x.a, b = y.a;
  if (a instanceof Int32Array) withinI32(a, (b as Int32Array)[0], (b as Int32Array)[1], r);
  else if (repOf(x.t) === Rep.I64) withinI64(halves(a as BigInt64Array), halves(b as BigInt64Array), r);
  else if (a instanceof Float64Array) withinF64(a, (b as Float64Array)[0], (b as Float64Array)[1], r);
  else return null;
  return new Vec(1, r);
}

function withinI32(a: Int32Array, lo: number, hi: number, r: Uint8Array): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    r[i] = v >= lo && v <= hi ? 1 : 0;
  }
}

/** Bounds compared through int32 halves: high words signed, low words unsigned. */
function withinI64(h: Int32Array, bounds: Int32Array, r: Uint8Array): void {
  const lh = bounds[1], ll = bounds[0] >>> 0, hh = bounds[3], hl = bounds[2] >>> 0;
  for (let i = 0; i < r.length; i++) {
    const vh = h[2 * i + 1], vl = h[2 * i] >>> 0;
    const above = vh > lh || (vh === lh && vl >= ll), under = vh < hh || (vh === hh && vl <= hl);
    r[i] = above && under ? 1 : 0;
  }
}

/** As `>=` and `<=` compare floats: equal within the comparison tolerance, NaN (null) below all. */
function withinF64(a: Float64Array, lo: number, hi: number, r: Uint8Array): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    r[i] = !less(v, lo) && !less(hi, v) ? 1 : 0;
  }
}

function less(a: number, b: number): boolean {
  if (a !== a || b !== b) return a !== a && b === b;
  if (a >= b) return false;
  const d = Math.abs(a - b);
  return !(d <= CT * Math.max(Math.abs(a), Math.abs(b)) && d < Infinity);
}

/** Membership and set keywords. */
export const SETS_KEYWORDS: readonly Prim[] = [
  kw2("in", inOp),
  kw2("within", within),
  kw2("except", except),
  kw2("inter", inter),
  kw2("union", union),
];
