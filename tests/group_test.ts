/**
 * Grouping rows by key codes (src/qsql/group.ts): every strategy — direct
 * arrays, buckets by the first key with a packed sort inside, radix sort
 * of wide key tuples — must number groups in ascending key order and give
 * each group's first row, its rows and its key codes, exactly as a naive
 * sort of the distinct tuples.
 *
 * @module
 */

import assert from "node:assert/strict";
import { groupMembers, groupRows, type KeyCodes, keyCodes } from "../src/qsql/group.ts";
import { intern } from "../src/value/sym.ts";
import { count, List, str, type Value, Vec } from "../src/value/value.ts";
import { gather } from "../src/prim/list.ts";
import { match } from "../src/prim/match.ts";
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
    const g = groupRows(keys, n, true);
    methods.add(g.method.replace(/\d+/g, "N"));
    const want = naive(keys, n);
    assert.equal(g.count, want.first.length, `case ${trial}: group count (${g.method})`);
    assert.deepEqual(Array.from(g.gid.subarray(0, n)), want.gid, `case ${trial}: group ids (${g.method})`);
    assert.deepEqual(Array.from(g.first), want.first, `case ${trial}: first rows (${g.method})`);
    // each group's key codes, whichever way the grouping found them
    keys.forEach((k, j) =>
      assert.deepEqual(Array.from(g.codes![j]), want.first.map((i) => k.codes[i]), `case ${trial}: codes of key ${j}`)
    );
    // members, whether the grouping kept them or they are counted out: each group's rows, ascending
    const { order, start } = groupMembers(g, n);
    const rowsOf = want.first.map(() => [] as number[]);
    want.gid.forEach((x, i) => rowsOf[x].push(i));
    let at = 0;
    assert.deepEqual(Array.from(start), [0, ...rowsOf.map((r) => (at += r.length))]);
    assert.deepEqual(Array.from(order), rowsOf.flat(), `case ${trial}: members (${g.method})`);
  }
  for (const m of ["direct array", "buckets by the first key", "radix sort"]) {
    assert.ok([...methods].some((x) => x.includes(m)), `strategy "${m}" was exercised (${[...methods].join("; ")})`);
  }
});

Deno.test("each key coding's values reproduce the column's items from their codes", () => {
  const r = rng(11);
  const pick = <T>(xs: T[]) => Array.from({ length: 500 }, () => xs[Math.floor(r() * xs.length)]);
  const cols: Value[] = [
    new Vec(11, Int32Array.from(pick(["b", "a", "zz", "c"]).map(intern))), // symbol rank
    new Vec(6, Int32Array.from(pick([5, -3, 70, 0, -2147483648]))), // int range (with null)
    new Vec(5, Int16Array.from(pick([1, 2, -32768, 9]))), // short range
    new Vec(1, Uint8Array.from(pick([0, 1]))), // booleans
    new Vec(14, Int32Array.from(pick([9000, 9001, 8000]))), // dates
    new Vec(7, BigInt64Array.from(pick([2n ** 32n - 3n, 2n ** 32n + 4n, 2n ** 32n]))), // long range across a word
    new Vec(7, BigInt64Array.from(pick([-2n, 1n, 3n]))), // long range across zero
    new Vec(7, BigInt64Array.from(pick([1n, 2n ** 50n, -9223372036854775808n]))), // longs ranked
    new Vec(9, Float64Array.from(pick([1.5, -0.25, NaN, 1e300]))), // floats ranked
    new List(pick(["ab", "c", ""]).map((s) => str(s))), // strings ranked
  ];
  const methods = new Set<string>();
  for (const col of cols) {
    for (const rows of [null, Int32Array.from({ length: 100 }, (_, k) => 3 * k + 1)]) {
      const k = keyCodes(col, rows);
      methods.add(k.method);
      // float keys take their values from each group's first row (0 and -0 are one key)
      if (col instanceof Vec && col.t === 9) {
        assert.equal(k.values, undefined);
        continue;
      }
      assert.ok(k.values, `${k.method} gives values`);
      const at = rows ?? Int32Array.from({ length: count(col) }, (_, i) => i);
      assert.ok(match(k.values(k.codes), gather(col, at)), `${k.method}: values of all codes`);
    }
  }
  assert.deepEqual([...methods].sort(), ["hashed, ranked", "integer range", "symbol rank"]);
});

Deno.test("a single symbol or ranked key groups by its codes, and finds first rows only when asked", () => {
  const r = rng(5);
  for (
    const col of [
      new Vec(11, Int32Array.from({ length: 400 }, () => intern(["x", "b", "a"][Math.floor(r() * 3)]))),
      new Vec(9, Float64Array.from({ length: 400 }, () => [2.5, -1, 7][Math.floor(r() * 3)])),
    ]
  ) {
    const k = keyCodes(col, null);
    const g = groupRows([k], 400, true);
    assert.equal(g.method, "key codes as group ids");
    const want = naive([k], 400);
    assert.deepEqual(Array.from(g.gid), want.gid);
    assert.deepEqual(Array.from(g.first), want.first);
    assert.deepEqual(Array.from(g.codes![0]), want.first.map((i) => k.codes[i]));
  }
});
