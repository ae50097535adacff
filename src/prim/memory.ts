/**
 * `.Q.gc`: collects garbage and hands the memory the process keeps (see
 * `retainFreedMemory` in ffi/libc.ts) back to the system, as q's `.Q.gc[]`
 * does.
 *
 * @module
 */

import { trimMemory } from "../../ffi/libc.ts";
import { collectNow } from "../value/collect.ts";
import { long, type Value } from "../value/value.ts";
import { kw1 } from "./define.ts";

/** `.Q.gc[]`: returns the bytes the process's resident memory shrank by (0 without FFI permission). */
function gc(): Value {
  const before = Deno.memoryUsage().rss;
  collectNow();
  if (!trimMemory()) return long(0);
  return long(Math.max(0, before - Deno.memoryUsage().rss));
}

/** Globals defined here, for the session to bind: `.Q.gc`. */
export const MEMORY_GLOBALS: ReadonlyMap<string, Value> = new Map<string, Value>([[".Q.gc", kw1(".Q.gc", gc)]]);
