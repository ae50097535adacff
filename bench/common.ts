/**
 * What the benchmarks share: a seeded generator for their data, and the
 * comparison of a primitive's result with its plain-loop reference.
 *
 * @module
 */

import { Atom, type Value, Vec } from "../src/value/value.ts";

/** Deterministic values in [0, 1) (xorshift32). */
export function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A vector's items or an atom's value: what a plain loop computes. */
export type Payload = Float64Array | BigInt64Array | Int32Array | number | bigint;

/** The raw payload of a result, for comparison. */
export function raw(v: Value): Payload {
  if (v instanceof Vec) return v.a as Float64Array | BigInt64Array | Int32Array;
  if (v instanceof Atom && typeof v.v !== "object") return v.v;
  throw new Error("unexpected result shape");
}

/** Equal payloads (NaN equals NaN). */
export function same(a: Payload, b: Payload): boolean {
  if (typeof a !== "object" || typeof b !== "object") return Object.is(a, b) || a === b;
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
