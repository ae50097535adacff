/**
 * Moving between whole values and their items: item `i` of any list, all
 * items, and the reverse — packing a run of items into the tightest list
 * (atoms of one type become a vector, as q's lists collapse).
 *
 * @module
 */

import { nullOf } from "./nulls.ts";
import { ctorOf } from "./types.ts";
import { Atom, count, Dict, List, NIL, Table, type Value, Vec } from "./value.ts";
import { intern, symName } from "./sym.ts";

/** Item `i` of a vector as an atom (no bounds check). */
export function vecItem(x: Vec, i: number): Atom {
  if (x.t === 2) return new Atom(-2, (x.a as Uint8Array).slice(i * 16, i * 16 + 16));
  return new Atom(-x.t, x.a[i]);
}

/** The null atom of basic type `t`. */
export function nullAtom(t: number): Atom {
  return new Atom(-t, t === 2 ? new Uint8Array(16) : nullOf(t));
}

/** Item `i` of any list-like value (vector, list, table row, dict value). */
export function itemAt(x: Value, i: number): Value {
  if (x instanceof Vec) return vecItem(x, i);
  if (x instanceof List) return x.a[i];
  if (x instanceof Table) return rowDict(x, i);
  if (x instanceof Dict) return itemAt(x.v, i);
  return x;
}

/** Row `i` of a table as a dictionary of column name to value. */
export function rowDict(t: Table, i: number): Dict {
  const keys = new Vec(11, Int32Array.from(t.cols, (c) => intern(c)));
  return new Dict(keys, fromItems(t.data.map((c) => itemAt(c, i))));
}

/** All items of a list-like value; an atom is its own single item. */
export function itemsOf(x: Value): Value[] {
  if (x instanceof List) return x.a;
  const n = count(x);
  if (x instanceof Vec || x instanceof Table || x instanceof Dict) {
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = itemAt(x, i);
    return out;
  }
  return [x];
}

/**
 * Packs items into the tightest list: atoms all of one basic type become a
 * vector; dictionaries with the same symbol keys become a table (as in q,
 * a list of conforming records is a table); anything else stays a general
 * list.
 */
export function fromItems(xs: Value[]): Value {
  const n = xs.length;
  if (n === 0) return new List([]);
  const first = xs[0];
  if (first instanceof Dict) return recordsToTable(xs) ?? new List(xs);
  if (!(first instanceof Atom)) return new List(xs);
  const t = first.t;
  for (let i = 1; i < n; i++) {
    const x = xs[i];
    if (!(x instanceof Atom) || x.t !== t) return new List(xs);
  }
  return atomsToVec(-t, xs as Atom[]);
}

/** Dictionaries with identical symbol keys as a table (undefined when they do not conform). */
function recordsToTable(xs: Value[]): Table | undefined {
  const k = (xs[0] as Dict).k;
  if (!(k instanceof Vec) || k.t !== 11) return undefined;
  const keys = k.a as Int32Array;
  for (const x of xs) {
    if (!(x instanceof Dict) || !(x.k instanceof Vec) || x.k.t !== 11 || x.k.n !== keys.length) return undefined;
    const ks = x.k.a as Int32Array;
    for (let j = 0; j < keys.length; j++) if (ks[j] !== keys[j]) return undefined;
    if (count(x.v) !== keys.length) return undefined;
  }
  const cols = Array.from(keys, (_, j) => fromItems(xs.map((x) => itemAt((x as Dict).v, j))));
  return new Table(Array.from(keys, symName), cols);
}

/** A vector of type `t` from atoms already known to be of that type. */
export function atomsToVec(t: number, xs: Atom[]): Vec {
  const n = xs.length;
  if (t === 2) {
    const a = new Uint8Array(n * 16);
    for (let i = 0; i < n; i++) a.set(xs[i].v as Uint8Array, i * 16);
    return new Vec(2, a);
  }
  const C = ctorOf(t);
  const a = new C(n) as unknown as (number | bigint)[];
  for (let i = 0; i < n; i++) a[i] = xs[i].v as number | bigint;
  return new Vec(t, a as unknown as Int32Array);
}

/** An empty list shaped like `x` (empty vector of its type, or `()`). */
export function emptyLike(x: Value): Value {
  if (x instanceof Vec) return new Vec(x.t, new (ctorOf(x.t))(0));
  if (x instanceof Atom && x.t > -20) return new Vec(-x.t, new (ctorOf(-x.t))(0));
  if (x instanceof Table) return new Table(x.cols, x.data.map(emptyLike));
  return new List([]);
}

/** The prototype null q returns when indexing out of range. */
export function protoNull(x: Value): Value {
  if (x instanceof Vec) return nullAtom(x.t);
  if (x instanceof List) {
    const f = x.a[0];
    if (f === undefined) return NIL;
    if (f instanceof Atom) return nullAtom(-f.t);
    return emptyLike(f);
  }
  if (x instanceof Dict) return protoNull(x.v);
  if (x instanceof Table) {
    return new Dict(new Vec(11, Int32Array.from(x.cols, (c) => intern(c))), fromItems(x.data.map(protoNull)));
  }
  return NIL;
}
