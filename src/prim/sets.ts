/**
 * Membership and set operations over lists: `in`, `except`, `inter`,
 * `union`. Items are compared by identity (`~`), through hash keys.
 *
 * @module
 */

import { fromItems, itemsOf } from "../value/items.ts";
import { Atom, count, type Value } from "../value/value.ts";
import { distinct, find, gather } from "./list.ts";
import { itemKeys } from "./match.ts";
import { atomic1 } from "./atomic.ts";
import { qerr } from "../err/qerror.ts";
import { kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** `x in y`: whether x (or each item of x) is an item of y. */
export function inOp(x: Value, y: Value): Value {
  const n = count(y);
  const pos = find(y.t < 0 ? fromItems([y]) : y, x);
  return atomic1((p) => {
    if (!(p instanceof Atom)) {
      const a = p.a as BigInt64Array;
      const r = new Uint8Array(a.length);
      for (let i = 0; i < a.length; i++) r[i] = a[i] < BigInt(n) ? 1 : 0;
      return fromItems(Array.from(r, (b) => new Atom(-1, b)));
    }
    return new Atom(-1, Number(p.v) < n ? 1 : 0);
  }, pos);
}

function keySet(y: Value): Set<unknown> {
  return new Set(itemKeys(y.t < 0 ? fromItems([y]) : y));
}

function selectWhere(x: Value, keep: (k: unknown) => boolean): Value {
  if (x.t < 0) return qerr("type", "expected a list");
  const keys = itemKeys(x);
  const idx: number[] = [];
  keys.forEach((k, i) => keep(k) && idx.push(i));
  return gather(x, idx);
}

/** `x except y`: the items of x that are not items of y. */
export function except(x: Value, y: Value): Value {
  const ys = keySet(y);
  return selectWhere(x, (k) => !ys.has(k));
}

/** `x inter y`: the items of x that are also items of y. */
export function inter(x: Value, y: Value): Value {
  const ys = keySet(y);
  return selectWhere(x, (k) => ys.has(k));
}

/** `x union y`: distinct items of x then of y. */
export function union(x: Value, y: Value): Value {
  const xs = x.t < 0 ? [x] : itemsOf(x), ys = y.t < 0 ? [y] : itemsOf(y);
  return distinct(fromItems([...xs, ...ys]));
}

/** Membership and set keywords. */
export const SETS_KEYWORDS: readonly Prim[] = [
  kw2("in", inOp),
  kw2("except", except),
  kw2("inter", inter),
  kw2("union", union),
];
