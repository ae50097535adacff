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
import { asF64 } from "../prim/convert.ts";
import { itemKeys } from "../prim/match.ts";
import { gradeUp } from "../prim/sort.ts";
import { gatherVec } from "./gather.ts";

/** Dense codes of one key column: `codes[i]` in [0, card), ordered as the values. */
export interface KeyCodes {
  codes: Int32Array;
  card: number;
  /** How the codes were made (shown by explain). */
  method: string;
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
    const codes = rangeCodes(col.a as Int32Array, rows, n);
    if (codes) return codes;
  }
  if (col instanceof Vec && (col.t === 7 || col.t === 12 || col.t === 16) && n > 0) {
    const codes = longRangeCodes(col.a as BigInt64Array, rows, n);
    if (codes) return codes;
  }
  return rankCodes(col, rows, n);
}

/** Long values spanning a small range: offsets from the minimum, computed on the low 32-bit words. */
function longRangeCodes(a: BigInt64Array, rows: Int32Array | null, n: number): KeyCodes | undefined {
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
  return { codes, card: Number(max - min) + 1, method: "integer range" };
}

/** Offsets from the minimum, when the values span a small range (two flat passes). */
function rangeCodes(a: Int32Array | Int16Array | Uint8Array, rows: Int32Array | null, n: number): KeyCodes | undefined {
  if (n === 0) return { codes: new Int32Array(0), card: 0, method: "empty" };
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
  return { codes, card: max - min + 1, method: "integer range" };
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
  return { codes, card: distinct.length, method: "symbol rank" };
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
  return { codes: local, card: firstRow.length, method: "hashed, ranked" };
}

function gatherRows(col: Value, idx: Int32Array): Value {
  if (col instanceof Vec) return gatherVec(col, idx);
  return new List(Array.from(idx, (i) => (col as List).a[i]));
}

/**
 * Groups `n` rows (positions 0..n-1 of the already-selected rows) by the
 * code tuples of the key columns. Group ids are ascending in key order.
 */
export function groupRows(keys: KeyCodes[], n: number): Grouping {
  let space = 1;
  for (const k of keys) space *= Math.max(k.card, 1);
  if (space <= DIRECT_LIMIT) return groupDirect(keys, n, space);
  return groupSorted(keys, n);
}

function groupDirect(keys: KeyCodes[], n: number, space: number): Grouping {
  let composite: Int32Array;
  if (keys.length === 1) composite = keys[0].codes;
  else {
    composite = new Int32Array(n);
    let stride = 1;
    for (let j = keys.length - 1; j >= 0; j--) {
      const c = keys[j].codes;
      for (let i = 0; i < n; i++) composite[i] += c[i] * stride;
      stride *= Math.max(keys[j].card, 1);
    }
  }
  const firstOf = new Int32Array(space).fill(-1);
  for (let i = 0; i < n; i++) if (firstOf[composite[i]] < 0) firstOf[composite[i]] = i;
  let count = 0;
  for (let s = 0; s < space; s++) if (firstOf[s] >= 0) count++;
  const method = `direct array over ${space} key combinations`;
  if (count === space) return { gid: composite, count, first: firstOf, method };
  // some combinations are absent: number the present ones in order
  const slot = new Int32Array(space);
  const first = new Int32Array(count);
  for (let s = 0, g = 0; s < space; s++) {
    if (firstOf[s] >= 0) {
      first[g] = firstOf[s];
      slot[s] = g++;
    }
  }
  const gid = new Int32Array(n);
  for (let i = 0; i < n; i++) gid[i] = slot[composite[i]];
  return { gid, count, first, method };
}

/** Widest counting-sort digit: adjacent keys are merged while their code space stays within it. */
const DIGIT_LIMIT = 1 << 17;

/** Adjacent keys merged into wider digits (fewer counting-sort passes, same order). */
function digits(keys: KeyCodes[], n: number): KeyCodes[] {
  const out: KeyCodes[] = [];
  let cur: KeyCodes | undefined;
  for (const k of keys) {
    if (cur && cur.card * k.card <= DIGIT_LIMIT) {
      const codes = new Int32Array(n), a = cur.codes, b = k.codes, card = k.card;
      for (let i = 0; i < n; i++) codes[i] = a[i] * card + b[i];
      cur = { codes, card: cur.card * card, method: "merged" };
    } else {
      if (cur) out.push(cur);
      cur = k;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Largest code space packed into one double (exact integers). */
const EXACT = 2 ** 53;

function groupSorted(allKeys: KeyCodes[], n: number): Grouping {
  const keys = digits(allKeys, n);
  let rest = 1;
  for (let j = 1; j < keys.length; j++) rest *= Math.max(keys[j].card, 1);
  if (keys.length > 1 && rest <= EXACT && keys[0].card <= DIRECT_LIMIT) return groupBuckets(keys, n);
  return groupRadix(keys, n);
}

/**
 * Rows bucketed by the first key (a counting sort, which keeps row order),
 * then grouped within each bucket by the other keys packed into one exact
 * double: each bucket sorts its distinct values natively (buckets are
 * small and stay in cache) and finds each row's group by binary search.
 */
function groupBuckets(keys: KeyCodes[], n: number): Grouping {
  const head = keys[0], h = head.codes;
  const start = new Int32Array(head.card + 1);
  for (let i = 0; i < n; i++) start[h[i] + 1]++;
  for (let c = 0; c < head.card; c++) start[c + 1] += start[c];
  const fill = start.slice(0, head.card), order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[h[i]]++] = i;
  // the other keys as one number per row
  const packed = new Float64Array(n);
  for (let j = 1; j < keys.length; j++) {
    const c = keys[j].codes, card = Math.max(keys[j].card, 1);
    for (let i = 0; i < n; i++) packed[i] = packed[i] * card + c[i];
  }
  const gid = new Int32Array(n);
  let first = new Int32Array(1024), groups = 0;
  for (let b = 0; b < head.card; b++) {
    const lo = start[b], hi = start[b + 1];
    if (lo === hi) continue;
    const vals = new Float64Array(hi - lo);
    for (let p = lo; p < hi; p++) vals[p - lo] = packed[order[p]];
    const sorted = vals.slice().sort();
    let m = 0;
    for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[m - 1]) sorted[m++] = sorted[k];
    if (groups + m > first.length) {
      const grown = new Int32Array(Math.max(groups + m, first.length * 2));
      grown.set(first);
      first = grown;
    }
    first.fill(-1, groups, groups + m);
    for (let p = lo; p < hi; p++) {
      const v = vals[p - lo];
      let a = 0, z = m - 1;
      while (a < z) {
        const mid = (a + z) >> 1;
        if (sorted[mid] < v) a = mid + 1;
        else z = mid;
      }
      const g = groups + a, row = order[p];
      gid[row] = g;
      if (first[g] < 0) first[g] = row; // rows of a bucket come in row order
    }
    groups += m;
  }
  return { gid, count: groups, first: first.slice(0, groups), method: "buckets by the first key, packed sort within" };
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
  return { gid, count: g + 1, first: Int32Array.from(firsts), method: "radix sort of key codes" };
}

function sameTuple(keys: KeyCodes[], a: number, b: number): boolean {
  for (const k of keys) if (k.codes[a] !== k.codes[b]) return false;
  return true;
}

/** Row positions of each group, group by group (counting sort by gid; rows keep their order). */
export function groupMembers(g: Grouping, n: number): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(g.count + 1);
  for (let i = 0; i < n; i++) start[g.gid[i] + 1]++;
  for (let k = 0; k < g.count; k++) start[k + 1] += start[k];
  const fill = start.slice(0, g.count);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[g.gid[i]]++] = i;
  return { order, start };
}

/** Float values of a numeric column, for aggregations that compute in doubles. */
export function floatValues(col: Value): Float64Array {
  if (!(col instanceof Vec)) return qerr("type", "expected a numeric column");
  return asF64(col) as Float64Array;
}
