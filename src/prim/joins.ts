/**
 * Joins with q's semantics: `lj ljf ij ijf pj uj ej aj aj0 ajf ajf0 asof
 * wj wj1`. Every join first finds, for each left row, the matching right
 * row(s) as row indices (see qsql/match.ts), then builds each result
 * column in one gather, so the cost is one pass per column whatever the
 * key types. Keyed left arguments are joined on their unkeyed form and
 * keyed again, as q's `.Q.ft` does.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { type Grouping, groupMembers } from "../qsql/group.ts";
import { jointGroups, matchMethod, matchRows } from "../qsql/match.ts";
import { ctorOf } from "../value/types.ts";
import { fromItems, itemAt, itemsOf } from "../value/items.ts";
import { symName } from "../value/sym.ts";
import { Atom, count, Dict, int, isKeyed, List, type Prim, Table, type Value, Vec } from "../value/value.ts";
import { apply, apply1 } from "./apply.ts";
import { symVector } from "./dict.ts";
import { add } from "./arith.ts";
import { kw2, kwv } from "./define.ts";
import { distinct, fill, gather, join } from "./list.ts";

// ------------------------------------------------------------------ shared

/** Column `name` of `t`, or `'name` when it has none. */
function col(t: Table, name: string): Value {
  const j = t.cols.indexOf(name);
  return j >= 0 ? t.data[j] : qerr(name, `no column ${name}`);
}

/** Applies `f` to a table, or to the unkeyed form of a keyed table and keys the result again. */
function onTable(x: Value, f: (t: Table) => Table): Value {
  if (x instanceof Table) return f(x);
  if (isKeyed(x)) {
    const d = x as Dict, k = d.k as Table, v = d.v as Table;
    const r = f(new Table([...k.cols, ...v.cols], [...k.data, ...v.data]));
    const nk = k.cols.length;
    return new Dict(new Table(r.cols.slice(0, nk), r.data.slice(0, nk)), new Table(r.cols.slice(nk), r.data.slice(nk)));
  }
  return qerr("type", "a join needs a table");
}

/** The key and value tables of a keyed table. */
function keyedParts(y: Value): { k: Table; v: Table } {
  if (!isKeyed(y)) return qerr("type", "the right argument must be a keyed table");
  return { k: (y as Dict).k as Table, v: (y as Dict).v as Table };
}

/** A table without its keys (a table stays as it is). */
function plain(t: Value): Table {
  if (t instanceof Table) return t;
  if (isKeyed(t)) {
    const { k, v } = keyedParts(t);
    return new Table([...k.cols, ...v.cols], [...k.data, ...v.data]);
  }
  return qerr("type", "expected a table");
}

/** Column names from a symbol atom or vector. */
function names(c: Value): string[] {
  if (c instanceof Atom && c.t === -11) return [symName(c.v as number)];
  if (c instanceof Vec && c.t === 11) return Array.from(c.a as Int32Array, symName);
  return qerr("type", "expected column names as symbols");
}

/** How a right-hand column combines with the left one at matched rows. */
type Combine = "replace" | "fill";

/**
 * The result column where `src[idx[i]]` meets `base[i]`: replaced (or
 * filled where the right value is null) at matched rows, `base` kept at
 * unmatched ones (idx -1). A column new to the left gets nulls there.
 */
function overlay(base: Value | undefined, src: Value, idx: Int32Array, how: Combine): Value {
  const picked = gather(src, idx);
  if (base === undefined) return picked;
  if (how === "fill") return fill(base, picked);
  let all = true;
  for (let i = 0; i < idx.length && all; i++) all = idx[i] >= 0;
  if (all) return picked;
  if (base instanceof Vec && picked instanceof Vec && base.t === picked.t) {
    return copyUnmatched(base, picked, idx);
  }
  if (base instanceof List || picked instanceof List) {
    return fromItems(Array.from(idx, (k, i) => itemAt(k >= 0 ? picked : base, i)));
  }
  return qerr("type", "joined columns have different types");
}

/** `picked` with the rows where idx is -1 taken from `base` (same type), moved as bytes. */
function copyUnmatched(base: Vec, picked: Vec, idx: Int32Array): Vec {
  const size = base.t === 2 ? 16 : ctorOf(base.t).BYTES_PER_ELEMENT;
  const out = new Uint8Array(picked.a.buffer, picked.a.byteOffset, picked.a.byteLength);
  const from = new Uint8Array(base.a.buffer, base.a.byteOffset, base.a.byteLength);
  if (size % 4 === 0) {
    const w = size >> 2;
    const o32 = new Int32Array(out.buffer, out.byteOffset, out.byteLength >> 2);
    const f32 = new Int32Array(from.buffer, from.byteOffset, from.byteLength >> 2);
    for (let i = 0; i < idx.length; i++) {
      if (idx[i] < 0) { for (let b = 0; b < w; b++) o32[i * w + b] = f32[i * w + b]; }
    }
  } else {
    for (let i = 0; i < idx.length; i++) {
      if (idx[i] < 0) { for (let b = 0; b < size; b++) out[i * size + b] = from[i * size + b]; }
    }
  }
  return picked;
}

/** `x` with the columns of `y` (at rows `idx` of y) overlaid or appended. */
function attach(x: Table, y: Table, idx: Int32Array, how: Combine, skip: readonly string[] = []): Table {
  const cols = x.cols.slice(), data = x.data.slice();
  y.cols.forEach((c, j) => {
    if (skip.includes(c)) return;
    const at = cols.indexOf(c);
    const v = overlay(at >= 0 ? data[at] : undefined, y.data[j], idx, how);
    if (at >= 0) data[at] = v;
    else {
      cols.push(c);
      data.push(v);
    }
  });
  return new Table(cols, data);
}

/** For each row of `x`, the row of keyed table `y` with the same key, or -1. */
function lookup(x: Table, yk: Table): Int32Array {
  return matchRows(yk.data, yk.cols.map((c) => col(x, c)), count(yk), count(x));
}

// ------------------------------------------------------------------ equi joins

function leftJoin(how: Combine) {
  return (x: Value, y: Value): Value => {
    if (y instanceof List && y.a.length === 0) return x;
    const { k, v } = keyedParts(y);
    return onTable(x, (t) => attach(t, v, lookup(t, k), how));
  };
}

function innerJoin(how: Combine) {
  return (x: Value, y: Value): Value => {
    const { k, v } = keyedParts(y);
    return onTable(x, (t) => {
      const idx = lookup(t, k);
      let m = 0;
      for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) m++;
      const rows = new Int32Array(m), at = new Int32Array(m);
      for (let i = 0, j = 0; i < idx.length; i++) {
        if (idx[i] >= 0) {
          rows[j] = i;
          at[j++] = idx[i];
        }
      }
      const kept = new Table(t.cols, t.data.map((c) => gather(c, rows)));
      return attach(kept, v, at, how);
    });
  };
}

/** `x pj y`: adds the matching values of `y` (nulls and missing rows count as zero). */
function plusJoin(x: Value, y: Value): Value {
  const { k, v } = keyedParts(y);
  return onTable(x, (t) => {
    const idx = lookup(t, k);
    const cols = t.cols.slice(), data = t.data.slice();
    v.cols.forEach((c, j) => {
      const addend = fill(int(0), gather(v.data[j], idx));
      const at = cols.indexOf(c);
      if (at >= 0) data[at] = add(data[at], addend);
      else {
        cols.push(c);
        data.push(addend);
      }
    });
    return new Table(cols, data);
  });
}

/** Rows of nulls shaped like `t`'s columns. */
function nullRows(t: Table, n: number): Table {
  const none = new Int32Array(n).fill(-1);
  return new Table(t.cols, t.data.map((c) => gather(c, none)));
}

/** `t` with the columns of `other` it lacks appended as nulls (q's `.Q.ff`). */
function withColumnsOf(t: Table, other: Table): Table {
  const extra = other.cols.filter((c) => !t.cols.includes(c));
  if (!extra.length) return t;
  const nulls = nullRows(new Table(extra, extra.map((c) => col(other, c))), count(t));
  return new Table([...t.cols, ...extra], [...t.data, ...nulls.data]);
}

/** `x uj y`: union of columns and rows; keyed tables merge by key, `y` winning (`ujf`: its nulls do not). */
function unionJoin(how: Combine) {
  return (x: Value, y: Value): Value => union(x, y, how);
}

function union(x: Value, y: Value, how: Combine): Value {
  if (x instanceof List && x.a.length === 0) return y;
  if (y instanceof List && y.a.length === 0) return x;
  if (x instanceof Table && y instanceof Table) {
    const a = withColumnsOf(x, y), b = withColumnsOf(y, x);
    return new Table(a.cols, a.cols.map((c, j) => join(a.data[j], col(b, c))));
  }
  if (isKeyed(x) && isKeyed(y)) {
    const px = keyedParts(x), py = keyedParts(y);
    if (px.k.cols.join() !== py.k.cols.join()) return qerr("mismatch", "keyed tables need the same key columns");
    const inX = matchRows(px.k.data, py.k.data, count(px.k), count(py.k));
    const fresh: number[] = [];
    for (let i = 0; i < inX.length; i++) if (inX[i] < 0) fresh.push(i);
    const newKeys = distinct(gather(py.k, fresh)) as Table;
    const keys = new Table(px.k.cols, px.k.data.map((c, j) => join(c, newKeys.data[j])));
    const vals = new Table(
      px.v.cols,
      px.v.data.map((c) => join(c, gather(c, new Int32Array(count(newKeys)).fill(-1)))),
    );
    return leftJoin(how)(new Dict(keys, vals), y);
  }
  return qerr("type", "uj needs two tables or two keyed tables");
}

/** `ej[c;t1;t2]`: every row of `t1` joined with every row of `t2` equal on columns `c`. */
function equiJoin(c: Value, t1: Value, t2: Value): Value {
  const by = names(c), x = plain(t1), y = plain(t2);
  const nx = count(x), ny = count(y);
  const g = jointGroups(by.map((n) => col(y, n)), by.map((n) => col(x, n)), ny, nx);
  const { order, start } = yMembers(g, ny);
  let total = 0;
  for (let i = 0; i < nx; i++) {
    const gi = g.gid[ny + i];
    total += start[gi + 1] - start[gi];
  }
  const xRows = new Int32Array(total), yRows = new Int32Array(total);
  for (let i = 0, o = 0; i < nx; i++) {
    const gi = g.gid[ny + i];
    for (let p = start[gi]; p < start[gi + 1]; p++) {
      xRows[o] = i;
      yRows[o++] = order[p];
    }
  }
  const kept = new Table(x.cols, x.data.map((d) => gather(d, xRows)));
  return attach(kept, y, yRows, "replace", by);
}

/** Rows of `y` (the first `ny` of the joint grouping) listed group by group, in row order. */
function yMembers(g: Grouping, ny: number): { order: Int32Array; start: Int32Array } {
  return groupMembers(g, ny);
}

// ------------------------------------------------------------------ as-of joins

/** Compares item `i` of one time column with item `j` of another of the same type. */
type Cmp = (i: number, j: number) => number;

/** A comparison of items of `a` with items of `b` (same type), exact for 8-byte integers. */
function comparer(a: Value, b: Value): Cmp {
  if (!(a instanceof Vec) || !(b instanceof Vec) || a.t !== b.t || a.t === 11 || a.t === 0 || a.t === 2) {
    return qerr("type", "the as-of column must be of one sortable type in both tables");
  }
  if (a.a instanceof BigInt64Array) {
    const wa = new Int32Array(a.a.buffer, a.a.byteOffset, a.n * 2),
      wb = new Int32Array(b.a.buffer, b.a.byteOffset, b.n * 2);
    return (i, j) => {
      const d = wa[2 * i + 1] - wb[2 * j + 1];
      return d !== 0 ? d : (wa[2 * i] >>> 0) - (wb[2 * j] >>> 0);
    };
  }
  const va = a.a as Float64Array, vb = b.a as Float64Array;
  return (i, j) => va[i] - vb[j];
}

/** Row groups of `right` by the equality columns, and each left row's group. */
interface Buckets {
  order: Int32Array;
  start: Int32Array;
  /** Group of each left row. */
  gidOf: (i: number) => number;
}

function buckets(eq: string[], left: Table, right: Table): Buckets {
  const nl = count(left), nr = count(right);
  if (!eq.length) {
    return {
      order: Int32Array.from({ length: nr }, (_, k) => k),
      start: Int32Array.of(0, nr),
      gidOf: () => 0,
    };
  }
  const g = jointGroups(eq.map((n) => col(right, n)), eq.map((n) => col(left, n)), nr, nl);
  const { order, start } = yMembers(g, nr);
  return { order, start, gidOf: (i) => g.gid[nr + i] };
}

/** In a bucket's rows, the position of the last with time <= left time `i` (or < when strict), else lo-1. */
function lastAtOrBefore(b: Buckets, lo: number, hi: number, cmp: Cmp, i: number, strict: boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = cmp(b.order[mid], i);
    if (c < 0 || (!strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** For each row of `left`, the last row of `right` equal on `eq` with time at or before it (-1 if none). */
function asofRows(eq: string[], time: string, left: Table, right: Table): Int32Array {
  const b = buckets(eq, left, right);
  const cmp = comparer(col(right, time), col(left, time));
  const nl = count(left), out = new Int32Array(nl);
  for (let i = 0; i < nl; i++) {
    const g = b.gidOf(i), lo = b.start[g];
    const p = lastAtOrBefore(b, lo, b.start[g + 1], cmp, i, false);
    out[i] = p >= lo ? b.order[p] : -1;
  }
  return out;
}

function asofJoin(how: Combine, keepLeftTime: boolean) {
  return (c: Value, t1: Value, t2: Value): Value => {
    const by = names(c), right = plain(t2);
    if (!by.length) return qerr("length", "aj needs at least the time column");
    return onTable(t1, (left) => {
      const idx = asofRows(by.slice(0, -1), by[by.length - 1], left, right);
      return attach(left, right, idx, how, keepLeftTime ? by : []);
    });
  };
}

/** `t asof d`: the values of `t` (other than d's columns) as of each lookup row `d`. */
function asof(t: Value, d: Value): Value {
  const right = plain(t);
  const left = d instanceof Dict ? new Table(names(d.k), itemsOf(d.v).map((v) => fromItems([v]))) : plain(d);
  const by = left.cols;
  const idx = asofRows(by.slice(0, -1), by[by.length - 1], left, right);
  const rest = right.cols.filter((c) => !by.includes(c));
  const cols = rest.map((c) => gather(col(right, c), idx));
  return d instanceof Dict
    ? new Dict(symVector(rest), fromItems(cols.map((c) => itemAt(c, 0))))
    : new Table(rest, cols);
}

// ------------------------------------------------------------------ window joins

/**
 * `wj[w;c;t;(q;(f;col);…)]`: for each row of `t`, each `f` applied to
 * the values of `col` in the rows of `q` equal on `c`'s leading columns
 * whose time lies in the row's window `w`. `wj` also counts the quote
 * prevailing at the window's start; `wj1` only those inside it.
 */
function windowJoin(prevailing: boolean) {
  return (args: Value[]): Value => {
    if (args.length !== 4) return qerr("rank", "wj takes [w;c;t;(q;(f;c)…)]");
    const [w, c, t, spec] = args;
    if (!(spec instanceof List) || spec.a.length < 1) return qerr("type", "wj needs (q;(f;c)…)");
    const by = names(c), left = plain(t), right = plain(spec.a[0]);
    const bounds = w instanceof List ? w.a : w instanceof Vec && w.n === 2 ? [gather(w, [0]), gather(w, [1])] : [];
    if (bounds.length !== 2) return qerr("length", "the windows are a pair of lists: starts and ends");
    const eq = by.slice(0, -1), time = by[by.length - 1];
    const b = buckets(eq, left, right);
    const rt = col(right, time);
    const lo = new Int32Array(count(left)), hi = new Int32Array(count(left));
    const startCmp = comparer(rt, bounds[0]), endCmp = comparer(rt, bounds[1]);
    for (let i = 0; i < lo.length; i++) {
      const g = b.gidOf(i), gs = b.start[g], ge = b.start[g + 1];
      const s = prevailing
        ? Math.max(gs, lastAtOrBefore(b, gs, ge, startCmp, i, false))
        : lastAtOrBefore(b, gs, ge, startCmp, i, true) + 1;
      lo[i] = s;
      hi[i] = lastAtOrBefore(b, gs, ge, endCmp, i, false) + 1;
    }
    const cols = left.cols.slice(), data = left.data.slice();
    for (const pair of spec.a.slice(1)) {
      if (!(pair instanceof List) || pair.a.length < 2) return qerr("type", "each aggregation is (f;column)");
      const f = pair.a[0], srcNames = pair.a.slice(1).map((c) => names(c)[0]);
      const srcs = srcNames.map((c) => gather(col(right, c), b.order));
      const cn = srcNames[srcNames.length - 1];
      const vals = new Array<Value>(lo.length);
      for (let i = 0; i < lo.length; i++) {
        const hiI = Math.max(lo[i], hi[i]);
        vals[i] = srcs.length === 1
          ? apply1(f, slice(srcs[0], lo[i], hiI))
          : apply(f, srcs.map((s) => slice(s, lo[i], hiI)));
      }
      const at = cols.indexOf(cn), v = fromItems(vals);
      if (at >= 0) data[at] = v;
      else {
        cols.push(cn);
        data.push(v);
      }
    }
    return new Table(cols, data);
  };
}

/** Items `lo` to `hi-1` of a list (typed lists share their storage). */
function slice(x: Value, lo: number, hi: number): Value {
  if (x instanceof Vec) {
    const per = x.t === 2 ? 16 : 1;
    return new Vec(x.t, x.a.subarray(lo * per, hi * per));
  }
  return gather(x, Int32Array.from({ length: hi - lo }, (_, k) => lo + k));
}

// ------------------------------------------------------------------ explain

/** Keyed joins: the right argument is a keyed table looked up by key. */
const KEYED = new Set(["lj", "ljf", "ij", "ijf", "pj"]);
/** Joins taking the join columns as their first argument. */
const BY_COLUMNS = new Set(["ej", "aj", "aj0", "ajf", "ajf0", "asof"]);

/** How join `name` runs on these arguments, as explain lines (empty when `name` is not a join). */
export function describeJoin(name: string, args: Value[]): [string, string][] {
  const rows = (v: Value) => `${count(v)} rows`;
  if (KEYED.has(name) && args.length === 2 && isKeyed(args[1])) {
    const left = plain(args[0]), { k } = keyedParts(args[1]);
    const method = matchMethod(k.data, k.cols.map((c) => left.cols.includes(c) ? col(left, c) : k.data[0]));
    return [[
      "join",
      `${name}: ${rows(left)} looked up in ${rows(k)} keyed by ${k.cols.join(",")}: ${method}; one gather per column`,
    ]];
  }
  if (name === "uj" && args.length === 2) {
    return [["join", `uj: ${count(args[0])} + ${count(args[1])} rows, columns united, each column appended`]];
  }
  if (BY_COLUMNS.has(name) && args.length === 3) {
    const by = names(args[0]);
    if (name === "ej") {
      return [["join", `ej on ${by.join(",")}: right rows bucketed by joint key codes; every match of each left row`]];
    }
    const eq = by.slice(0, -1), time = by[by.length - 1];
    const within = eq.length
      ? `within the right rows of each ${eq.join(",")} (joint key codes)`
      : "over all right rows";
    return [["join", `${name} on ${time}: binary search for the last time at or before, ${within}`]];
  }
  if ((name === "wj" || name === "wj1") && args.length === 4) {
    const by = names(args[1]);
    return [[
      "join",
      `${name}: two binary searches per left row for the window on ${by[by.length - 1]}, within groups of ${
        by.slice(0, -1).join(",") || "all rows"
      }; aggregates over each window's slice`,
    ]];
  }
  return [];
}

/** The join keywords. */
export const JOIN_KEYWORDS: readonly Prim[] = [
  kw2("lj", leftJoin("replace")),
  kw2("ljf", leftJoin("fill")),
  kw2("ij", innerJoin("replace")),
  kw2("ijf", innerJoin("fill")),
  kw2("pj", plusJoin),
  kw2("uj", unionJoin("replace")),
  kw2("ujf", unionJoin("fill")),
  kw2("asof", asof),
  triadic("ej", equiJoin),
  triadic("aj", asofJoin("replace", true)),
  triadic("aj0", asofJoin("replace", false)),
  triadic("ajf", asofJoin("fill", true)),
  triadic("ajf0", asofJoin("fill", false)),
  kwv("wj", rankError("wj"), rankError("wj"), windowJoin(true)),
  kwv("wj1", rankError("wj1"), rankError("wj1"), windowJoin(false)),
];

function triadic(name: string, f: (a: Value, b: Value, c: Value) => Value): Prim {
  return kwv(
    name,
    rankError(name),
    rankError(name),
    (args) => args.length === 3 ? f(args[0], args[1], args[2]) : qerr("rank", `${name} takes 3 arguments`),
  );
}

function rankError(name: string) {
  return (): Value => qerr("rank", `${name} takes more arguments`);
}
