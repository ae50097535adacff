/**
 * Grouping rows by key codes (src/qsql/group.ts): every strategy — direct
 * arrays, buckets by the first key with a packed sort inside, radix sort
 * of wide key tuples — must number groups in ascending key order and give
 * each group's first row, exactly as a naive sort of the distinct tuples.
 *
 * @module
 */

import assert from "node:assert/strict";
import { groupRows, type KeyCodes } from "../src/qsql/group.ts";
import { rng } from "./_rng.ts";

/** The naive grouping: distinct tuples sorted, each row's rank, each group's first row. */
function naive(keys: KeyCodes[], n: number): { gid: number[]; first: number[] } {
  const tuple = (i: number) => keys.map((k) => k.codes[i]);
  const distinct = [...new Set(Array.from({ length: n }, (_, i) => tuple(i).join(",")))].map((s) =>
    s.split(",").map(Number)
  );
  distinct.sort((a, b) => {
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return 0;
  });
  const rank = new Map(distinct.map((t, j) => [t.join(","), j]));
  const gid = Array.from({ length: n }, (_, i) => rank.get(tuple(i).join(","))!);
  const first = new Array<number>(distinct.length).fill(-1);
  gid.forEach((g, i) => first[g] < 0 && (first[g] = i));
  return { gid, first };
}

Deno.test("grouping by 1 to 4 keys of every size agrees with a naive sort (300 random cases)", () => {
  const r = rng(7);
  const methods = new Set<string>();
  for (let trial = 0; trial < 300; trial++) {
    const n = Math.floor(r() * 3000);
    const nk = 1 + Math.floor(r() * 4);
    // cards from tiny to huge, so every strategy is chosen somewhere
    const cards = Array.from({ length: nk }, () => [2, 50, 3000, 200000, 1 << 22][Math.floor(r() * 5)]);
    const keys: KeyCodes[] = cards.map((card) => {
      const used = Math.min(card, 1 + Math.floor(r() * 60)); // few distinct values, spread over the range
      const vals = Array.from({ length: used }, () => Math.floor(r() * card));
      return { codes: Int32Array.from({ length: n }, () => vals[Math.floor(r() * used)]), card, method: "" };
    });
    const g = groupRows(keys, n);
    methods.add(g.method.replace(/\d+/g, "N"));
    const want = naive(keys, n);
    assert.equal(g.count, want.first.length, `case ${trial}: group count (${g.method})`);
    assert.deepEqual(Array.from(g.gid.subarray(0, n)), want.gid, `case ${trial}: group ids (${g.method})`);
    assert.deepEqual(Array.from(g.first), want.first, `case ${trial}: first rows (${g.method})`);
  }
  for (const m of ["direct array", "buckets by the first key", "radix sort"]) {
    assert.ok([...methods].some((x) => x.includes(m)), `strategy "${m}" was exercised (${[...methods].join("; ")})`);
  }
});
