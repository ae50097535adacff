/**
 * Atomic extension: lifting an operation defined on atoms and vectors to
 * general lists (item by item), dictionaries (over values, aligning keys
 * with upsert semantics) and tables (column by column), as q's atomic
 * functions behave.
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

/** Applies a unary atomic operation to any value. */
export function atomic1(f: SimpleOp1, x: Value): Value {
  if (isSimple(x)) return f(x);
  if (x instanceof List) return fromItems(x.a.map((i) => atomic1(f, i)));
  if (x instanceof Dict) return new Dict(x.k, atomic1(f, x.v));
  if (x instanceof Table) return new Table(x.cols, x.data.map((c) => atomic1(f, c)));
  return qerr("type");
}

/** Applies a binary atomic operation to any pair of values. */
export function atomic2(f: SimpleOp2, x: Value, y: Value): Value {
  if (isSimple(x) && isSimple(y)) return f(x, y);
  if (x instanceof Fn || y instanceof Fn) return qerr("type");
  if (isKeyed(x) || isKeyed(y)) return keyedOp(f, x, y);
  if (x instanceof Dict || y instanceof Dict) return dictOp(f, x, y);
  if (x instanceof Table || y instanceof Table) return tableOp(f, x, y);
  const xl = !isAtomic(x), yl = !isAtomic(y);
  if (xl && yl && count(x) !== count(y)) return qerr("length", `lengths ${count(x)} and ${count(y)} differ`);
  const xs = xl ? itemsOf(x) : null, ys = yl ? itemsOf(y) : null;
  const n = xs ? xs.length : ys!.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = atomic2(f, xs ? xs[i] : x, ys ? ys[i] : y);
  return fromItems(out);
}

function isAtomic(x: Value): boolean {
  return x.t < 0 || x.t >= 100;
}

function tableOp(f: SimpleOp2, x: Value, y: Value): Value {
  if (x instanceof Table && y instanceof Table) {
    if (x.cols.length !== y.cols.length || x.cols.some((c, i) => c !== y.cols[i])) return qerr("mismatch");
    return new Table(x.cols, x.data.map((c, i) => atomic2(f, c, y.data[i])));
  }
  if (x instanceof Table) {
    if (!isAtomic(y) && count(y) !== count(x)) return qerr("length");
    return new Table(x.cols, x.data.map((c) => atomic2(f, c, y)));
  }
  const t = y as Table;
  if (!isAtomic(x) && count(x) !== count(t)) return qerr("length");
  return new Table(t.cols, t.data.map((c) => atomic2(f, x, c)));
}

function keyedOp(f: SimpleOp2, x: Value, y: Value): Value {
  if (isKeyed(x) && isKeyed(y)) {
    const [xd, yd] = [x as Dict, y as Dict];
    const xk = itemKeys(xd.k), yk = itemKeys(yd.k);
    if (xk.length === yk.length && xk.every((k, i) => k === yk[i])) return new Dict(xd.k, atomic2(f, xd.v, yd.v));
    return qerr("nyi", "arithmetic between keyed tables with different keys");
  }
  if (isKeyed(x)) return new Dict((x as Dict).k, atomic2(f, (x as Dict).v, y));
  const d = y as Dict;
  return new Dict(d.k, atomic2(f, x, d.v));
}

/** Dictionary arithmetic: values combine where keys meet; others pass through. */
function dictOp(f: SimpleOp2, x: Value, y: Value): Value {
  if (x instanceof Dict && y instanceof Dict) {
    const xk = itemKeys(x.k), yk = itemKeys(y.k);
    const pos = new Map<unknown, number>();
    xk.forEach((k, i) => pos.has(k) || pos.set(k, i));
    const xv = itemsOf(x.v), yv = itemsOf(y.v);
    const vals = xv.slice();
    const newKeys: Value[] = [];
    const keysOfY = itemsOf(y.k);
    for (let j = 0; j < yk.length; j++) {
      const i = pos.get(yk[j]);
      if (i === undefined) {
        newKeys.push(keysOfY[j]);
        vals.push(yv[j]);
      } else vals[i] = atomic2(f, xv[i], yv[j]);
    }
    const keys = newKeys.length ? fromItems([...itemsOf(x.k), ...newKeys]) : x.k;
    return new Dict(keys, fromItems(vals));
  }
  if (x instanceof Dict) return new Dict(x.k, atomic2(f, x.v, y));
  const d = y as Dict;
  return new Dict(d.k, atomic2(f, x, d.v));
}
