/**
 * Application of any value to arguments, as q defines it: functions are
 * called (or projected when arguments are elided or missing), lists and
 * dictionaries are indexed (at depth with several indices), tables are
 * indexed by row and by column. Also Amend: `@[x;i;f;y]`, `.[x;i;f;y]`,
 * and the assignment forms `x[i]:y`, `x[i]+:y`.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemAt, itemsOf, protoNull, rowDict, vecItem } from "../value/items.ts";
import { intern, symName } from "../value/sym.ts";
import {
  Atom,
  Comp,
  count,
  Derived,
  Dict,
  Fn,
  isKeyed,
  Lambda,
  List,
  NIL,
  Prim,
  Proj,
  rankOf,
  Table,
  text,
  type Value,
  Vec,
} from "../value/value.ts";
import { asF64, isSimple, type Simple } from "./convert.ts";
import { column, flip, makeTable, symNames } from "./dict.ts";
import { host } from "./host.ts";
import { derivedApply } from "./iterate.ts";
import { find, gather, index1, join, rowIndices, toInt, upsertDict } from "./list.ts";

/** An argument list where `undefined` marks an elided argument (`f[;2]`). */
export type Args = (Value | undefined)[];

/** Number of elided (`undefined`) entries. */
function holes(args: Args): number {
  let h = 0;
  for (const a of args) if (a === undefined) h++;
  return h;
}

/** Projects `f` on `args`; the result takes the holes plus any missing trailing arguments. */
export function project(f: Value, args: Args, rank: number): Proj {
  const remaining = holes(args) + Math.max(0, rank - args.length);
  return new Proj(f, args, remaining);
}

/** `f[args]`: bracket application. */
export function apply(f: Value, args: Args): Value {
  if (args.length === 0) args = [NIL];
  if (f instanceof Fn) return applyFn(f, args);
  if (args.length === 1) return index(f, args[0] ?? NIL);
  return indexDepth(f, args);
}

function applyFn(f: Fn, args: Args): Value {
  const n = args.length;
  if (f instanceof Lambda) {
    if (n > f.rank) {
      return qerr(
        "rank",
        `${f.src.length > 40 ? "lambda" : f.src} takes ${f.rank} argument${f.rank === 1 ? "" : "s"}, got ${n}`,
      );
    }
    if (n < f.rank || holes(args) > 0) return project(f, args, f.rank);
    return f.call(args as Value[]);
  }
  if (f instanceof Proj) return applyProj(f, args);
  if (f instanceof Prim) return applyPrim(f, args);
  if (f instanceof Derived) {
    if (holes(args) > 0) return project(f, args, Math.max(n, f.rank));
    return derivedApply(f, args as Value[]);
  }
  if (f instanceof Comp) {
    if (holes(args) > 0) return project(f, args, Math.max(n, f.rank));
    let r = apply(f.fs[f.fs.length - 1], args);
    for (let i = f.fs.length - 2; i >= 0; i--) r = apply1(f.fs[i], r);
    return r;
  }
  return qerr("type");
}

function applyPrim(f: Prim, args: Args): Value {
  const n = args.length;
  if (holes(args) > 0) return project(f, args, Math.max(n, f.rank));
  const a = args as Value[];
  if (n === 1) {
    if (f.rank === 1 && f.m) return f.m(a[0]);
    if (f.t === 101 && f.m) return f.m(a[0]);
    return project(f, args, f.rank);
  }
  if (n === 2 && f.d) return f.d(a[0], a[1]);
  if (n >= 2 && f.n) return f.n(a);
  if (n === 2 && f.rank === 1) return qerr("rank", `${f.name} takes 1 argument`);
  return qerr("rank", `${f.name} cannot take ${n} arguments`);
}

function applyProj(p: Proj, args: Args): Value {
  const full: Args = [];
  let k = 0;
  for (const a of p.args) full.push(a === undefined && k < args.length ? args[k++] : a);
  while (k < args.length) full.push(args[k++]);
  const need = Math.max(rankOf(p.f), full.length);
  if (holes(full) > 0 || full.length < need) {
    if (p.f instanceof Lambda && full.length > p.f.rank) return qerr("rank");
    return project(p.f, full, need);
  }
  return apply(p.f, full);
}

/** `f x`: prefix application (unary form of operators, indexing of data). */
export function apply1(f: Value, x: Value): Value {
  if (f instanceof Prim) {
    if (f.m) return f.m(x);
    return project(f, [x], f.rank);
  }
  if (f instanceof Derived) return derivedApply(f, [x]);
  if (f instanceof Fn) return applyFn(f, [x]);
  return index(f, x);
}

/** `x f y`: infix application. */
export function apply2(f: Value, x: Value, y: Value): Value {
  if (f instanceof Prim && f.d) return f.d(x, y);
  if (f instanceof Derived) return derivedApply(f, [x, y]);
  return apply(f, [x, y]);
}

// ------------------------------------------------------------------ indexing

/** `x[i]` with one index (shape follows the index). */
export function index(x: Value, i: Value): Value {
  if (i === NIL) return x;
  if (x instanceof Fn) return apply1(x, i);
  if (x instanceof Table) return indexTable(x, i);
  if (x instanceof Dict) {
    if (isKeyed(x)) return indexKeyed(x, i);
    return index1(x, i);
  }
  if (x instanceof Vec || x instanceof List) {
    if (i instanceof Atom) {
      const j = toIndex(i);
      return j >= 0 && j < count(x) ? itemAt(x, j) : protoNull(x);
    }
    if (i instanceof Vec) {
      const t = i.t;
      if (t === 11 || t === 10 || t === 9 || t === 8) return qerr("type", "list indices must be integers");
      return gather(x, asF64(i) as Float64Array);
    }
    if (i instanceof List) return fromItems(i.a.map((j) => index(x, j)));
    if (i instanceof Dict) return new Dict(i.k, index(x, i.v));
    return qerr("type");
  }
  if (x instanceof Atom && (x.t === -7 || x.t === -6 || x.t === -5)) return applyHandle(x, i);
  return qerr("type", "an atom cannot be indexed");
}

/**
 * A handle applied to text: 0 evaluates it; -1 and -2 write it to stdout
 * and stderr as lines (a string or a list of strings), 1 and 2 write a
 * string as it is. Writing returns the handle. Other handles are
 * connections (see HandleOps).
 */
function applyHandle(h: Atom, y: Value): Value {
  const fd = toInt(h);
  if (fd === 0) return host.evalText(stringOf(y));
  if (fd !== -1 && fd !== -2 && fd !== 1 && fd !== 2) return host.handles.apply(fd, y);
  const lines = fd < 0 && y instanceof List ? y.a.map(stringOf) : [stringOf(y)];
  host.write(fd, lines.join("\n"));
  return h;
}

/** The text of a string or character atom, or undefined for any other value. */
export function textOf(x: Value): string | undefined {
  if (x instanceof Vec && x.t === 10) return text(x);
  if (x instanceof Atom && x.t === -10) return String.fromCharCode(x.v as number);
  return undefined;
}

/** The text of a string or character atom; 'type for any other value. */
function stringOf(x: Value): string {
  return textOf(x) ?? qerr("type", "expected a string");
}

function toIndex(i: Atom): number {
  const t = -i.t;
  if (t === 7 || t === 6 || t === 5 || t === 4 || t === 1) {
    const v = toInt(i);
    return v !== v ? -1 : v;
  }
  return qerr("type", "list indices must be integers");
}

function indexTable(t: Table, i: Value): Value {
  if (i instanceof Atom) {
    if (i.t === -11) return column(t, symName(i.v as number));
    const j = toIndex(i);
    return j >= 0 && j < count(t) ? rowDict(t, j) : protoNull(t);
  }
  if (i instanceof Vec) {
    if (i.t === 11) return new List(symNames(i).map((c) => column(t, c)));
    return gather(t, asF64(i) as Float64Array);
  }
  if (i instanceof List) return fromItems(i.a.map((j) => indexTable(t, j)));
  return qerr("type");
}

/**
 * Keyed-table lookup by key values: a table of keys, a list of key records,
 * one record (a dictionary, a list of fields, or an atom for a one-column
 * key); rows of absent keys are nulls.
 */
function indexKeyed(kt: Dict, i: Value): Value {
  const k = kt.k as Table, v = kt.v as Table;
  if (i instanceof Table) return gather(v, rowIndices(k, i));
  if (k.cols.length === 1 && (i instanceof Vec || i instanceof List)) {
    return gather(v, rowIndices(k, new Table(k.cols, [i])));
  }
  if (i instanceof List && i.a.length > 0 && i.a.every((r) => !isAtomic(r))) {
    return gather(v, rowIndices(k, new Table(k.cols, (flip(i) as List).a)));
  }
  const j = rowIndices(k, i)[0];
  return j < count(k) ? rowDict(v, j) : protoNull(v);
}

/** `x[i;j;…]`: index at depth; an elided index selects everything at its level. */
export function indexDepth(x: Value, idx: Args): Value {
  if (idx.length === 0) return x;
  if (x instanceof Atom) return qerr("rank", "more indices than the list has levels");
  const i = idx[0] ?? NIL;
  const rest = idx.slice(1);
  if (rest.length === 0) return index(x, i);
  if (x instanceof Fn) return apply(x, idx);
  if (x instanceof Table && i === NIL && rest.length === 1) return index(x, rest[0] ?? NIL);
  if (x instanceof Table && rest.length === 1 && rest[0] instanceof Atom && rest[0].t === -11) {
    return index(column(x, symName(rest[0].v as number)), i);
  }
  const sel = index(x, i);
  if (i instanceof Atom) return indexDepth(sel, rest);
  return fromItems(itemsOf(sel).map((item) => indexDepth(item, rest)));
}

// ------------------------------------------------------------------ amend

/**
 * Amend at depth: the value `x` with the items at path `idx` replaced by
 * `f[x item; y]` (or `f[x item]` when `y` is undefined). The assignment
 * operator `:` as `f` means "replace with y".
 */
export function amend(x: Value, idx: Args, f: Value, y: Value | undefined): Value {
  if (idx.length === 0) return combine(f, x, y);
  const i = idx[0];
  const rest = idx.slice(1);
  if (i === undefined || i === NIL) {
    // every item at this level
    if (x instanceof Dict) return new Dict(x.k, amendAll(x.v, rest, f, y));
    return amendAll(x, rest, f, y);
  }
  if (x instanceof Table) return amendTable(x, i, rest, f, y);
  if (x instanceof Dict) return amendDict(x, i, rest, f, y);
  if (x instanceof Vec && rest.length === 0 && (i instanceof Atom || i instanceof Vec)) {
    return amendVec(x, i instanceof Atom ? [i] : itemsOf(i), f, y, i instanceof Vec);
  }
  if (i instanceof Atom) {
    const j = i.t === -11 ? -1 : toIndex(i);
    if (!(x instanceof Vec || x instanceof List)) return qerr("type");
    if (j < 0 || j >= count(x)) return qerr("index", `index ${j} out of range`);
    const items = itemsOf(x).slice();
    items[j] = amend(items[j], rest, f, y);
    return repack(x, items);
  }
  // several indices: y (if a list) supplies one value per index
  const is = itemsOf(i);
  const ys = y !== undefined && !isAtomic(y) ? itemsOf(y) : null;
  if (ys && ys.length !== is.length) return qerr("length");
  let out: Value = x;
  for (let k = 0; k < is.length; k++) out = amend(out, [is[k], ...rest], f, ys ? ys[k] : y);
  return out;
}

/**
 * Amends items of a simple vector in one copy: each new item must be an
 * atom of the vector's type ('type otherwise, as q keeps vectors simple).
 * `spread` takes one item of `y` per index.
 */
function amendVec(x: Vec, is: Value[], f: Value, y: Value | undefined, spread: boolean): Value {
  const ys = spread && y !== undefined && !isAtomic(y) ? itemsOf(y) : null;
  if (ys && ys.length !== is.length) return qerr("length");
  const out = new Vec(x.t, x.a.slice());
  for (let k = 0; k < is.length; k++) {
    const j = toIndex(is[k] as Atom);
    if (j < 0 || j >= out.n) return qerr("index", `index ${j} out of range`);
    const v = combine(f, vecItem(out, j), ys ? ys[k] : y);
    if (!(v instanceof Atom) || v.t !== -x.t) return qerr("type", "an amended item must keep the vector's type");
    if (x.t === 2) (out.a as Uint8Array).set(v.v as Uint8Array, j * 16);
    else (out.a as unknown as (number | bigint)[])[j] = v.v as number | bigint;
  }
  return out;
}

function amendAll(x: Value, rest: Args, f: Value, y: Value | undefined): Value {
  const items = itemsOf(x);
  const ys = y !== undefined && !isAtomic(y) && rest.length === 0 ? itemsOf(y) : null;
  if (ys && ys.length !== items.length) return qerr("length");
  return repack(x, items.map((item, k) => amend(item, rest, f, ys ? ys[k] : y)));
}

function isAtomic(v: Value): boolean {
  return v.t < 0 || v.t >= 100;
}

/** Rebuilds a list of x's kind from new items: a vector's items must keep its type. */
function repack(x: Value, items: Value[]): Value {
  if (x instanceof Vec) {
    const t = -x.t;
    for (const v of items) {
      if (!(v instanceof Atom) || v.t !== t) return qerr("type", "an amended item must keep the vector's type");
    }
    return items.length ? fromItems(items) : x;
  }
  return fromItems(items);
}

/** Applies the amend function to one item (a binary f given no y projects, as `f[x]`). */
function combine(f: Value, x: Value, y: Value | undefined): Value {
  if (f === ASSIGN) return y === undefined ? qerr("rank") : y;
  return y === undefined ? apply(f, [x]) : apply2(f, x, y);
}

function amendDict(d: Dict, i: Value, rest: Args, f: Value, y: Value | undefined): Value {
  if (!isAtomic(i) && !(d.k instanceof List)) {
    const is = itemsOf(i);
    const ys = y !== undefined && !isAtomic(y) ? itemsOf(y) : null;
    if (ys && ys.length !== is.length) return qerr("length");
    let out: Value = d;
    for (let k = 0; k < is.length; k++) out = amendDict(out as Dict, is[k], rest, f, ys ? ys[k] : y);
    return out;
  }
  const pos = find(d.k, i);
  const j = toInt(pos);
  if (j < count(d.k)) {
    const vals = itemsOf(d.v).slice();
    vals[j] = amend(vals[j], rest, f, y);
    return new Dict(d.k, repack(d.v, vals));
  }
  const fresh = amend(protoNull(d.v), rest, f, y);
  return upsertDict(d, new Dict(fromItems([i]), fromItems([fresh])));
}

function amendTable(t: Table, i: Value, rest: Args, f: Value, y: Value | undefined): Value {
  if (i instanceof Atom && i.t === -11) {
    const c = symName(i.v as number);
    const k = t.cols.indexOf(c);
    if (k < 0) {
      const v = amend(new List([]), [], f, y);
      return makeTable([...t.cols, c], [...t.data, v]);
    }
    const data = t.data.slice();
    data[k] = amend(data[k], rest, f, y);
    return new Table(t.cols, data);
  }
  // by row: amend the row as a dictionary, then write its fields back
  const rs = itemsOf(i instanceof Atom ? fromItems([i]) : i);
  let data = t.data.slice();
  for (let r = 0; r < rs.length; r++) {
    const cur = rowDict(new Table(t.cols, data), toInt(rs[r]));
    const yv = y === undefined ? undefined : rs.length > 1 && !isAtomic(y) ? itemAt(y, r) : y;
    const nr = amend(cur, rest, f, yv);
    if (!(nr instanceof Dict)) return qerr("type");
    data = data.map((col, k) => amend(col, [rs[r]], ASSIGN, index1(nr, new Atom(-11, intern(t.cols[k])))));
  }
  return new Table(t.cols, data);
}

/** The assignment operator `:` as a function value (`@[x;i;:;y]`). */
export const ASSIGN: Prim = new Prim(102, ":", 2, undefined, (_x, y) => y);

/** `x,:y` appends; exported for assignment forms. */
export function appendTo(x: Value, y: Value): Value {
  return join(x, y);
}

/** True when `x` can be a simple operand. */
export function simple(x: Value): x is Simple {
  return isSimple(x);
}
