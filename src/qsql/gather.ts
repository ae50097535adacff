/**
 * Gathering items of a vector by row indices. One loop is generated per
 * typed-array kind, so each stays monomorphic (a shared loop over mixed
 * array kinds is several times slower in V8), run over chunks of rows
 * (see CHUNK in loops.ts).
 *
 * @module
 */

import { ctorOf, type TypedArray } from "../value/types.ts";
import { Vec } from "../value/value.ts";
import { chunked } from "./loops.ts";

type Gather = (a: TypedArray, idx: Int32Array, out: TypedArray, lo: number, hi: number) => void;

function makeGather(): Gather {
  return new Function("a", "idx", "out", "lo", "hi", "for (let j = lo; j < hi; j++) out[j] = a[idx[j]];") as Gather;
}

const loops = new Map<string, Gather>();

/** Items of a vector at `idx` (all in range; guids move 16 bytes each). */
export function gatherVec(x: Vec, idx: Int32Array): Vec {
  if (x.t === 2) {
    const out = new Uint8Array(idx.length * 16), a = x.a as Uint8Array;
    for (let j = 0; j < idx.length; j++) out.set(a.subarray(idx[j] * 16, idx[j] * 16 + 16), j * 16);
    return new Vec(2, out);
  }
  const C = ctorOf(x.t);
  let loop = loops.get(C.name);
  if (!loop) loops.set(C.name, loop = makeGather());
  const out = new C(idx.length);
  chunked(idx.length, (lo, hi) => loop(x.a, idx, out, lo, hi));
  return new Vec(x.t, out);
}
