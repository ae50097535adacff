/**
 * Memory a query is done with goes back to use at once: temporaries are
 * released, a statement after large allocations collects the garbage
 * first, and `.Q.gc[]` hands kept memory back to the system.
 *
 * @module
 */

import assert from "node:assert/strict";
import v8 from "node:v8";
import { Session } from "../src/eval/session.ts";
import { collectIfGrown, collectNow, GROWTH, noteDropped } from "../src/value/collect.ts";
import { release } from "../src/value/release.ts";
import { Atom, Table, Vec } from "../src/value/value.ts";

const arrays = () => v8.getHeapStatistics().external_memory;

Deno.test("release frees a temporary's buffer and leaves views of other buffers alone", () => {
  const own = new Float64Array(1000).fill(1), big = new Int32Array(100), view = big.subarray(10, 20);
  release(own, view);
  assert.equal(own.length, 0);
  assert.equal(view.length, 10);
  assert.equal(big.length, 100);
  release(own); // twice is harmless
});

Deno.test("after more than GROWTH bytes of new arrays, the next check collects them", () => {
  collectNow();
  const base = arrays();
  let garbage: Float64Array | null = new Float64Array(GROWTH / 8 + 4096);
  assert.ok(arrays() >= base + GROWTH);
  garbage = null;
  collectIfGrown();
  assert.equal(garbage, null);
  assert.ok(arrays() < base + GROWTH / 2, `arrays still hold ${arrays() - base} bytes`);
});

Deno.test("a statement collects what a replaced value held, and .Q.gc[] returns kept memory", () => {
  const q = new Session({ out: () => {}, err: () => {} });
  q.eval("a:til 40000000"); // 320 MB
  const held = arrays();
  q.eval("a:0");
  q.eval("b:1"); // this statement starts by collecting the old a
  assert.ok(arrays() < held - 300e6, `the old value's 320 MB are still allocated (${held - arrays()} freed)`);
  const r = q.eval(".Q.gc[]");
  assert.ok(r instanceof Atom && r.t === -7 && (r.v as bigint) >= 0n);
});

Deno.test("dropping a table leaves its unread (mapped) columns unread", () => {
  const data: Vec[] = [new Vec(9, new Float64Array(10))];
  Object.defineProperty(data, 1, {
    enumerable: true,
    get: () => assert.fail("a column not yet read was read"),
  });
  noteDropped(new Table(["a", "b"], data, 10));
});
