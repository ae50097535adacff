/**
 * Dictionaries and tables: Dict `!`, `key`, `value`, `flip`, `type`,
 * table construction from column lists, and keying (`n!t`).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { intern, internAll, symName } from "../value/sym.ts";
import { TYPE_NAMES } from "../value/types.ts";
import { Atom, count, Dict, Fn, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { gather, take, til, toInt } from "./list.ts";
import { kw1 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** `type x` as a short atom. */
export function typeOf(x: Value): Value {
  return new Atom(-5, x.t);
}

/** Column names of a symbol vector or atom. */
export function symNames(x: Value): string[] {
  if (x instanceof Atom && x.t === -11) return [symName(x.v as number)];
  if (x instanceof Vec && x.t === 11) return Array.from(x.a as Int32Array, symName);
  if (x instanceof List && x.a.length === 0) return [];
  return qerr("type", "expected symbols");
}

/** A symbol vector of names. */
export function symVector(names: readonly string[]): Vec {
  return new Vec(11, internAll(names));
}

/**
 * Builds a table from named columns, extending atoms to the common length
 * (q's table notation and `flip`). Raises `'length` on unequal lists.
 */
export function makeTable(names: readonly string[], cols: Value[]): Table {
  let n = -1;
  for (const c of cols) {
    if (c.t >= 0 && c.t < 98) {
      const m = count(c);
      if (n >= 0 && m !== n) return qerr("length", "columns have different lengths");
      n = m;
    } else if (c instanceof Table || c instanceof Dict) {
      const m = count(c);
      if (n >= 0 && m !== n) return qerr("length");
      n = m;
    }
  }
  if (n < 0) return qerr("rank", "a table needs at least one list column");
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) return qerr("dup", `duplicate column ${name}`);
    seen.add(name);
  }
  return new Table(names, cols.map((c) => (c.t < 0 || c.t >= 100 ? take(new Atom(-7, BigInt(n)), c) : c)));
}

/** `x!y`: a dictionary, or `n!t` keys the first n columns of table t. */
export function makeDict(x: Value, y: Value): Value {
  if (x instanceof Atom && (x.t === -7 || x.t === -6 || x.t === -5) && (y instanceof Table || isKeyed(y))) {
    return keyTable(toInt(x), y);
  }
  if (y instanceof Fn || x instanceof Fn) return qerr("type");
  const xa = x.t < 0, ya = y.t < 0;
  if (xa && ya) return new Dict(fromItems([x]), fromItems([y]));
  if (xa || ya) {
    if (!xa && count(x) === 1) return new Dict(x, ya ? fromItems([y]) : y);
    return qerr("length", "keys and values must have the same count");
  }
  if (count(x) !== count(y)) return qerr("length", `${count(x)} keys but ${count(y)} values`);
  return new Dict(x, y);
}

/** Keys the first `n` columns of a table (0 unkeys). */
export function keyTable(n: number, t: Value): Value {
  const flat = isKeyed(t) ? unkey(t as Dict) : (t as Table);
  if (n === 0) return flat;
  if (n < 0 || n > flat.cols.length) return qerr("length");
  return new Dict(
    new Table(flat.cols.slice(0, n), flat.data.slice(0, n)),
    new Table(flat.cols.slice(n), flat.data.slice(n)),
  );
}

/** A keyed table as a plain table of key columns then value columns. */
export function unkey(t: Dict): Table {
  const k = t.k as Table, v = t.v as Table;
  return new Table([...k.cols, ...v.cols], [...k.data, ...v.data]);
}

/** `key x` for values: dictionary keys, key columns, `til` of a count, the type name of a vector. */
export function keyOf(x: Value): Value {
  if (x instanceof Dict) return x.k;
  if (x instanceof Atom && (x.t === -7 || x.t === -6 || x.t === -5)) return til(x);
  if (x instanceof Table) return new List([]);
  if (x instanceof Vec) return new Atom(-11, intern(TYPE_NAMES[x.t]));
  return qerr("type");
}

/** `value x` for dictionaries and keyed tables. */
export function valueOf(x: Value): Value {
  if (x instanceof Dict) return x.v;
  return x;
}

/** `flip x`: dictionary of columns ↔ table; transpose of a list of lists. */
export function flip(x: Value): Value {
  if (x instanceof Table) return new Dict(symVector(x.cols), new List([...x.data]));
  if (x instanceof Dict) {
    if (isKeyed(x)) return qerr("nyi", "flip of a keyed table");
    return makeTable(symNames(x.k), itemsOf(x.v));
  }
  if (x instanceof List) {
    let n = -1;
    for (const r of x.a) {
      if (r.t < 0) continue;
      const m = count(r);
      if (n >= 0 && m !== n) return qerr("length");
      n = m;
    }
    if (n < 0) return x;
    const out: Value[] = [];
    for (let j = 0; j < n; j++) {
      out.push(fromItems(x.a.map((r) => (r.t < 0 ? r : itemsOf(r)[j]))));
    }
    return new List(out);
  }
  if (x instanceof Vec) return x;
  return qerr("rank");
}

/** Table column named `c`, or 'c when missing (q's error for an unknown name). */
export function column(t: Table, c: string): Value {
  const i = t.cols.indexOf(c);
  return i < 0 ? qerr(c, `no column ${c}`) : t.data[i];
}

/** Rows `idx` of table t. */
export function rows(t: Table, idx: ArrayLike<number>): Table {
  return gather(t, idx) as Table;
}

/** Dictionary and table keywords. */
export const TABLE_KEYWORDS: readonly Prim[] = [kw1("type", typeOf), kw1("flip", flip)];
