/**
 * Grouping rows by the values of key columns, in the order q returns
 * groups (ascending by key).
 *
 * Each key column is first turned into order-preserving dense codes
 * (symbols ranked by name, small-range integers offset from their minimum,
 * other types ranked by sorting their distinct values). When the product
 * of the key cardinalities is small, a row's group is its composite code
 * directly (one pass, no hashing); otherwise rows are sorted by their code
 * tuple with an LSD radix sort (one counting sort per key) and groups are
 * runs of equal tuples. Either way group ids come out in key order.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { compareSyms, symCount } from "../value/sym.ts";
import { List, type Value, Vec } from "../value/value.ts";
import { ctorOf } from "../value/types.ts";
import { asF64 } from "../prim/convert.ts";
import { itemKeys } from "../prim/match.ts";
import { gradeUp } from "../prim/sort.ts";
import { gatherVec } from "./gather.ts";
import { chunked } from "./loops.ts";
import { release } from "../value/release.ts";

/** Dense codes of one key column: `codes[i]` in [0, card), ordered as the values. */
export interface KeyCodes {
  codes: Int32Array;
  card: number;
  /** How the codes were made (shown by explain). */
  method: string;
  /** The values that codes stand for (where the coding can say). */
  values?: (codes: Int32Array) => Value;
  /** Every code in [0, card) occurs (codes ranked from the values present). */
  dense?: boolean;
}

/** The grouping of rows. */
export interface Grouping {
  /** Group of each row (rows outside `rows` are unused). */
  gid: Int32Array;
  /** Number of groups. */
  count: number;
  /** One row of each group (its first), in group order. */
  first: Int32Array;
  /** How rows were grouped (shown by explain). */
  method: string;
  /** The rows of each group, when grouping produced them on the way (see groupMembers). */
  members?: Members;
  /** Each key's code for each group, when asked for (see groupRows). */
  codes?: Int32Array[];
}

/** Row positions of each group, group by group: group g's are `order[start[g]..start[g+1])`, ascending. */
export interface Members {
  order: Int32Array;
  start: Int32Array;
}

/** Largest composite key space grouped by direct addressing. */
const DIRECT_LIMIT = 1 << 24;
/** Largest integer range coded by offset (beyond it, distinct values are ranked). */
const RANGE_LIMIT = 1 << 22;

/** Codes of whole columns, kept while the column value lives (values never change in place). */
const codeCache = new WeakMap<Value, KeyCodes>();

/** Order-preserving dense codes for a key column's values at `rows` (all rows when null). */
export function keyCodes(col: Value, rows: Int32Array | null): KeyCodes {
  if (rows) return computeCodes(col, rows);
  let c = codeCache.get(col);
  if (!c) codeCache.set(col, c = computeCodes(col, null));
  return c;
}

function computeCodes(col: Value, rows: Int32Array | null): KeyCodes {
  const n = rows ? rows.length : countOf(col);
  if (col instanceof Vec && col.t === 11) return symCodes(col.a as Int32Array, rows, n);
  if (
    col instanceof Vec &&
    (col.t === 1 || col.t === 4 || col.t === 5 || col.t === 6 || (col.t >= 13 && col.t <= 19 && col.t !== 15) ||
      col.t === 10)
  ) {
    const codes = rangeCodes(col.a as Int32Array, rows, n, col.t);
    if (codes) return codes;
  }
  if (col instanceof Vec && (col.t === 7 || col.t === 12 || col.t === 16) && n > 0) {
    const codes = longRangeCodes(col.a as BigInt64Array, rows, n, col.t);
    if (codes) return codes;
  }
  return rankCodes(col, rows, n);
}

/** Long values spanning a small range: offsets from the minimum, computed on the low 32-bit words. */
function longRangeCodes(a: BigInt64Array, rows: Int32Array | null, n: number, t: number): KeyCodes | undefined {
  let min = a[rows ? rows[0] : 0], max = min, at = rows ? rows[0] : 0;
  for (let k = 1; k < n; k++) {
    const i = rows ? rows[k] : k, v = a[i];
    if (v < min) {
      min = v;
      at = i;
    }
    if (v > max) max = v;
  }
  if (max - min >= BigInt(RANGE_LIMIT)) return undefined;
  // every difference is below 2^22, so it equals the difference of the low words modulo 2^32
  const h = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
  const lo = h[2 * at];
  const codes = new Int32Array(n);
  if (rows) { for (let k = 0; k < n; k++) codes[k] = (h[2 * rows[k]] - lo) | 0; }
  else for (let k = 0; k < n; k++) codes[k] = (h[2 * k] - lo) | 0;
  const minLo = lo >>> 0, minHi = h[2 * at + 1];
  const values = (c: Int32Array) => {
    const out = new BigInt64Array(c.length), w = new Int32Array(out.buffer);
    for (let j = 0; j < c.length; j++) {
      const sum = minLo + c[j];
      w[2 * j] = sum | 0;
      w[2 * j + 1] = sum >= 4294967296 ? minHi + 1 : minHi;
    }
    return new Vec(t, out);
  };
  return { codes, card: Number(max - min) + 1, method: "integer range", values };
}

/** Offsets from the minimum, when the values span a small range (two flat passes). */
function rangeCodes(
  a: Int32Array | Int16Array | Uint8Array,
  rows: Int32Array | null,
  n: number,
  t: number,
): KeyCodes | undefined {
  if (n === 0) return { codes: new Int32Array(0), card: 0, method: "empty", values: () => new Vec(t, a.slice(0, 0)) };
  let min = a[rows ? rows[0] : 0], max = min;
  if (rows) {
    for (let k = 1; k < n; k++) {
      const v = a[rows[k]];
      min = v < min ? v : min;
      max = v > max ? v : max;
    }
  } else {
    for (let k = 1; k < n; k++) {
      const v = a[k];
      min = v < min ? v : min;
      max = v > max ? v : max;
    }
  }
  if (max - min >= RANGE_LIMIT) return undefined;
  const codes = new Int32Array(n);
  if (rows) { for (let k = 0; k < n; k++) codes[k] = a[rows[k]] - min; }
  else for (let k = 0; k < n; k++) codes[k] = a[k] - min;
  const values = (c: Int32Array) => {
    const out = new (ctorOf(t))(c.length) as Int32Array;
    for (let j = 0; j < c.length; j++) out[j] = c[j] + min;
    return new Vec(t, out);
  };
  return { codes, card: max - min + 1, method: "integer range", values };
}

function countOf(col: Value): number {
  if (col instanceof Vec) return col.n;
  if (col instanceof List) return col.a.length;
  return qerr("type", "a group key must be a list");
}

/** Symbols: distinct ids ranked by name, through a direct array over the symbol table. */
function symCodes(ids: Int32Array, rows: Int32Array | null, n: number): KeyCodes {
  const slot = new Int32Array(symCount());
  // pass 1: mark the ids present
  if (rows) { for (let k = 0; k < n; k++) slot[ids[rows[k]]] = 1; }
  else for (let k = 0; k < n; k++) slot[ids[k]] = 1;
  const distinct: number[] = [];
  for (let v = 0; v < slot.length; v++) if (slot[v]) distinct.push(v);
  distinct.sort(compareSyms);
  for (let r = 0; r < distinct.length; r++) slot[distinct[r]] = r;
  // pass 2: each row's rank
  const codes = new Int32Array(n);
  if (rows) { for (let k = 0; k < n; k++) codes[k] = slot[ids[rows[k]]]; }
  else for (let k = 0; k < n; k++) codes[k] = slot[ids[k]];
  const values = (c: Int32Array) => gatherVec(new Vec(11, Int32Array.from(distinct)), c);
  return { codes, card: distinct.length, method: "symbol rank", values, dense: true };
}

/** Any other type: hash to first occurrences, rank the distinct values by sorting them. */
function rankCodes(col: Value, rows: Int32Array | null, n: number): KeyCodes {
  const keys = itemKeys(col);
  const pos = new Map<unknown, number>();
  const firstRow: number[] = [];
  const local = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const key = keys[rows ? rows[k] : k];
    let g = pos.get(key);
    if (g === undefined) {
      g = firstRow.length;
      pos.set(key, g);
      firstRow.push(rows ? rows[k] : k);
    }
    local[k] = g;
  }
  const distinctVals = gatherRows(col, Int32Array.from(firstRow));
  const order = gradeUp(distinctVals);
  const rank = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  for (let k = 0; k < n; k++) local[k] = rank[local[k]];
  const sorted = gatherRows(distinctVals, order);
  // floats equal as keys may differ as values (0 and -0): their key values come from each group's own first row
  const float = col instanceof Vec && (col.a instanceof Float64Array || col.a instanceof Float32Array);
  const values = float ? undefined : (c: Int32Array) => gatherRows(sorted, c);
  return { codes: local, card: firstRow.length, method: "hashed, ranked", values, dense: true };
}

function gatherRows(col: Value, idx: Int32Array): Value {
  if (col instanceof Vec) return gatherVec(col, idx);
  return new List(Array.from(idx, (i) => (col as List).a[i]));
}

/**
 * Groups `n` rows (positions 0..n-1 of the already-selected rows) by the
 * code tuples of the key columns. Group ids are ascending in key order.
 */
export function groupRows(keys: KeyCodes[], n: number, withCodes = false): Grouping {
  let space = 1;
  for (const k of keys) space *= Math.max(k.card, 1);
  const g = space <= DIRECT_LIMIT ? groupDirect(keys, n, space, withCodes) : groupSorted(keys, n, withCodes);
  if (withCodes && !g.codes) g.codes = keys.map((k) => gatherCodes(k.codes, g.first));
  return g;
}

function gatherCodes(codes: Int32Array, at: Int32Array): Int32Array {
  return gatherVec(new Vec(6, codes), at).a as Int32Array;
}

/** Cards of keys as radixes (an empty key counts 1). */
function radixes(keys: KeyCodes[]): number[] {
  return keys.map((k) => Math.max(k.card, 1));
}

function groupDirect(keys: KeyCodes[], n: number, space: number, withCodes: boolean): Grouping {
  if (keys.length === 1 && keys[0].dense) return groupDense(keys[0], n, withCodes);
  let composite = keys[0].codes;
  for (let j = 1; j < keys.length; j++) {
    const next = new Int32Array(n);
    const prev = composite, card = Math.max(keys[j].card, 1), codes = keys[j].codes;
    chunked(n, (a, z) => combine(next, prev, card, codes, a, z));
    if (j > 1) release(composite);
    composite = next;
  }
  const firstOf = new Int32Array(space).fill(-1);
  let count = 0;
  chunked(n, (a, z) => count += firstRows(firstOf, composite, a, z));
  const method = `direct array over ${space} key combinations`;
  const codes = withCodes ? keys.map(() => new Int32Array(count)) : undefined, cards = radixes(keys);
  if (count === space) {
    if (codes) { for (let g = 0; g < count; g++) split(g, cards, codes, 0, keys.length, g); }
    return { gid: composite, count, first: firstOf, method, codes };
  }
  // some combinations are absent: number the present ones in order
  const slot = new Int32Array(space);
  const first = new Int32Array(count);
  for (let s = 0, g = 0; s < space; s++) {
    if (firstOf[s] >= 0) {
      first[g] = firstOf[s];
      if (codes) split(s, cards, codes, 0, keys.length, g);
      slot[s] = g++;
    }
  }
  const gid = new Int32Array(n);
  chunked(n, (a, z) => lookup(gid, slot, composite, a, z));
  release(firstOf, slot);
  if (composite !== keys[0].codes) release(composite);
  return { gid, count, first, method, codes };
}

/**
 * One key whose codes are all present: its codes are the group ids, with
 * no pass over the rows; the first row of each group is found only if
 * asked for.
 */
function groupDense(key: KeyCodes, n: number, withCodes: boolean): Grouping {
  const count = key.card, gid = key.codes;
  let first: Int32Array | undefined;
  const codes = withCodes ? [Int32Array.from({ length: count }, (_, g) => g)] : undefined;
  return {
    gid,
    count,
    get first() {
      if (!first) {
        const firstOf = new Int32Array(count).fill(-1);
        chunked(n, (a, z) => firstRows(firstOf, gid, a, z));
        first = firstOf;
      }
      return first;
    },
    method: "key codes as group ids",
    codes,
  };
}

/** Widest counting-sort digit: adjacent keys are merged while their code space stays within it. */
const DIGIT_LIMIT = 1 << 17;

/**
 * Adjacent keys merged into wider digits (fewer counting-sort passes, same
 * order), and how many keys the first digit merged.
 */
function digits(keys: KeyCodes[], n: number): { digits: KeyCodes[]; inHead: number } {
  const out: KeyCodes[] = [];
  let cur: KeyCodes | undefined, inHead = 0;
  for (const k of keys) {
    if (cur && cur.card * k.card <= DIGIT_LIMIT) {
      const codes = new Int32Array(n);
      const hi = cur.codes;
      chunked(n, (a, z) => combine(codes, hi, k.card, k.codes, a, z));
      cur = { codes, card: cur.card * k.card, method: "merged" };
    } else {
      if (cur) out.push(cur);
      cur = k;
    }
    if (out.length === 0) inHead++;
  }
  if (cur) out.push(cur);
  return { digits: out, inHead };
}

/** Largest code space packed into one double (exact integers). */
const EXACT = 2 ** 53;

function groupSorted(allKeys: KeyCodes[], n: number, withCodes: boolean): Grouping {
  const { digits: keys, inHead } = digits(allKeys, n);
  let rest = 1;
  for (let j = 1; j < keys.length; j++) rest *= Math.max(keys[j].card, 1);
  const g = keys.length > 1 && rest <= EXACT && keys[0].card <= DIRECT_LIMIT
    ? groupBuckets(keys, n, rest, withCodes ? { cards: radixes(allKeys), inHead } : null)
    : groupRadix(keys, n);
  for (const k of keys) if (!allKeys.includes(k)) release(k.codes);
  return g;
}

/**
 * Rows bucketed by the first key (a counting sort, which keeps row order),
 * then grouped within each bucket by the other keys packed into one
 * number. Each row becomes a 64-bit word, that number above the row's
 * place in its bucket, written through 32-bit halves (no BigInt per row);
 * each bucket's words are sorted natively (buckets are small and stay in
 * cache), which puts equal keys together, in key order, rows in row order.
 * The sorted rows are the groups' members, kept for the aggregations; each
 * group's word holds its key codes, which are read back when `tuple` (the
 * original keys' cards, and how many of them the first digit merged) asks.
 * Falls back to the radix sort when the words would not fit in 64 bits.
 */
function groupBuckets(
  keys: KeyCodes[],
  n: number,
  rest: number,
  tuple: { cards: number[]; inHead: number } | null,
): Grouping {
  const head = keys[0], h = head.codes, buckets = head.card;
  const bucketStart = new Int32Array(buckets + 1);
  chunked(n, (a, z) => countInto(bucketStart, h, a, z));
  let widest = 1;
  for (let c = 0; c < buckets; c++) {
    widest = Math.max(widest, bucketStart[c + 1]);
    bucketStart[c + 1] += bucketStart[c];
  }
  const bits = Math.max(1, Math.ceil(Math.log2(widest)));
  if (rest * 2 ** bits > 2 ** 64) return groupRadix(keys, n);
  // the other keys as one number per row
  const packed = new Float64Array(n);
  for (let j = 1; j < keys.length; j++) {
    const card = Math.max(keys[j].card, 1), codes = keys[j].codes;
    chunked(n, (a, z) => combineF(packed, card, codes, a, z));
  }
  // scatter each row's word (packed value, place in bucket) and the row itself into its bucket
  const words = new BigUint64Array(n), half = new Uint32Array(words.buffer);
  const placeOf = new Int32Array(n), fill = bucketStart.slice(0, buckets);
  chunked(n, (a, z) => scatterWords(half, placeOf, fill, bucketStart, h, packed, bits, a, z));
  const order = new Int32Array(n), gid = new Int32Array(n);
  let start: Int32Array = new Int32Array(1024), groups = 0;
  const groupsBefore = new Int32Array(buckets + 1);
  for (let b = 0; b < buckets; b++) {
    const lo = bucketStart[b], hi = bucketStart[b + 1];
    groupsBefore[b] = groups;
    if (lo === hi) continue;
    words.subarray(lo, hi).sort();
    if (groups + hi - lo > start.length) start = grow(start, groups + hi - lo);
    groups = walkBucket(half, placeOf, lo, hi, bits, order, gid, start, groups);
  }
  groupsBefore[buckets] = groups;
  const starts = new Int32Array(groups + 1);
  starts.set(start.subarray(0, groups));
  starts[groups] = n;
  let codes: Int32Array[] | undefined;
  if (tuple) {
    const { cards, inHead } = tuple, low = 2 ** (32 - bits);
    codes = cards.map(() => new Int32Array(groups));
    for (let b = 0; b < buckets; b++) {
      for (let g = groupsBefore[b]; g < groupsBefore[b + 1]; g++) {
        const p = starts[g];
        split(b, cards, codes, 0, inHead, g);
        split(half[2 * p + 1] * low + (half[2 * p] >>> bits), cards, codes, inHead, cards.length, g);
      }
    }
  }
  const first = new Int32Array(groups);
  for (let g = 0; g < groups; g++) first[g] = order[starts[g]];
  release(packed, words, placeOf, start);
  const method = "buckets by the first key, 64-bit sort within";
  return { gid, count: groups, first, method, members: { order, start: starts }, codes };
}

/** A copy at least twice as long and holding `need`. */
function grow(a: Int32Array, need: number): Int32Array {
  const out = new Int32Array(Math.max(need, a.length * 2));
  out.set(a);
  return out;
}

function groupRadix(keys: KeyCodes[], n: number): Grouping {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let tmp = new Int32Array(n);
  // LSD radix: stable counting sort by each key from the last to the first
  for (let j = keys.length - 1; j >= 0; j--) {
    const { codes, card } = keys[j];
    const counts = new Int32Array(card + 1);
    for (let i = 0; i < n; i++) counts[codes[order[i]] + 1]++;
    for (let c = 0; c < card; c++) counts[c + 1] += counts[c];
    for (let i = 0; i < n; i++) tmp[counts[codes[order[i]]]++] = order[i];
    [order, tmp] = [tmp, order];
  }
  release(tmp);
  const gid = new Int32Array(n);
  const firsts: number[] = [];
  let g = -1;
  for (let p = 0; p < n; p++) {
    const i = order[p];
    if (p === 0 || !sameTuple(keys, i, order[p - 1])) {
      g++;
      firsts.push(i);
    }
    gid[i] = g;
  }
  release(order);
  return { gid, count: g + 1, first: Int32Array.from(firsts), method: "radix sort of key codes" };
}

function sameTuple(keys: KeyCodes[], a: number, b: number): boolean {
  for (const k of keys) if (k.codes[a] !== k.codes[b]) return false;
  return true;
}

/**
 * Frees what a grouping made for itself (its group ids unless they are a
 * key's own codes, its members), for a caller done with it and with
 * everything read from it.
 */
export function releaseGrouping(g: Grouping, keys: KeyCodes[]): void {
  if (!keys.some((k) => k.codes === g.gid)) release(g.gid);
  if (g.members) release(g.members.order);
}

/** The members the grouping kept, when they cover exactly the first `n` rows (joins group two tables, ask for one). */
function kept(g: Grouping, n: number): Members | undefined {
  return g.members && g.members.order.length === n ? g.members : undefined;
}

/** Where each group's rows start when rows are laid out group by group (`count + 1` offsets; read, never written). */
export function groupStarts(g: Grouping, n: number): Int32Array {
  const members = kept(g, n);
  if (members) return members.start;
  const start = new Int32Array(g.count + 1);
  chunked(n, (a, z) => countInto(start, g.gid, a, z));
  for (let k = 0; k < g.count; k++) start[k + 1] += start[k];
  return start;
}

/** Row positions of each group, group by group (counting sort by gid; rows keep their order). */
export function groupMembers(g: Grouping, n: number): Members {
  const members = kept(g, n);
  if (members) return members;
  const start = groupStarts(g, n);
  const fill = start.slice(0, g.count);
  const order = new Int32Array(n);
  chunked(n, (a, z) => placeRows(order, fill, g.gid, a, z));
  return { order, start };
}

// ------------------------------------------------------------------ kernels
// Each loop is a function of its own over rows [a, z), called over chunks
// of rows (see CHUNK in loops.ts): V8 then optimises it whole after a few
// calls, where a loop inside a long function runs unoptimised on each call
// until on-stack replacement, and again after any deoptimisation.

/** `out[i] = hi[i] * card + lo[i]`: two codes as one, the first major. */
function combine(out: Int32Array, hi: Int32Array, card: number, lo: Int32Array, a: number, z: number): void {
  for (let i = a; i < z; i++) out[i] = hi[i] * card + lo[i];
}

/** `acc[i] = acc[i] * card + lo[i]` in doubles (exact below 2^53). */
function combineF(acc: Float64Array, card: number, lo: Int32Array, a: number, z: number): void {
  for (let i = a; i < z; i++) acc[i] = acc[i] * card + lo[i];
}

/** Counts of each code, at `count[code + 1]` (to become start offsets). */
function countInto(count: Int32Array, codes: Int32Array, a: number, z: number): void {
  for (let i = a; i < z; i++) count[codes[i] + 1]++;
}

/** The first row of each composite code (`firstOf` starts all -1); returns how many codes were new. */
function firstRows(firstOf: Int32Array, composite: Int32Array, a: number, z: number): number {
  let count = 0;
  for (let i = a; i < z; i++) {
    const c = composite[i];
    if (firstOf[c] < 0) {
      firstOf[c] = i;
      count++;
    }
  }
  return count;
}

/** `out[i] = table[codes[i]]`. */
function lookup(out: Int32Array, table: Int32Array, codes: Int32Array, a: number, z: number): void {
  for (let i = a; i < z; i++) out[i] = table[codes[i]];
}

/** A counting sort's placement: row i goes to `fill[codes[i]]++`, keeping row order within a code. */
function placeRows(order: Int32Array, fill: Int32Array, codes: Int32Array, a: number, z: number): void {
  for (let i = a; i < z; i++) order[fill[codes[i]]++] = i;
}

/**
 * Each row's 64-bit word (`packed` value above its place in its bucket,
 * as 32-bit halves) at its bucket position, and the row at `placeOf`.
 */
function scatterWords(
  half: Uint32Array,
  placeOf: Int32Array,
  fill: Int32Array,
  bucketStart: Int32Array,
  h: Int32Array,
  packed: Float64Array,
  bits: number,
  a: number,
  z: number,
): void {
  const low = 2 ** (32 - bits), scale = 2 ** bits;
  for (let i = a; i < z; i++) {
    const b = h[i], p = fill[b]++, v = packed[i];
    half[2 * p] = (v % low) * scale + (p - bucketStart[b]);
    half[2 * p + 1] = Math.floor(v / low);
    placeOf[p] = i;
  }
}

/**
 * Writes group g's codes of keys `lo..hi-1` from `value`, their tuple as
 * one mixed-radix number (the last key minor; exact below 2^53).
 */
function split(value: number, cards: number[], out: Int32Array[], lo: number, hi: number, g: number): void {
  for (let j = hi - 1; j >= lo; j--) {
    const c = cards[j];
    let q = Math.floor(value / c), r = value - q * c;
    // the quotient of doubles may round across an integer
    if (r < 0) {
      q--;
      r += c;
    } else if (r >= c) {
      q++;
      r -= c;
    }
    out[j][g] = r;
    value = q;
  }
}

/** Walks a sorted bucket: each new word starts a group; fills order and gid; returns the group count. */
function walkBucket(
  half: Uint32Array,
  placeOf: Int32Array,
  lo: number,
  hi: number,
  bits: number,
  order: Int32Array,
  gid: Int32Array,
  start: Int32Array,
  groups: number,
): number {
  const mask = 2 ** bits - 1;
  let prevHi = -1, prevLo = -1;
  for (let p = lo; p < hi; p++) {
    const wLo = half[2 * p], wHi = half[2 * p + 1], key = wLo >>> bits;
    const row = placeOf[lo + (wLo & mask)];
    if (wHi !== prevHi || key !== prevLo) {
      start[groups++] = p;
      prevHi = wHi;
      prevLo = key;
    }
    order[p] = row;
    gid[row] = groups - 1;
  }
  return groups;
}

/** Float values of a numeric column, for aggregations that compute in doubles. */
export function floatValues(col: Value): Float64Array {
  if (!(col instanceof Vec)) return qerr("type", "expected a numeric column");
  return asF64(col) as Float64Array;
}
