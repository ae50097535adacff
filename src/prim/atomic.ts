/**
 * Atomic extension: lifting an operation defined on atoms and vectors to
 * general lists (item by item), dictionaries (over values, aligning keys
 * with upsert semantics), tables (column by column) and keyed tables (row
 * by key), as q's atomic functions behave.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { count, Dict, Fn, isKeyed, List, Table, type Value } from "../value/value.ts";
import { isSimple, type Simple } from "./convert.ts";
import { itemKeys } from "./match.ts";

/** An operation on simple values. */
export type SimpleOp2 = (x: Simple, y: Simple) => Value;
/** A unary operation on simple values. */
export type SimpleOp1 = (x: Simple) => Value;
/**
 * What becomes of a dictionary value whose key is only in the right
 * argument (identity when absent; Subtract negates it).
 */
export type Lone = ((y: Value) => Value) | undefined;

/** Applies a unary atomic operation to any value. */
export function atomic1(f: SimpleOp1, x: Value): Value {
  if (isSimple(x)) return f(x);
  if (x instanceof List) return fromItems(x.a.map((i) => atomic1(f, i)));
  if (x instanceof Dict) return new Dict(x.k, atomic1(f, x.v));
  if (x instanceof Table) return new Table(x.cols, x.data.map((c) => atomic1(f, c)));
  return qerr("type");
}

/** Applies a binary atomic operation to any pair of values. */
export function atomic2(f: SimpleOp2, x: Value, y: Value, lone?: Lone): Value {
  if (isSimple(x) && isSimple(y)) return f(x, y);
  if (x instanceof Fn || y instanceof Fn) return qerr("type");
  if (x instanceof Dict && y instanceof Dict) return dictPair(f, x, y, lone);
  if (x instanceof Dict) return new Dict(x.k, atomic2(f, x.v, y, lone));
  if (y instanceof Dict) return new Dict(y.k, atomic2(f, x, y.v, lone));
  if (x instanceof Table || y instanceof Table) return tableOp(f, x, y, lone);
  const xl = !isAtomic(x), yl = !isAtomic(y);
  if (xl && yl && count(x) !== count(y)) return qerr("length", `lengths ${count(x)} and ${count(y)} differ`);
  const xs = xl ? itemsOf(x) : null, ys = yl ? itemsOf(y) : null;
  const n = xs ? xs.length : ys!.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = atomic2(f, xs ? xs[i] : x, ys ? ys[i] : y, lone);
  return fromItems(out);
}

function isAtomic(x: Value): boolean {
  return x.t < 0 || x.t >= 100;
}

function tableOp(f: SimpleOp2, x: Value, y: Value, lone: Lone): Value {
  if (x instanceof Table && y instanceof Table) {
    if (x.cols.length !== y.cols.length || x.cols.some((c, i) => c !== y.cols[i])) return qerr("mismatch");
    return new Table(x.cols, x.data.map((c, i) => atomic2(f, c, y.data[i], lone)));
  }
  if (x instanceof Table) {
    if (!isAtomic(y) && count(y) !== count(x)) return qerr("length");
    return new Table(x.cols, x.data.map((c) => atomic2(f, c, y, lone)));
  }
  const t = y as Table;
  if (!isAtomic(x) && count(x) !== count(t)) return qerr("length");
  return new Table(t.cols, t.data.map((c) => atomic2(f, x, c, lone)));
}

function sameKeys(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Two dictionaries (or keyed tables): values combine where keys meet, the
 * entries of either alone are kept (upsert semantics), new keys at the end.
 */
function dictPair(f: SimpleOp2, x: Dict, y: Dict, lone: Lone): Value {
  if (isKeyed(x) !== isKeyed(y)) return qerr("type");
  const xk = itemKeys(x.k), yk = itemKeys(y.k);
  if (sameKeys(xk, yk)) return new Dict(x.k, atomic2(f, x.v, y.v, lone));
  const pos = new Map<unknown, number>();
  for (let i = xk.length - 1; i >= 0; i--) pos.set(xk[i], i);
  const xv = itemsOf(x.v), yv = itemsOf(y.v), ykeys = itemsOf(y.k);
  const keys = itemsOf(x.k).slice(), vals = xv.slice();
  for (let j = 0; j < yk.length; j++) {
    const i = pos.get(yk[j]);
    if (i !== undefined) vals[i] = atomic2(f, vals[i], yv[j], lone);
    else {
      pos.set(yk[j], keys.length);
      keys.push(ykeys[j]);
      vals.push(lone ? lone(yv[j]) : yv[j]);
    }
  }
  return new Dict(keys.length === xk.length ? x.k : rebuild(x.k, keys), rebuild(x.v, vals));
}

/** Items packed back into a list shaped like `like` (rows of a table back into a table). */
function rebuild(like: Value, items: Value[]): Value {
  if (!(like instanceof Table)) return fromItems(items);
  const rows = items.map((r) => itemsOf((r as Dict).v));
  return new Table(like.cols, like.cols.map((_, c) => fromItems(rows.map((r) => r[c]))));
}
