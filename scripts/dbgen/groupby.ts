/**
 * The db-benchmark groupby data, `G1_<N>_<K>_0_0`, as R's
 * `_data/groupby-datagen.R` makes it with `set.seed(108)` (no NAs,
 * unsorted): the same random draws in the same order, so the rows are
 * identical to the published files.
 *
 * @module
 */

import { RRandom } from "./r_rng.ts";

/** The groupby table's columns. id1..id3 index into their label lists (1-based). */
export interface GroupbyData {
  n: number;
  k: number;
  id1: Int32Array;
  id2: Int32Array;
  id3: Int32Array;
  id4: Int32Array;
  id5: Int32Array;
  id6: Int32Array;
  v1: Int32Array;
  v2: Int32Array;
  v3: Float64Array;
}

/** Draws the columns of `G1_<n>_<k>_0_0`. */
export function groupby(n: number, k: number): GroupbyData {
  const r = new RRandom(108);
  return {
    n,
    k,
    id1: r.sampleReplace(k, n),
    id2: r.sampleReplace(k, n),
    id3: r.sampleReplace(n / k, n),
    id4: r.sampleReplace(k, n),
    id5: r.sampleReplace(k, n),
    id6: r.sampleReplace(n / k, n),
    v1: r.sampleReplace(5, n),
    v2: r.sampleReplace(15, n),
    v3: r.runif6(n, 100),
  };
}

/** The label of id1/id2 value `i` (`id001`…) and of id3 (`id0000000001`…). */
export function label(i: number, width: number): string {
  return "id" + String(i).padStart(width, "0");
}
