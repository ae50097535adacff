/**
 * Collecting garbage after large allocations, so that memory a replaced
 * value held is reused by the next statement instead of fresh pages.
 *
 * q frees a value the moment nothing refers to it; in JavaScript the
 * arrays of a replaced value (`ans:` assigned again) stay allocated until
 * a full collection, which V8 starts late when the garbage is array
 * buffers rather than objects. A statement that builds half a gigabyte
 * then faults in half a gigabyte of fresh pages, and on a virtual machine
 * a fresh page can cost 10 microseconds (a join of 1e7 rows took 0.3 s
 * reusing memory and 1.2 s faulting). So before each statement, when
 * array memory has grown by more than {@link GROWTH} since the last
 * collection, or globals holding that much were replaced or deleted,
 * borf collects. A collection walks the JavaScript objects only (symbols
 * and columns live in typed arrays): about 20 ms.
 *
 * @module
 */

import v8 from "node:v8";
import vm from "node:vm";
import { Dict, List, Table, type Value, Vec } from "./value.ts";

/** Growth of array memory (bytes) since the last collection that makes the next statement collect first. */
export const GROWTH = 256 * 2 ** 20;

let gc: (() => void) | null | undefined;
/** Array memory after the last collection, and the array bytes of globals dropped since. */
let after = 0, dropped = 0;

/** V8's collector as a function (it is exposed by a flag set at run time), or null where that fails. */
function collector(): (() => void) | null {
  try {
    v8.setFlagsFromString("--expose-gc");
    const f = vm.runInNewContext("gc");
    return typeof f === "function" ? f : null;
  } catch {
    return null;
  }
}

/** Collects garbage when array memory grew by more than {@link GROWTH} since the last collection. */
export function collectIfGrown(): void {
  if (v8.getHeapStatistics().external_memory - after + dropped >= GROWTH) collectNow();
}

/** Notes that a global's value was replaced or deleted: its arrays may now be garbage. */
export function noteDropped(v: Value): void {
  dropped += arrayBytes(v, 2);
}

/** The bytes of a value's arrays (of lists, estimated), looking `depth` levels into lists, dictionaries and tables. */
function arrayBytes(v: Value, depth: number): number {
  if (v instanceof Vec) return v.a.byteLength;
  if (depth === 0) return 0;
  if (v instanceof Table) {
    // columns not yet read (a mapped or partitioned table's) are left unread: they are files, not garbage
    let s = 0;
    for (let j = 0; j < v.data.length; j++) {
      const d = Object.getOwnPropertyDescriptor(v.data, j);
      if (d && "value" in d) s += arrayBytes(d.value, depth - 1);
    }
    return s;
  }
  if (v instanceof Dict) return arrayBytes(v.k, depth - 1) + arrayBytes(v.v, depth - 1);
  if (v instanceof List) {
    // an estimate from the first items, so that dropping a long list costs little
    const seen = Math.min(v.a.length, 64);
    let s = 0;
    for (let i = 0; i < seen; i++) s += arrayBytes(v.a[i], depth - 1);
    return seen ? (s * v.a.length) / seen : 0;
  }
  return 0;
}

/** Collects garbage now (a full collection); false where the collector cannot be reached. */
export function collectNow(): boolean {
  if (gc === undefined) gc = collector();
  if (gc) gc();
  after = v8.getHeapStatistics().external_memory;
  dropped = 0;
  return gc !== null;
}
