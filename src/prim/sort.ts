/**
 * Sorting and grading: `iasc` (`<:`), `idesc` (`>:`), `asc`, `desc`,
 * `xasc`, `xdesc`, `rank`, `xrank`, and (from search.ts) the binary
 * searches `bin`, `binr` and the bucketing `xbar`.
 *
 * Grades are stable, nulls first ascending (last descending), symbols by
 * text. A vector is graded by an LSD radix sort (11-bit digits, skipping
 * digits every key shares) of unsigned keys that order as the items do:
 * integers offset by their minimum, floats by their IEEE bits with the sign
 * folded, symbols by the rank of their text. Descending grades sort the
 * complemented keys, so equal items keep their order either way. General
 * lists and guids use a comparison sort; tables sort column by column,
 * last column first.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { itemAt } from "../value/items.ts";
import { compareSyms } from "../value/sym.ts";
import { Atom, ATTR, count, Dict, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { halves } from "./convert.ts";
import { column, keyTable, symNames, unkey } from "./dict.ts";
import { gather, groupsOf, isIntAtom, longVec, toInt } from "./list.ts";
import { bin, binr, xbar } from "./search.ts";
import { kw1, kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

// ------------------------------------------------------------------ radix sort

const BITS = 11, RADIX = 1 << BITS, MASK = RADIX - 1;

/** Unsigned sort keys: one 32-bit word per item, or a high and a low word. */
interface Keys {
  lo: Int32Array;
  hi: Int32Array | null;
}

/** Counts of each 11-bit digit (three per word) of every key, low word first. */
function histogram(keys: Keys, n: number): Int32Array {
  const counts = new Int32Array((keys.hi ? 6 : 3) * RADIX);
  countDigits(keys.lo, counts, 0, n);
  if (keys.hi) countDigits(keys.hi, counts, 3 * RADIX, n);
  return counts;
}

function countDigits(w: Int32Array, counts: Int32Array, base: number, n: number): void {
  const b1 = base + RADIX, b2 = base + 2 * RADIX;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    counts[base + (v & MASK)]++;
    counts[b1 + ((v >>> BITS) & MASK)]++;
    counts[b2 + (v >>> (2 * BITS))]++;
  }
}

/** Turns the counts of digit `d` into starting offsets; false when one bucket holds every key. */
function offsets(counts: Int32Array, d: number, n: number): boolean {
  const base = d * RADIX;
  let sum = 0;
  for (let b = base; b < base + RADIX; b++) {
    const c = counts[b];
    if (c === n) return false;
    counts[b] = sum;
    sum += c;
  }
  return true;
}

/**
 * A stable permutation putting the keys in ascending unsigned order. The
 * keys are overwritten: each pass moves them (and the permutation so far)
 * to their buckets; once the low word's digits are done it stops moving.
 */
function radixGrade(keys: Keys, n: number): Int32Array {
  const counts = histogram(keys, n);
  let { lo, hi } = keys, idx: Int32Array | null = null;
  let spareLo: Int32Array | null = null, spareHi: Int32Array | null = null, spareIdx: Int32Array | null = null;
  for (let d = 0; d < (hi ? 6 : 3); d++) {
    if (!offsets(counts, d, n)) continue;
    const at = counts.subarray(d * RADIX, (d + 1) * RADIX), shift = (d % 3) * BITS;
    const outIdx: Int32Array = spareIdx ?? new Int32Array(n);
    if (d < 3) {
      const outLo: Int32Array = spareLo ?? new Int32Array(n);
      const outHi: Int32Array | null = hi ? spareHi ?? new Int32Array(n) : null;
      scatter(lo, hi, idx, shift, at, outLo, outHi, outIdx);
      [spareLo, lo] = [lo, outLo];
      if (hi) [spareHi, hi] = [hi, outHi];
    } else {
      const outHi: Int32Array = spareHi ?? new Int32Array(n);
      scatter(hi!, null, idx, shift, at, outHi, null, outIdx);
      [spareHi, hi] = [hi, outHi];
    }
    [spareIdx, idx] = [idx, outIdx];
  }
  return idx ?? identity(n);
}

/** One counting-sort pass on the digit at `shift` of `src`, carrying the other word and the permutation. */
function scatter(
  src: Int32Array,
  carry: Int32Array | null,
  idx: Int32Array | null,
  shift: number,
  at: Int32Array,
  outSrc: Int32Array,
  outCarry: Int32Array | null,
  outIdx: Int32Array,
): void {
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const v = src[i], p = at[(v >>> shift) & MASK]++;
    outSrc[p] = v;
    if (carry !== null) outCarry![p] = carry[i];
    outIdx[p] = idx === null ? i : idx[i];
  }
}

function identity(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

// ------------------------------------------------------------------ keys

/** Sort keys of a vector (complemented when `down`), or null for guids. */
function keysOf(x: Vec, down: boolean): Keys | null {
  const a = x.a;
  if (x.t === 11) return { lo: symbolKeys(x, down), hi: null };
  if (x.t === 2) return null;
  if (a instanceof BigInt64Array) return longKeys(halves(a), down);
  if (a instanceof Float64Array) return floatKeys(a, down);
  if (a instanceof Float32Array) return realKeys(a, down);
  return { lo: intKeys(a instanceof Int32Array ? a : new Int32Array(a as Uint8Array | Int16Array), down), hi: null };
}

/** 32-bit integers as their distance from the smallest (from the largest when `down`). */
function intKeys(a: Int32Array, down: boolean): Int32Array {
  const n = a.length;
  let lo = 2147483647, hi = -2147483648;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  const r = new Int32Array(n);
  if (down) { for (let i = 0; i < n; i++) r[i] = hi - a[i]; }
  else for (let i = 0; i < n; i++) r[i] = a[i] - lo;
  return r;
}

/** Symbols as the rank of their text among the distinct symbols present. */
function symbolKeys(x: Vec, down: boolean): Int32Array {
  const ids = x.a as Int32Array, { first, id } = groupsOf(x, true);
  const order = Array.from(first, (i) => ids[i]).map((s, g) => [s, g]).sort((p, q) => compareSyms(p[0], q[0]));
  const rank = new Int32Array(first.length), top = first.length - 1;
  order.forEach(([, g], r) => (rank[g] = down ? top - r : r));
  const r = new Int32Array(ids.length);
  for (let i = 0; i < r.length; i++) r[i] = rank[id![i]];
  return r;
}

/** 64-bit integers (as int32 halves) as their 64-bit distance from the smallest (largest when `down`). */
function longKeys(h: Int32Array, down: boolean): Keys {
  const n = h.length >> 1;
  let bh = down ? -2147483648 : 2147483647, bl = down ? 0 : 4294967295;
  for (let i = 0; i < n; i++) {
    const vh = h[2 * i + 1], vl = h[2 * i] >>> 0;
    const beyond = down ? vh > bh || (vh === bh && vl > bl) : vh < bh || (vh === bh && vl < bl);
    if (beyond) [bh, bl] = [vh, vl];
  }
  const lo = new Int32Array(n), hi = new Int32Array(n), s = down ? -1 : 1;
  let any = 0;
  for (let i = 0; i < n; i++) {
    const l = s * ((h[2 * i] >>> 0) - bl), borrow = l < 0 ? 1 : 0;
    lo[i] = l;
    any |= hi[i] = s * (h[2 * i + 1] - bh) - borrow;
  }
  return { lo, hi: any === 0 ? null : hi };
}

/** Floats as their IEEE bits, sign folded so unsigned order is numeric order; -0 as 0, NaN (null) first. */
function floatKeys(a: Float64Array, down: boolean): Keys {
  const n = a.length, w = new Int32Array(a.buffer, a.byteOffset, 2 * n);
  const lo = new Int32Array(n), hi = new Int32Array(n), flip = down ? -1 : 0;
  for (let i = 0; i < n; i++) {
    let h = w[2 * i + 1], l = w[2 * i];
    if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) | l) !== 0) h = l = -1;
    else if (h === -2147483648 && l === 0) h = 0;
    const neg = h >> 31;
    hi[i] = (h ^ (neg | -2147483648)) ^ flip;
    lo[i] = (l ^ neg) ^ flip;
  }
  return { lo, hi };
}

/** Reals as their IEEE bits, as for floats. */
function realKeys(a: Float32Array, down: boolean): Keys {
  const n = a.length, f = new Float32Array(n), w = new Int32Array(f.buffer);
  for (let i = 0; i < n; i++) f[i] = a[i] + 0;
  const lo = new Int32Array(n), flip = down ? -1 : 0;
  for (let i = 0; i < n; i++) {
    const h = w[i];
    lo[i] = (a[i] !== a[i] ? 0 : h ^ ((h >> 31) | -2147483648)) ^ flip;
  }
  return { lo, hi: null };
}

// ------------------------------------------------------------------ comparison sort

/** Orders two items as q sorts a general list: atoms by type then value, lists item by item. */
export function compareItems(a: Value, b: Value): number {
  const aa = a instanceof Atom, ba = b instanceof Atom;
  if (aa && ba) return a.t !== b.t ? b.t - a.t : compareAtoms(a, b);
  if (aa !== ba) return aa ? -1 : 1;
  if (a.t !== b.t) return a.t - b.t;
  const na = count(a), nb = count(b);
  for (let i = 0; i < na && i < nb; i++) {
    const c = compareItems(itemAt(a, i), itemAt(b, i));
    if (c) return c;
  }
  return na - nb;
}

function compareAtoms(a: Atom, b: Atom): number {
  const p = a.v, q = b.v as number | bigint;
  if (a.t === -11) return compareSyms(p as number, q as number);
  if (p instanceof Uint8Array) {
    const g = b.v as Uint8Array;
    for (let k = 0; k < 16; k++) if (p[k] !== g[k]) return p[k] - g[k];
    return 0;
  }
  if (p !== p) return q !== q ? 0 : -1;
  if (q !== q) return 1;
  return p < q ? -1 : p > q ? 1 : 0;
}

/** A stable grade of the items of a list by comparison. */
function compareGrade(x: Value, down: boolean): Int32Array {
  const items = Array.from({ length: count(x) }, (_, i) => itemAt(x, i));
  const idx = Array.from(items, (_, i) => i);
  idx.sort(
    down ? (i, j) => compareItems(items[j], items[i]) || i - j : (i, j) => compareItems(items[i], items[j]) || i - j,
  );
  return Int32Array.from(idx);
}

// ------------------------------------------------------------------ grades

/** A stable permutation sorting the items of `x` ascending (descending when `down`). */
export function grade(x: Value, down: boolean): Int32Array {
  if (x instanceof Vec) {
    const keys = keysOf(x, down);
    return keys ? radixGrade(keys, x.n) : compareGrade(x, down);
  }
  if (x instanceof Table) return gradeTable(x, down);
  if (x instanceof List) return compareGrade(x, down);
  return qerr("type", "cannot sort this");
}

/** Rows in order of the first column, then the second within it, …: stable sorts from the last column. */
function gradeTable(t: Table, down: boolean): Int32Array {
  let idx: Int32Array | null = null;
  for (let c = t.data.length - 1; c >= 0; c--) {
    const g = grade(idx ? gather(t.data[c], idx) : t.data[c], down);
    idx = idx ? compose(idx, g) : g;
  }
  return idx ?? identity(count(t));
}

/** `p[g]` */
function compose(p: Int32Array, g: Int32Array): Int32Array {
  const r = new Int32Array(g.length);
  for (let i = 0; i < g.length; i++) r[i] = p[g[i]];
  return r;
}

/** A stable ascending permutation of the items of `x`. */
export function gradeUp(x: Value): Int32Array {
  return grade(x, false);
}

/** A stable descending permutation (equal items keep their order). */
export function gradeDown(x: Value): Int32Array {
  return grade(x, true);
}

// ------------------------------------------------------------------ keywords

/** `iasc x`: indices that sort x ascending; for a dictionary, its keys in that order. */
export function iasc(x: Value): Value {
  if (x instanceof Dict) return gather(x.k, gradeUp(x.v));
  return longVec(gradeUp(x));
}

/** `idesc x` */
export function idesc(x: Value): Value {
  if (x instanceof Dict) return gather(x.k, gradeDown(x.v));
  return longVec(gradeDown(x));
}

/**
 * `asc x`: sorted ascending. A vector gets the sorted attribute; a table
 * (or keyed table, by its value columns) sorts by its rows and marks its
 * first column sorted, or parted when there are more columns.
 */
export function asc(x: Value): Value {
  if (x instanceof Dict) {
    const r = gather(x, gradeUp(x.v)) as Dict;
    if (r.v instanceof Table) markFirst(r.v, r.v.cols.length === 1 ? ATTR.s : ATTR.p);
    return r;
  }
  const r = gather(x, gradeUp(x));
  if (r instanceof Vec) r.attr = ATTR.s;
  if (r instanceof Table) markFirst(r, r.cols.length === 1 ? ATTR.s : ATTR.p);
  return r;
}

function markFirst(t: Table, attr: number): void {
  const c = t.data[0];
  if (c instanceof Vec) c.attr = attr;
}

/** `desc x`: sorted descending (no attribute). */
export function desc(x: Value): Value {
  if (x instanceof Dict) return gather(x, gradeDown(x.v));
  return gather(x, gradeDown(x));
}

/** `cols xasc t`: t sorted ascending by the named columns, the first marked sorted. */
export function xasc(cols: Value, t: Value): Value {
  return sortBy(cols, t, false);
}

/** `cols xdesc t`: t sorted descending by the named columns. */
export function xdesc(cols: Value, t: Value): Value {
  return sortBy(cols, t, true);
}

function sortBy(cols: Value, t: Value, down: boolean): Value {
  const names = symNames(cols);
  if (isKeyed(t)) {
    const d = t as Dict;
    return keyTable((d.k as Table).cols.length, sortBy(cols, unkey(d), down));
  }
  if (!(t instanceof Table)) return qerr("type", "xasc and xdesc sort tables");
  if (new Set(t.cols).size !== t.cols.length) return qerr("dup", "duplicate column names");
  if (names.length === 0) return t;
  const by = new Table(names, names.map((c) => column(t, c)));
  const r = gather(t, gradeTable(by, down)) as Table;
  const first = r.data[t.cols.indexOf(names[0])];
  if (!down && first instanceof Vec) first.attr = ATTR.s;
  return r;
}

/** `rank x`: the position each item would take in the sorted list (`iasc iasc x`). */
export function rank(x: Value): Value {
  if (x instanceof Dict) return iasc(iasc(x));
  const g = gradeUp(x), r = new Int32Array(g.length);
  for (let i = 0; i < g.length; i++) r[g[i]] = i;
  return longVec(r);
}

/** `x xrank y`: the bucket 0..x-1 of each item of y, buckets of (nearly) equal size by rank. */
export function xrank(x: Value, y: Value): Value {
  if (!isIntAtom(x)) return qerr("type", "xrank needs an integer bucket count");
  if (y instanceof Atom) return qerr("rank", "xrank needs a list");
  const k = toInt(x), g = gradeUp(y), n = g.length, r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[g[i]] = Math.floor((i * k) / n);
  return longVec(r);
}

/** Sorting, ranking and bucketing keywords. */
export const SORT_KEYWORDS: readonly Prim[] = [
  kw1("iasc", iasc),
  kw1("idesc", idesc),
  kw1("asc", asc),
  kw1("desc", desc),
  kw1("rank", rank),
  kw2("xasc", xasc),
  kw2("xdesc", xdesc),
  kw2("xrank", xrank),
  kw2("bin", bin),
  kw2("binr", binr),
  kw2("xbar", xbar),
];
