/**
 * Dictionaries and tables: Dict `!`, `key`, `value`, `flip`, `type`,
 * table construction from column lists, keying (`n!t`), and the column
 * keywords `keys`, `cols`, `xkey`, `xcol`, `xcols`, `meta`, `ungroup`.
 * Where q accepts a table by reference, a symbol names a global table.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { intern, internAll, symName } from "../value/sym.ts";
import { TYPE_LETTERS, TYPE_NAMES } from "../value/types.ts";
import { Atom, count, Dict, Fn, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { gather, raze, take, til, toInt } from "./list.ts";
import { kw1, kw2 } from "./define.ts";
import { host } from "./host.ts";
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

// ------------------------------------------------------------------ column keywords

/** A symbol atom's name, or undefined for any other value. */
function nameOf(x: Value): string | undefined {
  return x instanceof Atom && x.t === -11 ? symName(x.v as number) : undefined;
}

/** The table (or keyed table) `x` holds or names; 'type for anything else. */
function tableOf(x: Value): Table | Dict {
  const name = nameOf(x);
  const t = name === undefined ? x : host.lookup(name);
  if (t instanceof Table || isKeyed(t)) return t as Table | Dict;
  return qerr("type", "expected a table or the name of one");
}

/** A keyed table's key columns and value columns as one simple table. */
function flat(t: Table | Dict): Table {
  return t instanceof Table ? t : unkey(t);
}

/** `keys x`: the key columns of a table (by value or name); empty for a simple table. */
export function keys(x: Value): Value {
  const t = tableOf(x);
  return symVector(t instanceof Dict ? (t.k as Table).cols : []);
}

/** `cols x`: the column names of a table (keys first) by value or name, or a dictionary's symbol keys. */
export function cols(x: Value): Value {
  if (x instanceof Dict && !isKeyed(x) && x.k instanceof Vec && x.k.t === 11) return x.k;
  return symVector(flat(tableOf(x)).cols);
}

/** Applies `f` to the simple form of a table and keys the result as the table was keyed. */
function keepKeys(t: Table | Dict, f: (t: Table) => Table): Value {
  const r = f(flat(t));
  return t instanceof Dict ? keyTable((t.k as Table).cols.length, r) : r;
}

/**
 * `x xcol y`: renames the first `count x` columns of table y, or with a
 * dictionary x the columns named by its keys (reference: ref/cols.md).
 */
export function xcol(x: Value, y: Value): Value {
  if (!(y instanceof Table || isKeyed(y))) return qerr("type", "xcol needs a table");
  return keepKeys(y as Table | Dict, (s) => {
    const names = s.cols.slice();
    if (x instanceof Dict) {
      const to = symNames(x.v);
      symNames(x.k).forEach((c, i) => {
        const j = names.indexOf(c);
        if (j < 0) return qerr(c, `no column ${c}`);
        names[j] = to[i];
      });
    } else {
      const to = symNames(x);
      if (to.length > names.length) return qerr("length", `${to.length} names for ${names.length} columns`);
      to.forEach((c, i) => (names[i] = c));
    }
    return makeTable(names, s.data.slice());
  });
}

/** `x xcols y`: table y with columns x first, the others after in their order. */
export function xcols(x: Value, y: Value): Value {
  if (!(y instanceof Table)) return qerr("type", "xcols needs a simple table");
  const first = symNames(x);
  const order = [...first, ...y.cols.filter((c) => !first.includes(c))];
  return new Table(order, order.map((c) => column(y, c)));
}

/** `x xkey y`: table y keyed by columns x (moved to the front); by name, updates the global and returns its name. */
export function xkey(x: Value, y: Value): Value {
  const keyed = keyTable(count(x) === 0 ? 0 : symNames(x).length, xcols(x, flat(tableOf(y))));
  const name = nameOf(y);
  if (name === undefined) return keyed;
  host.assign(name, keyed);
  return y;
}

/** The type letter `meta` shows for a column: lower case for a vector, upper case for a list of vectors. */
function metaType(c: Value): number {
  if (c instanceof Vec) return TYPE_LETTERS.charCodeAt(c.t);
  const first = c instanceof List ? c.a[0] : undefined;
  if (first instanceof Vec) return TYPE_LETTERS.toUpperCase().charCodeAt(first.t);
  if (first instanceof Atom && -first.t < TYPE_LETTERS.length) return TYPE_LETTERS.charCodeAt(-first.t);
  return 32;
}

const ATTR_NAMES = ["", "s", "u", "p", "g"];

/** `meta x`: a table keyed by column name `c` with type letter `t`, foreign key `f` and attribute `a`. */
export function meta(x: Value): Value {
  const t = flat(tableOf(x));
  const types = new Uint8Array(t.cols.length);
  t.data.forEach((c, i) => (types[i] = metaType(c)));
  const attrs = t.data.map((c) => ATTR_NAMES[c instanceof Vec ? c.attr : 0]);
  return new Dict(
    new Table(["c"], [symVector(t.cols)]),
    new Table(["t", "f", "a"], [new Vec(10, types), symVector(t.cols.map(() => "")), symVector(attrs)]),
  );
}

/** `ungroup x`: one row for each item of the list cells of each row (`{$[#x:0!x;,/+:'x;x]}`). */
export function ungroup(x: Value): Value {
  const t = flat(tableOf(x));
  const n = count(t);
  if (n === 0) return t;
  // columns holding a list per row are razed; the others repeat each row's value
  const nested = t.data.map((c) => c instanceof List && c.a.some((v) => !(v instanceof Atom)));
  const len = new Int32Array(n).fill(-1);
  t.data.forEach((c, j) => {
    if (!nested[j]) return;
    const items = (c as List).a;
    for (let i = 0; i < n; i++) {
      const v = items[i];
      if (v instanceof Atom) continue;
      const k = count(v);
      if (len[i] >= 0 && len[i] !== k) qerr("length", "ungroup needs the lists in a row to have one length");
      len[i] = k;
    }
  });
  let total = 0;
  for (let i = 0; i < n; i++) total += len[i] < 0 ? (len[i] = 1) : len[i];
  const rowOf = new Int32Array(total);
  for (let i = 0, o = 0; i < n; i++) for (let k = 0; k < len[i]; k++) rowOf[o++] = i;
  return new Table(
    t.cols,
    t.data.map((c, j) => {
      if (!nested[j]) return gather(c, rowOf);
      const items = (c as List).a.map((v, i) => (v instanceof Atom ? take(new Atom(-7, BigInt(len[i])), v) : v));
      return raze(new List(items));
    }),
  );
}

/** Dictionary and table keywords. */
export const TABLE_KEYWORDS: readonly Prim[] = [
  kw1("type", typeOf),
  kw1("flip", flip),
  kw1("keys", keys),
  kw1("cols", cols),
  kw1("meta", meta),
  kw1("ungroup", ungroup),
  kw2("xcol", xcol),
  kw2("xcols", xcols),
  kw2("xkey", xkey),
];
