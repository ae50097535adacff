/**
 * List primitives: `til count first last enlist reverse where distinct
 * group null`, Take `#`, Drop and Cut `_`, Join `,`, Find `?`, Fill `^`.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { emptyLike, fromItems, itemAt, itemsOf, nullAtom, protoNull, rowDict, vecItem } from "../value/items.ts";
import { isNullElem, NI, NJ } from "../value/nulls.ts";
import { ctorOf } from "../value/types.ts";
import { intern, symName } from "../value/sym.ts";
import { Atom, count, Dict, Fn, isAtom, isKeyed, List, NIL, Table, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import { asF64, asI64, type Simple } from "./convert.ts";
import { elemKey, itemKeys, match } from "./match.ts";
import { LESSER, resultType } from "./promote.ts";
import { kw1, kwv } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** A long atom. */
function long(n: number): Atom {
  return new Atom(-7, BigInt(n));
}

/** A long vector from indices. */
export function longVec(xs: ArrayLike<number>): Vec<BigInt64Array> {
  const a = new BigInt64Array(xs.length);
  const h = new Int32Array(a.buffer);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i], hi = Math.floor(v / 4294967296);
    h[2 * i] = v - hi * 4294967296;
    h[2 * i + 1] = hi;
  }
  return new Vec(7, a);
}

/** An integer argument as a JS number ('type unless integral). */
export function toInt(x: Value): number {
  if (!(x instanceof Atom)) return qerr("type", "expected an integer atom");
  const t = -x.t;
  if (t === 7 || t === 6 || t === 5 || t === 4 || t === 1) {
    const v = x.v;
    if (typeof v === "bigint") return v === NJ ? NaN : Number(v);
    return t === 6 && v === NI ? NaN : (v as number);
  }
  return qerr("type", "expected an integer");
}

/** `til n`: 0 1 … n-1 */
export function til(x: Value): Value {
  const n = toInt(x);
  if (!(n >= 0)) return qerr("domain", "til needs a non-negative count");
  const a = new BigInt64Array(n);
  const h = new Int32Array(a.buffer);
  for (let i = 0; i < n; i++) h[2 * i] = i;
  return new Vec(7, a);
}

/** `count x` */
export function countOf(x: Value): Value {
  return long(count(x));
}

/** `first x` */
export function first(x: Value): Value {
  if (x instanceof Dict) return isKeyed(x) ? rowDict(x.v as Table, 0) : count(x.v) ? itemAt(x.v, 0) : protoNull(x.v);
  if (x instanceof Table) return count(x) ? rowDict(x, 0) : protoNull(x);
  if (x instanceof Vec || x instanceof List) return count(x) ? itemAt(x, 0) : protoNull(x);
  return x;
}

/** `last x` */
export function last(x: Value): Value {
  if (x instanceof Dict) {
    return isKeyed(x)
      ? rowDict(x.v as Table, count(x.v) - 1)
      : count(x.v)
      ? itemAt(x.v, count(x.v) - 1)
      : protoNull(x.v);
  }
  if (x instanceof Table) return count(x) ? rowDict(x, count(x) - 1) : protoNull(x);
  if (x instanceof Vec || x instanceof List) return count(x) ? itemAt(x, count(x) - 1) : protoNull(x);
  return x;
}

/** `enlist x`: a one-item list. */
export function enlist(x: Value): Value {
  if (x instanceof Atom) return fromItems([x]);
  if (x instanceof Dict && x.k instanceof Vec && x.k.t === 11) {
    // a dictionary enlisted becomes a one-row table
    return new Table(itemsOf(x.k).map((k) => symText(k)), itemsOf(x.v).map((v) => fromItems([v])));
  }
  return new List([x]);
}

function symText(k: Value): string {
  return symName((k as Atom).v as number);
}

/** Items of `x` at positions `idx` (in range), as the same kind of list. */
export function gather(x: Value, idx: ArrayLike<number>): Value {
  const n = idx.length;
  if (x instanceof Vec) {
    const len = x.n;
    if (x.t === 2) {
      const r = new Uint8Array(n * 16), a = x.a as Uint8Array;
      for (let i = 0; i < n; i++) {
        const j = idx[i];
        if (j >= 0 && j < len) r.set(a.subarray(j * 16, j * 16 + 16), i * 16);
      }
      return new Vec(2, r);
    }
    const a = x.a;
    const r = new (ctorOf(x.t))(n) as typeof a;
    const nul = nullAtom(x.t).v as number | bigint;
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      (r as unknown as (number | bigint)[])[i] = j >= 0 && j < len ? a[j] : nul;
    }
    return new Vec(x.t, r);
  }
  if (x instanceof List) {
    const len = x.a.length, out = new Array<Value>(n);
    const pn = protoNull(x);
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      out[i] = j >= 0 && j < len ? x.a[j] : pn;
    }
    return fromItems(out);
  }
  if (x instanceof Table) return new Table(x.cols, x.data.map((c) => gather(c, idx)));
  if (x instanceof Dict) return new Dict(gather(x.k, idx), gather(x.v, idx));
  return qerr("type");
}

/** `reverse x` */
export function reverse(x: Value): Value {
  if (x instanceof Atom || x instanceof Fn) return x;
  if (x instanceof Vec && x.t !== 2) return new Vec(x.t, x.a.slice().reverse());
  const n = count(x);
  const idx = new Float64Array(n);
  for (let i = 0; i < n; i++) idx[i] = n - 1 - i;
  return gather(x, idx);
}

/** `where x`: indices of true items, or each index repeated by its count. */
export function where(x: Value): Value {
  if (x instanceof Dict) {
    const w = where(x.v);
    return gather(x.k, asF64(w as Simple) as Float64Array);
  }
  if (x instanceof Atom) return where(new Vec(-x.t, new (ctorOf(-x.t))([x.v] as never)));
  if (!(x instanceof Vec)) return qerr("type", "where needs booleans or counts");
  const a = x.a;
  if (x.t === 1) {
    let m = 0;
    for (let i = 0; i < a.length; i++) m += a[i] as number;
    const r = new BigInt64Array(m), h = new Int32Array(r.buffer);
    for (let i = 0, j = 0; i < a.length; i++) if (a[i]) h[2 * j++] = i;
    return new Vec(7, r);
  }
  if (x.t === 4 || x.t === 5 || x.t === 6 || x.t === 7) {
    const cs = asF64(x) as Float64Array;
    let m = 0;
    for (let i = 0; i < cs.length; i++) {
      if (cs[i] < 0) return qerr("domain", "where needs non-negative counts");
      m += cs[i] || 0;
    }
    const r = new BigInt64Array(m), h = new Int32Array(r.buffer);
    for (let i = 0, j = 0; i < cs.length; i++) for (let k = 0; k < (cs[i] || 0); k++) h[2 * j++] = i;
    return new Vec(7, r);
  }
  return qerr("type", "where needs booleans or counts");
}

/** `distinct x`: unique items in order of first occurrence. */
export function distinct(x: Value): Value {
  if (x instanceof Table) {
    const keys = itemKeys(x);
    const seen = new Set<unknown>(), idx: number[] = [];
    keys.forEach((k, i) => seen.has(k) || (seen.add(k), idx.push(i)));
    return gather(x, idx);
  }
  if (!(x instanceof Vec || x instanceof List)) return x instanceof Atom ? qerr("type") : x;
  const keys = itemKeys(x);
  const seen = new Set<unknown>(), idx: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!seen.has(k)) {
      seen.add(k);
      idx.push(i);
    }
  }
  return gather(x, idx);
}

/** `group x`: dictionary of distinct items to the indices where they occur. */
export function group(x: Value): Value {
  if (!(x instanceof Vec || x instanceof List)) return qerr("type");
  const keys = itemKeys(x);
  const pos = new Map<unknown, number[]>(), order: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    let g = pos.get(k);
    if (!g) {
      pos.set(k, g = []);
      order.push(i);
    }
    g.push(i);
  }
  const vals: Value[] = order.map((i) => longVec(pos.get(keys[i])!));
  return new Dict(gather(x, order), new List(vals));
}

/** Index of each of `y` in `x` (count of x when absent): `x?y`. */
export function find(x: Value, y: Value): Value {
  if (x instanceof Dict) {
    const i = find(x.v, y);
    return indexKeys(x.k, i);
  }
  if (x instanceof Table) {
    const at = rowIndices(x, y);
    return y instanceof Table ? longVec(at) : long(at[0]);
  }
  if (x instanceof List) return findInList(x, y);
  if (!(x instanceof Vec)) return qerr("type", "find needs a list on the left");
  if (y instanceof Atom) {
    if (y.t !== -x.t) return qerr("type", "find needs an item of the list's type");
    return long(indexOfRaw(x, y.v));
  }
  if (y instanceof Vec) {
    if (y.t !== x.t) return qerr("type", "find needs items of the list's type");
    return longVec(findAll(x, y));
  }
  return fromItems(itemsOf(y).map((v) => find(x, v)));
}

/** Find in a general list: a vector or atom is matched whole, the items of a general list one by one. */
function findInList(x: List, y: Value): Value {
  if (y instanceof List) return fromItems(y.a.map((v) => findInList(x, v)));
  const n = x.a.length;
  for (let i = 0; i < n; i++) if (match(x.a[i], y)) return long(i);
  return long(n);
}

/** Index of the first element of `x` equal to the raw element `v` (exactly; nulls find nulls), or `count x`. */
function indexOfRaw(x: Vec, v: number | bigint | Uint8Array): number {
  const n = x.n;
  if (v instanceof Uint8Array) {
    const a = x.a as Uint8Array;
    outer: for (let i = 0; i < n; i++) {
      for (let k = 0; k < 16; k++) if (a[i * 16 + k] !== v[k]) continue outer;
      return i;
    }
    return n;
  }
  if (v !== v) {
    const a = x.a as Float64Array;
    for (let i = 0; i < n; i++) if (a[i] !== a[i]) return i;
    return n;
  }
  const i = (x.a as unknown as { indexOf(v: number | bigint): number }).indexOf(v);
  return i < 0 ? n : i;
}

/** Positions in `x` of each element of `y` (same type): scans for a few, a hash of `x` for many. */
function findAll(x: Vec, y: Vec): Float64Array {
  const r = new Float64Array(y.n);
  if (y.n <= 16) {
    for (let i = 0; i < y.n; i++) r[i] = indexOfRaw(x, vecItem(y, i).v);
    return r;
  }
  const pos = new Map<unknown, number>();
  for (let i = x.n - 1; i >= 0; i--) pos.set(elemKey(x, i), i);
  for (let i = 0; i < y.n; i++) r[i] = pos.get(elemKey(y, i)) ?? x.n;
  return r;
}

/**
 * Positions in table `t` of the rows of table `probe`, or of the one record
 * `probe` (a dictionary or a list of field values); `count t` where absent.
 */
export function rowIndices(t: Table, probe: Value): Float64Array {
  const keys = itemKeys(t);
  const pos = new Map<unknown, number>();
  for (let i = keys.length - 1; i >= 0; i--) pos.set(keys[i], i);
  const want = itemKeys(alignRows(t, probe));
  return Float64Array.from(want, (k) => pos.get(k) ?? keys.length);
}

/** `probe` as a table with the columns of `t`, in `t`'s order. */
function alignRows(t: Table, probe: Value): Table {
  if (probe instanceof Table) {
    return new Table(
      t.cols,
      t.cols.map((c) => {
        const i = probe.cols.indexOf(c);
        return i < 0 ? qerr("mismatch", `no column ${c}`) : probe.data[i];
      }),
    );
  }
  const fields = probe instanceof Dict ? t.cols.map((c) => index1(probe, new Atom(-11, intern(c)))) : itemsOf(probe);
  if (fields.length !== t.cols.length) return qerr("length");
  return new Table(t.cols, fields.map((v) => fromItems([v])));
}

function indexKeys(keys: Value, i: Value): Value {
  if (i instanceof Atom) {
    const j = Number(i.v);
    return j < count(keys) ? itemAt(keys, j) : protoNull(keys);
  }
  return gather(keys, asF64(i as Simple) as Float64Array);
}

/** `null x`: true where items are null. */
export function isNull(x: Value): Value {
  if (x instanceof Fn) return new Atom(-1, x === NIL ? 1 : 0);
  return atomic1((s) => {
    const t = Math.abs(s.t);
    if (s instanceof Atom) {
      if (t === 2) return new Atom(-1, (s.v as Uint8Array).every((b) => b === 0) ? 1 : 0);
      return new Atom(-1, isNullElem(t, s.v as number | bigint) ? 1 : 0);
    }
    const r = new Uint8Array(s.n);
    if (t === 2) {
      for (let i = 0; i < s.n; i++) {
        r[i] = (s.a as Uint8Array).subarray(i * 16, i * 16 + 16).every((b) => b === 0) ? 1 : 0;
      }
    } else for (let i = 0; i < s.n; i++) r[i] = isNullElem(t, s.a[i]) ? 1 : 0;
    return new Vec(1, r);
  }, x);
}

/** `x^y`: y with nulls replaced by x. */
export function fill(x: Value, y: Value): Value {
  return atomic2(
    (a, b) => {
      const ta = Math.abs(a.t), tb = Math.abs(b.t);
      const t = ta === tb ? tb : resultType(LESSER, ta, tb);
      if (t < 0) return qerr("type", "fill needs compatible types");
      const av = a instanceof Atom ? convertAtom(a, t) : null;
      const yn = coerce(b, t);
      const xs = a instanceof Vec ? coerce(a, t) : null;
      if (b instanceof Atom) {
        const yv = (yn as Atom).v;
        if (!isNullElem(t, yv as number | bigint)) return yn;
        return av ?? (xs as Atom);
      }
      const yvv = yn as Vec;
      if (xs instanceof Vec && xs.n !== yvv.n) return qerr("length");
      const r = new (ctorOf(t))(yvv.n) as Int32Array;
      const ya = yvv.a as Int32Array;
      for (let i = 0; i < yvv.n; i++) {
        const v = ya[i];
        r[i] = isNullElem(t, v) ? (av ? av.v : (xs as Vec).a[i]) as number : v;
      }
      return new Vec(t, r);
    },
    x,
    y,
  );
}

/** A simple value converted to numeric/temporal type `t` (for fill and join). */
export function coerce(x: Simple, t: number): Simple {
  if (Math.abs(x.t) === t) return x;
  if (x instanceof Atom) return convertAtom(x, t);
  if (t === 7 || t === 12 || t === 16) return new Vec(t, asI64(x) as BigInt64Array);
  if (t === 9 || t === 15) return new Vec(t, asF64(x) as Float64Array);
  if (t === 8) return new Vec(t, Float32Array.from(asF64(x) as Float64Array));
  const r = new (ctorOf(t))(x.n) as Int32Array;
  const f = asF64(x) as Float64Array;
  for (let i = 0; i < x.n; i++) r[i] = f[i] !== f[i] ? (nullAtom(t).v as number) : f[i];
  return new Vec(t, r);
}

function convertAtom(x: Atom, t: number): Atom {
  if (-x.t === t) return x;
  const v = new Vec(-x.t, new (ctorOf(-x.t))([x.v] as never));
  const c = coerce(v, t) as Vec;
  return vecItem(c, 0);
}

// ------------------------------------------------------------------ join

/** `x,y`: join lists (atoms join as one-item lists), merge dicts, append tables. */
export function join(x: Value, y: Value): Value {
  if (x instanceof Table && y instanceof Table) return joinTables(x, y);
  if (x instanceof Dict && y instanceof Dict) {
    if (isKeyed(x) && isKeyed(y)) return qerr("nyi", "join of keyed tables");
    return upsertDict(x, y);
  }
  if (x instanceof Table && y instanceof Dict) return joinTables(x, enlist(y) as Table);
  const xa = x instanceof Vec, ya = y instanceof Vec;
  const xt = xa ? x.t : x instanceof Atom ? -x.t : -1;
  const yt = ya ? y.t : y instanceof Atom ? -y.t : -1;
  if (xt > 0 && xt === yt && xt < 20) return concatVec(xt, x as Simple, y as Simple);
  const xs = x instanceof Vec || x instanceof List ? itemsOf(x) : [x];
  const ys = y instanceof Vec || y instanceof List ? itemsOf(y) : [y];
  if (xs.length + ys.length === 0) return x instanceof Vec ? x : y instanceof Vec ? y : new List([]);
  if (xs.length === 0 && y instanceof Vec) return y;
  if (ys.length === 0 && x instanceof Vec) return x;
  return fromItems([...xs, ...ys]);
}

function concatVec(t: number, x: Simple, y: Simple): Vec {
  const part = (v: Simple) => v instanceof Vec ? v.a : t === 2 ? (v.v as Uint8Array) : new (ctorOf(t))([v.v] as never);
  const a = part(x), b = part(y);
  const r = new (ctorOf(t))(a.length + b.length);
  (r as Uint8Array).set(a as Uint8Array);
  (r as Uint8Array).set(b as Uint8Array, a.length);
  return new Vec(t, r);
}

function joinTables(x: Table, y: Table): Table {
  if (x.cols.length !== y.cols.length || x.cols.some((c) => !y.cols.includes(c))) {
    return qerr("mismatch", "tables have different columns");
  }
  return new Table(x.cols, x.cols.map((c, i) => join(x.data[i], y.data[y.cols.indexOf(c)])));
}

/** Merges dictionary `y` into `x`: existing keys take y's values, new keys are appended. */
export function upsertDict(x: Dict, y: Dict): Dict {
  const xk = itemKeys(x.k), yk = itemKeys(y.k);
  const pos = new Map<unknown, number>();
  xk.forEach((k, i) => pos.has(k) || pos.set(k, i));
  const vals = itemsOf(x.v).slice(), keys = itemsOf(x.k).slice();
  const yv = itemsOf(y.v), ykeys = itemsOf(y.k);
  for (let j = 0; j < yk.length; j++) {
    const i = pos.get(yk[j]);
    if (i === undefined) {
      pos.set(yk[j], keys.length);
      keys.push(ykeys[j]);
      vals.push(yv[j]);
    } else vals[i] = yv[j];
  }
  const kv = keys.length === count(x.k) ? x.k : fromItems(keys);
  return new Dict(kv, x.v instanceof Vec && y.v instanceof Vec && x.v.t === y.v.t ? fromItems(vals) : fromItems(vals));
}

// ------------------------------------------------------------------ take / drop

/** `x#y`: take (cyclic overtake), reshape, or select keys/columns. */
export function take(x: Value, y: Value): Value {
  if (x instanceof Vec && x.t === 11) {
    if (y instanceof Table) {
      const names = itemsOf(x).map(symText);
      return new Table(
        names,
        names.map((c) => {
          const i = y.cols.indexOf(c);
          return i < 0 ? qerr(c, `no column ${c}`) : y.data[i];
        }),
      );
    }
    if (y instanceof Dict) return new Dict(x, index1(y, x));
  }
  if (x instanceof Table && isKeyed(y)) {
    return new Dict(x, gather((y as Dict).v, rowIndices((y as Dict).k as Table, x)));
  }
  if (x instanceof Vec && x.n === 1 && x.t !== 11) return take(itemAt(x, 0), y);
  if (x instanceof Vec && x.n >= 2 && x.t !== 11) return reshape(x, y);
  const n = toInt(x);
  if (n !== n) return qerr("type");
  if (y instanceof Dict) {
    if (isKeyed(y)) return new Dict(take(x, y.k), take(x, y.v));
    return new Dict(take(x, y.k), take(x, y.v));
  }
  if (y instanceof Table) return new Table(y.cols, y.data.map((c) => take(x, c)));
  if (y instanceof Atom || y instanceof Fn) {
    const src = fromItems([y]);
    return take(x, src);
  }
  const len = count(y);
  const m = Math.abs(n);
  const idx = new Float64Array(m);
  if (len === 0) {
    idx.fill(-1);
    return gather(y, idx);
  }
  if (n >= 0) { for (let i = 0; i < m; i++) idx[i] = i % len; }
  else for (let i = 0; i < m; i++) idx[i] = (((len - m + i) % len) + len) % len;
  return gather(y, idx);
}

/**
 * `2 3#x` and higher: reshape y (cyclically) to the shape x. In a 2-item
 * shape a null dimension is maximal: `0N 3#` makes rows of 3 and a short
 * last row, `3 0N#` makes 3 rows, the last taking what remains.
 */
function reshape(shape: Vec, y: Value): Value {
  const s = Array.from(asF64(shape) as Float64Array);
  const src = y instanceof Atom ? fromItems([y]) : y;
  const len = count(src);
  if (s.length === 2 && (s[0] !== s[0] || s[1] !== s[1])) return reshapeOpen(s[0], s[1], src, len);
  if (s.some((d) => !(d >= 0))) return qerr("domain", "reshape needs non-negative dimensions");
  let next = 0;
  const build = (dims: number[]): Value => {
    if (dims.length === 1) {
      const idx = new Float64Array(dims[0]);
      for (let j = 0; j < idx.length; j++) idx[j] = len ? next++ % len : -1;
      return gather(src, idx);
    }
    const out: Value[] = [];
    for (let i = 0; i < dims[0]; i++) out.push(build(dims.slice(1)));
    return new List(out);
  };
  return build(s);
}

/** Reshape with one null dimension (no cycling: every item is used once). */
function reshapeOpen(r: number, c: number, src: Value, len: number): Value {
  if (r !== r && c !== c) return qerr("length");
  if (r < 0 || c < 0) return qerr("domain");
  const rows = r === r ? r : c === 0 ? 0 : Math.ceil(len / c);
  const width = c === c ? c : rows === 0 ? 0 : Math.floor(len / rows);
  const out: Value[] = [];
  for (let i = 0; i < rows; i++) {
    const start = Math.min(len, i * width);
    const end = i === rows - 1 && c !== c ? len : Math.min(len, start + width);
    const idx = new Float64Array(end - start);
    for (let j = 0; j < idx.length; j++) idx[j] = start + j;
    out.push(idx.length ? gather(src, idx) : emptyLike(src));
  }
  return new List(out);
}

/** Selects values of a dictionary at keys `k` (nulls for missing keys). */
export function index1(d: Dict, k: Value): Value {
  const i = find(d.k, k);
  if (i instanceof Atom) {
    const j = Number(i.v);
    return j < count(d.k) ? itemAt(d.v, j) : protoNull(d.v);
  }
  return gather(d.v, asF64(i as Simple) as Float64Array);
}

/** `x _ y`: drop (integer x), cut (index vector x), remove key or index y. */
export function drop(x: Value, y: Value): Value {
  if (x instanceof Dict) {
    return isAtom(y) ? removeKeys(x, y) : qerr("type", "drop keys from a dictionary with key _ dict");
  }
  if (y instanceof Dict && !isIntAtom(x)) return removeKeys(y, x);
  if (isIntAtom(x)) {
    const n = toInt(x);
    if (y instanceof Dict) return new Dict(drop(x, y.k), drop(x, y.v));
    if (y instanceof Table) return new Table(y.cols, y.data.map((c) => drop(x, c)));
    if (!(y instanceof Vec || y instanceof List)) return qerr("type");
    const len = count(y);
    const m = Math.max(0, len - Math.abs(n));
    if (m === 0) return emptyLike(y);
    const idx = new Float64Array(m);
    const off = n >= 0 ? n : 0;
    for (let i = 0; i < m; i++) idx[i] = off + i;
    return gather(y, idx);
  }
  if (isIntAtomVec(x) && !(y instanceof Atom)) return cut(x as Vec, y);
  if ((x instanceof Vec || x instanceof List) && isIntAtom(y)) return removeAt(x, toInt(y));
  if (x instanceof Vec && x.t === 11 && y instanceof Table) {
    const drops = new Set(itemsOf(x).map(symText));
    const keep = y.cols.map((c, i) => [c, y.data[i]] as const).filter(([c]) => !drops.has(c));
    return new Table(keep.map(([c]) => c), keep.map(([, d]) => d));
  }
  return qerr("type");
}

function isIntAtom(x: Value): boolean {
  return x instanceof Atom && (x.t === -7 || x.t === -6 || x.t === -5);
}
function isIntAtomVec(x: Value): boolean {
  return x instanceof Vec && (x.t === 7 || x.t === 6 || x.t === 5);
}

function removeAt(x: Value, i: number): Value {
  const n = count(x);
  const idx: number[] = [];
  for (let j = 0; j < n; j++) if (j !== i) idx.push(j);
  return idx.length === 0 ? emptyLike(x) : gather(x, idx);
}

function removeKeys(d: Dict, k: Value): Value {
  const drop = new Set(itemKeys(k instanceof Atom ? fromItems([k]) : k));
  const keys = itemKeys(d.k);
  const idx: number[] = [];
  keys.forEach((key, i) => drop.has(key) || idx.push(i));
  return gather(d, idx);
}

/** `0 2 5 _ y`: cut y at ascending indices. */
function cut(x: Vec, y: Value): Value {
  const at = asF64(x) as Float64Array;
  const n = count(y);
  const parts: Value[] = [];
  for (let i = 0; i < at.length; i++) {
    const s = at[i], e = i + 1 < at.length ? at[i + 1] : n;
    if (s < 0 || s > n || e < s) return qerr("domain", "cut indices must ascend within the list");
    const idx = new Float64Array(e - s);
    for (let j = 0; j < idx.length; j++) idx[j] = s + j;
    parts.push(idx.length ? gather(y, idx) : emptyLike(y));
  }
  return new List(parts);
}

/** List keywords. */
export const LIST_KEYWORDS: readonly Prim[] = [
  kw1("til", til),
  kw1("count", countOf),
  kw1("first", first),
  kw1("last", last),
  kw1("reverse", reverse),
  kw1("where", where),
  kw1("distinct", distinct),
  kw1("group", group),
  kw1("null", isNull),
  kwv("enlist", enlist, (x, y) => fromItems([x, y]), fromItems),
];
