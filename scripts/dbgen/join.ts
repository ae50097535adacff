/**
 * The db-benchmark join data, `J1_<N>_NA_0_0` and its three right-hand
 * tables, as R's `_data/join-datagen.R` makes them with `set.seed(108)`
 * (no NAs, unsorted), draw for draw.
 *
 * @module
 */

import { RRandom } from "./r_rng.ts";

/** Keys split into both-sides (x), left-only (l) and right-only (r). */
interface Keys {
  x: Int32Array;
  l: Int32Array;
  r: Int32Array;
}

/** One table's integer id columns and its value column. */
export interface JoinTable {
  ids: Int32Array[];
  v: Float64Array;
}

/** The left table and the small, medium and big right tables. */
export interface JoinData {
  x: JoinTable;
  small: JoinTable;
  medium: JoinTable;
  big: JoinTable;
}

function splitXlr(r: RRandom, n: number): Keys {
  const key = r.sampleNoReplace(Math.round(n * 1.1));
  const a = Math.round(n * 0.9);
  return { x: key.subarray(0, a), l: key.subarray(a, n), r: key.subarray(n, Math.round(n * 1.1)) };
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** `sample_all(x, size)`: every key once plus draws with replacement, shuffled. */
function sampleAll(r: RRandom, x: Int32Array, size: number): Int32Array {
  const extra = r.sampleReplace(x.length, Math.max(size - x.length, 0));
  const y = new Int32Array(x.length + extra.length);
  y.set(x);
  for (let i = 0; i < extra.length; i++) y[x.length + i] = x[extra[i] - 1];
  const perm = r.sampleNoReplace(y.length);
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[perm[i] - 1];
  return out;
}

/** Draws the join data for `n` left rows (n ≥ 1e7 in the benchmark). */
export function joinData(n: number): JoinData {
  const r = new RRandom(108);
  const key1 = splitXlr(r, n / 1e6), key2 = splitXlr(r, n / 1e3), key3 = splitXlr(r, n);
  const left = (k: Keys) => concat(k.x, k.l), right = (k: Keys) => concat(k.x, k.r);
  const x: JoinTable = {
    ids: [sampleAll(r, left(key1), n), sampleAll(r, left(key2), n), sampleAll(r, left(key3), n)],
    v: new Float64Array(0),
  };
  x.v = r.runif6(n, 100);
  const small: JoinTable = { ids: [sampleAll(r, right(key1), n / 1e6)], v: new Float64Array(0) };
  small.v = r.runif6(n / 1e6, 100);
  const medium: JoinTable = {
    ids: [sampleAll(r, right(key1), n / 1e3), sampleAll(r, right(key2), n / 1e3)],
    v: new Float64Array(0),
  };
  medium.v = r.runif6(n / 1e3, 100);
  const big: JoinTable = {
    ids: [sampleAll(r, right(key1), n), sampleAll(r, right(key2), n), sampleAll(r, right(key3), n)],
    v: new Float64Array(0),
  };
  big.v = r.runif6(n, 100);
  return { x, small, medium, big };
}
