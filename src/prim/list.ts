/**
 * List primitives: `til count first last enlist reverse where distinct
 * group null raze rotate sublist cross cut`, Take `#`, Drop and Cut `_`,
 * Join `,`, Find `?`, Fill `^`; and the kernels they share: gathering items
 * by index, and hashing the items of vectors (typed-array open addressing,
 * or a direct table when integer items span a small range).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { emptyLike, fromItems, itemAt, itemsOf, nullAtom, protoNull, rowDict, vecItem } from "../value/items.ts";
import { isNullElem, NI, NJ, nullFlags, nullOf } from "../value/nulls.ts";
import { ctorOf } from "../value/types.ts";
import { intern, symName } from "../value/sym.ts";
import { Atom, count, Dict, Fn, isAtom, isKeyed, List, NIL, Table, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import { asF64, asI64, halves, type Simple } from "./convert.ts";
import { itemKeys, match } from "./match.ts";
import { LESSER, resultType } from "./promote.ts";
import { kw1, kw2, kwv } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** A long atom. */
function long(n: number): Atom {
  return new Atom(-7, BigInt(n));
}

/** A long vector from indices (an Int32Array converts without dividing). */
export function longVec(xs: ArrayLike<number>): Vec<BigInt64Array> {
  const a = new BigInt64Array(xs.length);
  const h = halves(a);
  if (xs instanceof Int32Array) {
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      h[2 * i] = v;
      h[2 * i + 1] = v >> 31;
    }
    return new Vec(7, a);
  }
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

/** True for short, int and long atoms. */
export function isIntAtom(x: Value): x is Atom {
  return x instanceof Atom && (x.t === -7 || x.t === -6 || x.t === -5);
}

function isIntAtomVec(x: Value): x is Vec {
  return x instanceof Vec && (x.t === 7 || x.t === 6 || x.t === 5);
}

/** `til n`: 0 1 … n-1 */
export function til(x: Value): Value {
  const n = toInt(x);
  if (!(n >= 0)) return qerr("domain", "til needs a non-negative count");
  const a = new BigInt64Array(n);
  const h = halves(a);
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

// ------------------------------------------------------------------ gather

/** Items of `x` at positions `idx`, as the same kind of list (nulls where out of range). */
export function gather(x: Value, idx: ArrayLike<number>): Value {
  if (x instanceof Vec) return gatherVec(x, asIndices(idx));
  const n = idx.length;
  if (x instanceof List) {
    const len = x.a.length, out = new Array<Value>(n);
    const pn = protoNull(x);
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      out[i] = j >= 0 && j < len ? x.a[j] : pn;
    }
    return fromItems(out);
  }
  if (x instanceof Table) {
    const at = asIndices(idx);
    return new Table(x.cols, x.data.map((c) => gather(c, at)));
  }
  if (x instanceof Dict) return new Dict(gather(x.k, idx), gather(x.v, idx));
  return qerr("type");
}

/** Positions as an Int32Array; anything not a valid position becomes -1. */
function asIndices(idx: ArrayLike<number>): Int32Array {
  if (idx instanceof Int32Array) return idx;
  const r = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    r[i] = v >= 0 && v < 2147483647 ? v : -1;
  }
  return r;
}

/** Items of a vector at positions `idx`: 4- and 8-byte items move as 32-bit words. */
function gatherVec(x: Vec, idx: Int32Array): Vec {
  const t = x.t, a = x.a, n = idx.length, len = x.n;
  if (t === 2) {
    const r = new Uint8Array(n * 16), b = a as Uint8Array;
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      if (j >= 0 && j < len) r.set(b.subarray(j * 16, j * 16 + 16), i * 16);
    }
    return new Vec(2, r);
  }
  const r = new (ctorOf(t))(n);
  const size = a.BYTES_PER_ELEMENT;
  if (size < 4) {
    pickSmall(a as Uint8Array, idx, r as Uint8Array, nullOf(t) as number, len);
    return new Vec(t, r);
  }
  const nul = words(new (ctorOf(t))([nullOf(t)] as never));
  const src = words(a), dst = words(r);
  if (size === 4) pick32(src, idx, dst, nul[0], len);
  else pick64(src, idx, dst, nul[0], nul[1], len);
  return new Vec(t, r);
}

/** The 32-bit words of a typed array of 4- or 8-byte items. */
function words(a: Int32Array | Float32Array | Float64Array | BigInt64Array | Uint8Array | Int16Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
}

function pickSmall(a: Uint8Array | Int16Array, idx: Int32Array, r: Uint8Array | Int16Array, nul: number, len: number) {
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i];
    r[i] = j >>> 0 < len ? a[j] : nul;
  }
}

function pick32(src: Int32Array, idx: Int32Array, dst: Int32Array, nul: number, len: number): void {
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i];
    dst[i] = j >>> 0 < len ? src[j] : nul;
  }
}

function pick64(src: Int32Array, idx: Int32Array, dst: Int32Array, lo: number, hi: number, len: number): void {
  for (let i = 0, o = 0; i < idx.length; i++, o += 2) {
    const j = idx[i];
    if (j >>> 0 < len) {
      dst[o] = src[2 * j];
      dst[o + 1] = src[2 * j + 1];
    } else {
      dst[o] = lo;
      dst[o + 1] = hi;
    }
  }
}

// ------------------------------------------------------------------ hashing

/** The items of a vector as tuples of `k` 32-bit words: equal items have equal words. */
interface Words {
  w: Int32Array;
  k: number;
}

/**
 * Hash words of a vector; floats are normalized so that -0 is 0 and every
 * NaN is one null. 64-bit integers are kept to their low words when
 * `narrow` (see fitsInt).
 */
function wordsOf(x: Vec, narrow: boolean): Words {
  const a = x.a;
  if (a instanceof Int32Array) return { w: a, k: 1 };
  if (a instanceof BigInt64Array) return narrow ? { w: lowWords(halves(a)), k: 1 } : { w: halves(a), k: 2 };
  if (a instanceof Float64Array) return { w: words(canonical(a, new Float64Array(a.length))), k: 2 };
  if (a instanceof Float32Array) return { w: words(canonical(a, new Float32Array(a.length))), k: 1 };
  if (x.t === 2) return { w: words(new Uint8Array(a as Uint8Array)), k: 4 };
  return { w: new Int32Array(a as Uint8Array | Int16Array), k: 1 };
}

/** Whether every item of a 64-bit integer vector is within the int32 range (so its low word is all of it). */
function fitsInt(x: Vec): boolean {
  if (!(x.a instanceof BigInt64Array)) return false;
  const h = halves(x.a);
  for (let i = 0; i < h.length; i += 2) if (h[i + 1] !== h[i] >> 31) return false;
  return true;
}

function lowWords(h: Int32Array): Int32Array {
  const r = new Int32Array(h.length >> 1);
  for (let i = 0; i < r.length; i++) r[i] = h[2 * i];
  return r;
}

function canonical<A extends Float64Array | Float32Array>(a: Float64Array | Float32Array, r: A): A {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    r[i] = v === v ? v + 0 : NaN;
  }
  return r;
}

/** The smallest and largest of 32-bit words. */
function span(w: Int32Array): [number, number] {
  let lo = 2147483647, hi = -2147483648;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  return [lo, hi];
}

/** Whether one-word items spanning `lo..hi` are indexed by a direct table rather than a hash. */
function direct(lo: number, hi: number, n: number): boolean {
  return hi - lo < Math.max(2 * n, 65536);
}

/**
 * An open-addressing hash of items of several words (`k` of them: 64-bit
 * values, guids): each entry holds the item's words and a value + 1 (0
 * marks an empty entry), so a probe touches one place in memory. The table
 * doubles when half full. One-word items use dedupeWords and lookupWords.
 */
class ItemTable {
  private tab: Int32Array;
  private shift = 22;
  private used = 0;
  private readonly stride: number;
  constructor(private readonly k: number) {
    this.stride = k + 1;
    this.tab = new Int32Array(1024 * this.stride);
  }

  /** The value stored with the item equal to item `i` of `src`, or -1 (then storing `value` when `add`). */
  probe(src: Int32Array, i: number, add: boolean, value: number): number {
    const k = this.k, stride = this.stride, tab = this.tab, at = i * k, mask = (tab.length / stride) - 1;
    let h = hashAt(src, at, k) >>> this.shift;
    for (;;) {
      const e = h * stride, s = tab[e + k];
      if (s === 0) break;
      if (sameAt(tab, e, src, at, k)) return s - 1;
      h = (h + 1) & mask;
    }
    if (add) {
      const e = h * stride;
      for (let m = 0; m < k; m++) tab[e + m] = src[at + m];
      tab[e + k] = value + 1;
      if (++this.used * 2 * stride > tab.length) this.grow();
    }
    return -1;
  }

  private grow(): void {
    const old = this.tab, k = this.k, stride = this.stride;
    const tab = new Int32Array(old.length * 2), mask = (tab.length / stride) - 1;
    this.shift--;
    for (let e = 0; e < old.length; e += stride) {
      if (old[e + k] === 0) continue;
      let h = hashAt(old, e, k) >>> this.shift;
      while (tab[h * stride + k] !== 0) h = (h + 1) & mask;
      tab.set(old.subarray(e, e + stride), h * stride);
    }
    this.tab = tab;
  }
}

function hashAt(w: Int32Array, at: number, k: number): number {
  let h = w[at];
  for (let j = 1; j < k; j++) h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) ^ w[at + j];
  return Math.imul(h ^ (h >>> 16), -1640531535);
}

function sameAt(a: Int32Array, i: number, b: Int32Array, j: number, k: number): boolean {
  for (let m = 0; m < k; m++) if (a[i + m] !== b[j + m]) return false;
  return true;
}

/** The distinct items of a vector: where each first occurs, and (when asked) each item's group. */
export interface Groups {
  /** Index of the first occurrence of each distinct item, in order of appearance. */
  first: Int32Array;
  /** For each item, the number of its group (its position in `first`). */
  id: Int32Array | null;
}

/** Groups the items of a vector by value (exact: floats by value, -0 as 0, nulls together). */
export function groupsOf(x: Vec, withIds: boolean): Groups {
  const n = x.n, id = withIds ? new Int32Array(n) : null;
  if (n === 0) return { first: new Int32Array(0), id };
  const { w, k } = wordsOf(x, fitsInt(x));
  if (k === 1) {
    const [lo, hi] = span(w);
    if (direct(lo, hi, n)) return { first: dedupeDirect(w, lo, hi - lo + 1, id), id };
  }
  return { first: dedupeHashed(w, k, n, id), id };
}

function dedupeDirect(w: Int32Array, lo: number, range: number, id: Int32Array | null): Int32Array {
  const slot = new Int32Array(range), first = new Int32Array(Math.min(range, w.length));
  let g = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i] - lo;
    let s = slot[v];
    if (s === 0) {
      slot[v] = s = ++g;
      first[g - 1] = i;
    }
    if (id !== null) id[i] = s - 1;
  }
  return first.slice(0, g);
}

function dedupeHashed(w: Int32Array, k: number, n: number, id: Int32Array | null): Int32Array {
  if (k === 1) return dedupeWords(w, id);
  const table = new ItemTable(k);
  let first: Int32Array = new Int32Array(64), g = 0;
  for (let i = 0; i < n; i++) {
    let j = table.probe(w, i, true, g);
    if (j < 0) {
      if (g === first.length) first = grown(first);
      first[g] = i;
      j = g++;
    }
    if (id !== null) id[i] = j;
  }
  return first.slice(0, g);
}

/**
 * dedupeHashed for one-word items, written out: the table is a local
 * array of (word, group + 1) pairs, so the loop has no calls.
 */
function dedupeWords(w: Int32Array, id: Int32Array | null): Int32Array {
  let bits = 10, tab: Int32Array = new Int32Array(2 << bits), first: Int32Array = new Int32Array(64), g = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    let h = Math.imul(v ^ (v >>> 16), -1640531535) >>> (32 - bits), s = 0;
    while ((s = tab[2 * h + 1]) !== 0 && tab[2 * h] !== v) h = (h + 1) & ((1 << bits) - 1);
    if (s === 0) {
      tab[2 * h] = v;
      tab[2 * h + 1] = s = ++g;
      if (g > first.length) first = grown(first);
      first[g - 1] = i;
      if (g * 2 > 1 << bits) tab = rehashWords(tab, ++bits);
    }
    if (id !== null) id[i] = s - 1;
  }
  return first.slice(0, g);
}

/** A table of (word, value) pairs moved into one of 2^bits entries. */
function rehashWords(old: Int32Array, bits: number): Int32Array {
  const tab = new Int32Array(2 << bits), mask = (1 << bits) - 1;
  for (let e = 0; e < old.length; e += 2) {
    if (old[e + 1] === 0) continue;
    const v = old[e];
    let h = Math.imul(v ^ (v >>> 16), -1640531535) >>> (32 - bits);
    while (tab[2 * h + 1] !== 0) h = (h + 1) & mask;
    tab[2 * h] = v;
    tab[2 * h + 1] = old[e + 1];
  }
  return tab;
}

function grown(a: Int32Array): Int32Array {
  const r = new Int32Array(a.length * 2);
  r.set(a);
  return r;
}

/** For each item of `y`, the index of its first occurrence in `x` (of the same type), else `count x`. */
export function findVec(x: Vec, y: Vec): Int32Array {
  const nx = x.n, r = new Int32Array(y.n);
  if (nx === 0) return r;
  const narrow = fitsInt(x) && fitsInt(y), xw = wordsOf(x, narrow), yw = wordsOf(y, narrow), k = xw.k;
  if (k === 1) {
    const [lo, hi] = span(xw.w);
    if (direct(lo, hi, nx)) {
      lookupDirect(xw.w, yw.w, lo, hi - lo + 1, r);
      return r;
    }
  }
  if (k === 1) {
    lookupWords(xw.w, yw.w, r);
    return r;
  }
  const table = new ItemTable(k);
  for (let i = 0; i < nx; i++) table.probe(xw.w, i, true, i);
  for (let i = 0; i < y.n; i++) {
    const j = table.probe(yw.w, i, false, 0);
    r[i] = j < 0 ? nx : j;
  }
  return r;
}

/** findVec for one-word items: a table of (word, first index + 1) pairs built from x, probed by y. */
function lookupWords(xw: Int32Array, yw: Int32Array, r: Int32Array): void {
  const nx = xw.length;
  let bits = 10;
  while (1 << bits < 2 * nx) bits++;
  const tab = new Int32Array(2 << bits), mask = (1 << bits) - 1, shift = 32 - bits;
  for (let i = 0; i < nx; i++) {
    const v = xw[i];
    let h = Math.imul(v ^ (v >>> 16), -1640531535) >>> shift;
    while (tab[2 * h + 1] !== 0 && tab[2 * h] !== v) h = (h + 1) & mask;
    if (tab[2 * h + 1] === 0) {
      tab[2 * h] = v;
      tab[2 * h + 1] = i + 1;
    }
  }
  for (let i = 0; i < yw.length; i++) {
    const v = yw[i];
    let h = Math.imul(v ^ (v >>> 16), -1640531535) >>> shift, s = 0;
    while ((s = tab[2 * h + 1]) !== 0 && tab[2 * h] !== v) h = (h + 1) & mask;
    r[i] = s === 0 ? nx : s - 1;
  }
}

function lookupDirect(xw: Int32Array, yw: Int32Array, lo: number, range: number, r: Int32Array): void {
  const slot = new Int32Array(range), nx = xw.length;
  for (let i = nx - 1; i >= 0; i--) slot[xw[i] - lo] = i + 1;
  for (let i = 0; i < yw.length; i++) {
    const v = yw[i] - lo;
    const s = v >= 0 && v < range ? slot[v] : 0;
    r[i] = s === 0 ? nx : s - 1;
  }
}

// ------------------------------------------------------------------ structure

/** `reverse x` */
export function reverse(x: Value): Value {
  if (x instanceof Atom || x instanceof Fn) return x;
  if (x instanceof Vec && x.t !== 2) return new Vec(x.t, x.a.slice().reverse());
  const n = count(x);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = n - 1 - i;
  return gather(x, idx);
}

/** `where x`: indices of true items, or each index repeated by its count. */
export function where(x: Value): Value {
  if (x instanceof Dict) return gather(x.k, asF64(where(x.v) as Simple) as Float64Array);
  if (x instanceof Atom) return where(new Vec(-x.t, new (ctorOf(-x.t))([x.v] as never)));
  if (!(x instanceof Vec)) return qerr("type", "where needs booleans or counts");
  if (x.t === 1) return whereTrue(x.a as Uint8Array);
  if (x.t === 4 || x.t === 5 || x.t === 6 || x.t === 7) return whereCounts(asF64(x) as Float64Array);
  return qerr("type", "where needs booleans or counts");
}

/** Indices of the true items of a boolean vector (branch-free: every index is written, the true ones kept). */
function whereTrue(a: Uint8Array): Vec {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += a[i];
  const r = new BigInt64Array(m + 1), h = halves(r);
  for (let i = 0, j = 0; i < n; i++) {
    h[j] = i;
    j += a[i] << 1;
  }
  return new Vec(7, r.subarray(0, m));
}

function whereCounts(cs: Float64Array): Value {
  let m = 0;
  for (let i = 0; i < cs.length; i++) {
    if (cs[i] < 0) return qerr("domain", "where needs non-negative counts");
    m += cs[i] || 0;
  }
  const r = new BigInt64Array(m), h = halves(r);
  for (let i = 0, j = 0; i < cs.length; i++) for (let k = 0; k < (cs[i] || 0); k++) h[2 * j++] = i;
  return new Vec(7, r);
}

/** `distinct x`: unique items in order of first occurrence. */
export function distinct(x: Value): Value {
  if (x instanceof Vec) return gather(x, groupsOf(x, false).first);
  if (x instanceof List || x instanceof Table) return gather(x, firstOfKeys(itemKeys(x)).first);
  return x instanceof Atom ? qerr("type") : x;
}

/** Groups of hash keys: first occurrences and each key's group. */
function firstOfKeys(keys: readonly unknown[]): { first: number[]; id: Int32Array } {
  const pos = new Map<unknown, number>(), first: number[] = [], id = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    let g = pos.get(k);
    if (g === undefined) {
      pos.set(k, g = first.length);
      first.push(i);
    }
    id[i] = g;
  }
  return { first, id };
}

/** `group x`: dictionary of distinct items to the indices where they occur. */
export function group(x: Value): Value {
  if (!(x instanceof Vec || x instanceof List)) return qerr("type");
  const g = x instanceof Vec ? groupsOf(x, true) : firstOfKeys(itemKeys(x));
  return new Dict(gather(x, g.first), new List(indexLists(g.id!, g.first.length)));
}

/**
 * The indices of each group, by a counting sort of group ids: one long
 * buffer, each group a view of its part.
 */
function indexLists(id: Int32Array, groups: number): Vec[] {
  const n = id.length, start = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) start[id[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const all = new BigInt64Array(n), h = halves(all), at = start.slice(0, groups);
  for (let i = 0; i < n; i++) h[2 * at[id[i]]++] = i;
  const out = new Array<Vec>(groups);
  for (let g = 0; g < groups; g++) out[g] = new Vec(7, all.subarray(start[g], start[g + 1]));
  return out;
}

// ------------------------------------------------------------------ find

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
    return longVec(findVec(x, y));
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
    if (t !== 2) return new Vec(1, nullFlags(t, s.a, s.n));
    const r = new Uint8Array(s.n);
    for (let i = 0; i < s.n; i++) {
      r[i] = (s.a as Uint8Array).subarray(i * 16, i * 16 + 16).every((b) => b === 0) ? 1 : 0;
    }
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
  if ((x instanceof Dict && isSimpleOrAtom(y)) || (y instanceof Dict && isSimpleOrAtom(x))) {
    return qerr("type", "cannot join a dictionary and a list");
  }
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

function isSimpleOrAtom(x: Value): boolean {
  return x instanceof Vec || isAtom(x);
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
  if (x instanceof Atom && x.t === -11 && (y instanceof Table || y instanceof Dict)) return take(fromItems([x]), y);
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
  if (isIntAtomVec(x) && !(y instanceof Atom)) return cutAt(asF64(x) as Float64Array, y);
  if ((x instanceof Vec || x instanceof List) && isIntAtom(y)) return removeAt(x, toInt(y));
  if (x instanceof Vec && x.t === 11 && y instanceof Table) {
    const drops = new Set(itemsOf(x).map(symText));
    const keep = y.cols.map((c, i) => [c, y.data[i]] as const).filter(([c]) => !drops.has(c));
    return new Table(keep.map(([c]) => c), keep.map(([, d]) => d));
  }
  return qerr("type");
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
function cutAt(at: Float64Array, y: Value): Value {
  const n = count(y);
  const parts: Value[] = [];
  for (let i = 0; i < at.length; i++) {
    const s = at[i], e = i + 1 < at.length ? at[i + 1] : n;
    if (!(s >= 0 && s <= n && e >= s)) return qerr("domain", "cut indices must ascend within the list");
    parts.push(slice(y, s, e - s));
  }
  return new List(parts);
}

/** `len` items of `y` from index `start` (all within range). */
function slice(y: Value, start: number, len: number): Value {
  const idx = new Int32Array(len);
  for (let j = 0; j < len; j++) idx[j] = start + j;
  return gather(y, idx);
}

// ------------------------------------------------------------------ raze, rotate, sublist, cross, cut

/** `raze x`: the items of x joined (`,/`), one level of nesting removed; an atom becomes a list. */
export function raze(x: Value): Value {
  if (x instanceof Dict) return raze(x.v);
  if (x instanceof Atom) return fromItems([x]);
  if (!(x instanceof List) || x.a.length === 0) return x;
  const xs = x.a;
  const t = xs[0] instanceof Vec ? xs[0].t : 0;
  if (t > 0 && xs.every((v) => v instanceof Vec && v.t === t)) return concatAll(t, xs as Vec[]);
  if (xs.some((v) => v instanceof Dict || v instanceof Table)) return xs.reduce((a, b) => join(a, b));
  return fromItems(xs.flatMap((v) => (v instanceof Vec || v instanceof List ? itemsOf(v) : [v])));
}

/** Vectors of one type joined end to end. */
function concatAll(t: number, xs: Vec[]): Vec {
  let len = 0;
  for (const v of xs) len += v.a.length;
  const r = new (ctorOf(t))(len) as Uint8Array;
  let at = 0;
  for (const v of xs) {
    r.set(v.a as Uint8Array, at);
    at += v.a.length;
  }
  return new Vec(t, r);
}

/** `x rotate y`: the items of y shifted left by x (right when negative), cyclically. */
export function rotate(x: Value, y: Value): Value {
  if (!isIntAtom(x)) return qerr("type", "rotate needs an integer");
  if (isAtom(y)) return qerr("type", "rotate needs a list");
  const n = count(y), k = toInt(x);
  if (n === 0) return y;
  const s = ((k % n) + n) % n, idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i + s < n ? i + s : i + s - n;
  return gather(y, idx);
}

/**
 * `x sublist y`: up to x items from the front of y (from the back when
 * negative), or up to `x 1` items from index `x 0`; never more than y has.
 */
export function sublist(x: Value, y: Value): Value {
  if (isAtom(y)) return qerr("type", "sublist needs a list");
  const n = count(y);
  if (isIntAtom(x)) {
    const k = toInt(x), len = Math.min(Math.abs(k), n);
    return slice(y, k >= 0 ? 0 : n - len, len);
  }
  if (isIntAtomVec(x) && x.n === 2) {
    const [s, l] = asF64(x) as Float64Array;
    if (!(s >= 0 && l >= 0)) return qerr("domain", "sublist needs a non-negative start and count");
    const start = Math.min(s, n);
    return slice(y, start, Math.min(l, n - start));
  }
  return qerr("type", "sublist needs an integer or a pair");
}

/** `x cross y`: every item of x joined with every item of y (rows of tables side by side). */
export function cross(x: Value, y: Value): Value {
  const nx = count(x), ny = count(y);
  const ix = new Int32Array(nx * ny), iy = new Int32Array(nx * ny);
  for (let i = 0, k = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++, k++) {
      ix[k] = i;
      iy[k] = j;
    }
  }
  const xs = gather(isAtom(x) ? fromItems([x]) : x, ix), ys = gather(isAtom(y) ? fromItems([y]) : y, iy);
  if (xs instanceof Table && ys instanceof Table) {
    return new Table([...xs.cols, ...ys.cols.filter((c) => !xs.cols.includes(c))], [
      ...xs.cols.map((c, i) => ys.cols.includes(c) ? ys.data[ys.cols.indexOf(c)] : xs.data[i]),
      ...ys.cols.filter((c) => !xs.cols.includes(c)).map((c) => ys.data[ys.cols.indexOf(c)]),
    ]);
  }
  const a = itemsOf(xs), b = itemsOf(ys);
  return new List(a.map((v, k) => join(v, b[k])));
}

/** `x cut y`: y in pieces of x items (an integer x), else as Cut `_`. */
export function cutKeyword(x: Value, y: Value): Value {
  if (!isIntAtom(x)) return drop(x, y);
  const k = toInt(x);
  if (!(k > 0)) return qerr("domain", "cut needs a positive size");
  if (isAtom(y)) return qerr("type", "cut needs a list");
  const at = new Float64Array(Math.ceil(count(y) / k));
  for (let i = 0; i < at.length; i++) at[i] = i * k;
  return cutAt(at, y);
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
  kw1("raze", raze),
  kw2("rotate", rotate),
  kw2("sublist", sublist),
  kw2("cross", cross),
  kw2("cut", cutKeyword),
  kwv("enlist", enlist, (x, y) => fromItems([x, y]), fromItems),
];
