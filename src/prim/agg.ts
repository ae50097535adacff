/**
 * Aggregations over vectors with q's null rules (nulls are skipped):
 * `sum` (also `+/`), with exact 64-bit long sums and no BigInt per element.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems } from "../value/items.ts";
import { NI, NJ } from "../value/nulls.ts";
import { intern as internName } from "../value/sym.ts";
import { Atom, Dict, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { add } from "./arith.ts";
import { kw1 } from "./define.ts";
import type { Prim } from "../value/value.ts";

// Loop shapes below are measured (bench/arith_bench.ts): a conditional
// expression compiles branch-free (0.6 ns/element) where an `if` costs 4-6 ns;
// a BigInt compare per element defeats V8's int64 lowering, so long sums add
// everything, then correct for the nulls counted on the high words.

/** Sum of a float64 array, skipping NaN (null). */
export function sumF64(a: Float64Array | Float32Array): number {
  let s = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const v = a[i];
    s += v === v ? v : 0;
  }
  return s;
}

/** Exact wrapping sum of an int64 array, skipping 0N. */
export function sumI64(a: BigInt64Array): bigint {
  const acc = new BigInt64Array(1);
  for (let i = 0, n = a.length; i < n; i++) acc[0] += a[i];
  // each 0N (-2^63) added 2^63 mod 2^64: take out one 2^63 per null
  const h = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
  let nulls = 0;
  for (let j = 1, m = h.length; j < m; j += 2) nulls += h[j] === -2147483648 && h[j - 1] === 0 ? 1 : 0;
  if (nulls & 1) acc[0] -= NJ;
  return acc[0];
}

/** Sum of an int32/int16/uint8 array skipping `nul`, wrapped to 32 bits. */
export function sumI32(a: Int32Array | Int16Array | Uint8Array, nul: number | undefined): number {
  let s = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const v = a[i];
    s += v === nul ? 0 : v;
  }
  return Number(BigInt.asIntN(32, BigInt(s)));
}

/** Result type of `sum` by element type (reference: ref/sum.md). */
function sumType(t: number): number {
  if (t === 1 || t === 4 || t === 5) return 6;
  if (t === 10 || t === 11 || t === 2) return -1;
  return t;
}

/** `sum x`: total of a list, atom unchanged, column sums of a table/list of lists. */
export function sum(x: Value): Value {
  if (x instanceof Atom) {
    if (sumType(-x.t) < 0) return qerr("type");
    return x;
  }
  if (x instanceof Vec) {
    const t = sumType(x.t);
    if (t < 0) return qerr("type", "sum needs numbers");
    const a = x.a;
    if (a instanceof Float64Array || a instanceof Float32Array) {
      return new Atom(-t, t === 8 ? Math.fround(sumF64(a)) : sumF64(a));
    }
    if (a instanceof BigInt64Array) return new Atom(-t, sumI64(a));
    const nul = x.t === 6 || (x.t >= 13 && x.t <= 19) ? NI : x.t === 5 ? -32768 : undefined;
    const s = sumI32(a as Int32Array, nul);
    return new Atom(-t, s);
  }
  if (x instanceof List) {
    if (x.a.length === 0) return new Atom(-7, 0n);
    let acc = x.a[0];
    for (let i = 1; i < x.a.length; i++) acc = add(acc, x.a[i]);
    return acc;
  }
  if (x instanceof Table) {
    return new Dict(fromItems(x.cols.map((c) => new Atom(-11, internName(c)))), fromItems(x.data.map(sum)));
  }
  if (isKeyed(x)) return sum((x as Dict).v);
  if (x instanceof Dict) return sum(x.v);
  return qerr("type");
}

/** Aggregation keywords. */
export const AGG_KEYWORDS: readonly Prim[] = [kw1("sum", sum)];
