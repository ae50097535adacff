/**
 * Aggregations fused with grouping: each kernel makes one pass over the
 * selected rows, accumulating into one slot per group (no per-group
 * vectors), with loops generated per element kind (see loops.ts). Null
 * rules follow q's aggregates: nulls are skipped; a group of only nulls
 * gives a null (a sum gives 0).
 *
 * @module
 */

import { NJ } from "../value/nulls.ts";
import type { TypedArray } from "../value/types.ts";
import { List, type Value, Vec } from "../value/value.ts";
import { gatherVec } from "./gather.ts";
import { release } from "../value/release.ts";
import type { Grouping } from "./group.ts";
import { groupStarts } from "./group.ts";
import { elemKind, loop, readable } from "./loops.ts";
import { passAgg, runPass, sumType } from "./pass.ts";

/** Rows of the table at each selected position (null: position = row). */
export type Rows = Int32Array | null;

/** A grouped aggregation: column values in, one value per group out. */
export type GroupedAgg = (args: Vec[], rows: Rows, g: Grouping, n: number) => Value;

/** Runs loop `name` over columns `xs` into accumulators (per group, or per row when `g` is null). */
function run(
  name: string,
  xs: Vec[],
  rows: Rows,
  g: Grouping | null,
  n: number,
  acc: [string, TypedArray][],
  body: string,
): void {
  const kinds = xs.map((x) => elemKind(x.a, x.t));
  const f = loop(name, kinds, rows !== null, acc.map(([a]) => a), body, g === null);
  f(...xs.map((x, j) => readable(x.a, kinds[j])), rows, g ? g.gid : null, n, ...acc.map(([, a]) => a));
}

/** A shared-pass aggregation run on its own; longs go to their exact kernels. */
function single(fn: string): GroupedAgg {
  return (xs, rows, g, n) => {
    const p = passAgg(fn, xs);
    if (p) return runPass([{ agg: p, cols: xs }], rows, g, n)[0];
    const x = xs[0];
    if (fn === "sum") return new Vec(sumType(x.t), sumLong(x.a as BigInt64Array, rows, g, n));
    return new Vec(x.t, minMaxLong(x.a as BigInt64Array, rows, g, n, fn === "min"));
  };
}

/** Exact wrapping long sums per group: add everything, then take the nulls back out. */
function sumLong(a: BigInt64Array, rows: Rows, g: Grouping, n: number): BigInt64Array {
  const s = new BigInt64Array(g.count), gid = g.gid;
  if (rows) { for (let k = 0; k < n; k++) s[gid[k]] += a[rows[k]]; }
  else for (let k = 0; k < n; k++) s[gid[k]] += a[k];
  const h = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k] : k;
    if (h[2 * i + 1] === -2147483648 && h[2 * i] === 0) s[gid[k]] -= NJ;
  }
  return s;
}

/** Exact long max or min per group; an all-null group gives -0W or 0W. */
function minMaxLong(a: BigInt64Array, rows: Rows, g: Grouping, n: number, isMin: boolean): BigInt64Array {
  const m = new BigInt64Array(g.count).fill(isMin ? -(NJ + 1n) : NJ + 1n), gid = g.gid;
  for (let k = 0; k < n; k++) {
    const v = a[rows ? rows[k] : k], j = gid[k];
    if (v !== NJ && (isMin ? v < m[j] : v > m[j])) m[j] = v;
  }
  return m;
}

function pick(last: boolean): GroupedAgg {
  return ([x], rows, g, n) => {
    const at = new Int32Array(g.count).fill(-1), gid = g.gid;
    for (let k = 0; k < n; k++) if (last || at[gid[k]] < 0) at[gid[k]] = rows ? rows[k] : k;
    return gatherVec(x, at);
  };
}

/** Per-group medians: each group's values scattered side by side as doubles (nulls NaN) in one pass, then selected. */
function median([x]: Vec[], rows: Rows, g: Grouping, n: number): Value {
  const start = groupStarts(g, n);
  const vals = new Float64Array(n), fill = start.slice(0, g.count);
  run("scatter", [x], rows, g, n, [["o", vals], ["fill", fill]], "o[fill[g]++] = ok0 ? v0 : NaN;");
  const out = new Float64Array(g.count);
  for (let j = 0; j < g.count; j++) out[j] = medianOf(vals, start[j], start[j + 1]);
  release(vals);
  return new Vec(9, out);
}

/** The median of `a[lo..hi)` ignoring NaN (nulls), reordering that segment in place; NaN when empty. */
export function medianOf(a: Float64Array, lo: number, hi: number): number {
  // move the NaNs to the end of the segment
  let end = hi;
  for (let i = lo; i < end; i++) {
    if (a[i] !== a[i]) {
      end--;
      const t = a[i];
      a[i] = a[end];
      a[end] = t;
      i--;
    }
  }
  const m = end - lo;
  if (m === 0) return NaN;
  const mid = lo + ((m - 1) >> 1);
  const lower = select(a, lo, end - 1, mid);
  if (m % 2) return lower;
  // the next larger value is the smallest of the part after mid
  let upper = Infinity;
  for (let i = mid + 1; i < end; i++) if (a[i] < upper) upper = a[i];
  return (lower + upper) / 2;
}

/** Reorders a[lo..hi] so a[k] holds the value that sorted order puts there (Hoare's quickselect). */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    // median of three as the pivot
    const m = (lo + hi) >> 1;
    let p = a[m];
    const x = a[lo], z = a[hi];
    if ((x < p) !== (x < z)) p = x;
    else if ((z < p) !== (z < x)) p = z;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * The `k` largest (desc) or smallest items of each group, in that order:
 * `k sublist desc x` per group. One pass keeps each group's best row
 * indices in a small sorted buffer; nulls rank below every value, as in
 * q's sort. Returns one vector per group.
 */
export function topRows(x: Vec, rows: Rows, g: Grouping, n: number, k: number, desc: boolean): Value {
  const m = g.count, best = new Int32Array(m * k), have = new Int32Array(m), gid = g.gid;
  // the key ranks rows best first; a null is the smallest item, as in q's sort
  const key = new Float64Array(n), sign = desc ? 1 : -1;
  run(
    desc ? "topdesc" : "topasc",
    [x],
    rows,
    null,
    n,
    [["key", key]],
    `key[g] = ok0 ? ${sign} * v0 : ${-sign} * Infinity;`,
  );
  keepBest(key, gid, n, k, best, have);
  const out = new Array<Value>(m);
  for (let j = 0; j < m; j++) {
    const at = best.subarray(j * k, j * k + have[j]);
    out[j] = gatherVec(x, rows ? at.map((p) => rows[p]) : at);
  }
  return new List(out);
}

/**
 * For each group, the positions of its `k` highest keys, highest first
 * (earlier rows first among equals), by insertion into a small sorted
 * buffer per group.
 */
function keepBest(key: Float64Array, gid: Int32Array, n: number, k: number, best: Int32Array, have: Int32Array): void {
  if (k === 0) return;
  // each group's kept keys, beside their positions (no random reads of key)
  const kept = new Float64Array(best.length);
  for (let p = 0; p < n; p++) {
    const j = gid[p], base = j * k, v = key[p];
    let c = have[j];
    if (c === k) {
      if (!(v > kept[base + k - 1])) continue;
      c = k - 1;
    } else have[j]++;
    while (c > 0 && v > kept[base + c - 1]) {
      best[base + c] = best[base + c - 1];
      kept[base + c] = kept[base + c - 1];
      c--;
    }
    best[base + c] = p;
    kept[base + c] = v;
  }
}

/** The aggregations computed in one pass with grouping, by keyword, with their argument count. */
export const GROUPED: ReadonlyMap<string, { arity: number; run: GroupedAgg }> = new Map([
  ...["count", "sum", "avg", "min", "max", "var", "svar", "dev", "sdev"].map((f) =>
    [f, { arity: 1, run: single(f) }] as const
  ),
  ...["wavg", "wsum", "cor", "cov", "scov"].map((f) => [f, { arity: 2, run: single(f) }] as const),
  ["first", { arity: 1, run: pick(false) }],
  ["last", { arity: 1, run: pick(true) }],
  ["med", { arity: 1, run: median }],
]);
