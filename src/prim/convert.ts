/**
 * Widening of simple values (atoms and vectors) into the three element
 * representations kernels compute in: int32, int64 and float64. Nulls map
 * to the target's null; temporal values can be rescaled between units
 * (days, months, minutes, seconds, milliseconds, nanoseconds).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { NH, NI, NJ } from "../value/nulls.ts";
import { ymdToDays } from "../value/temporal.ts";
import type { TypedArray } from "../value/types.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { unary } from "./kernels.ts";

/** An atom or a vector of a basic type. */
export type Simple = Atom | Vec;

/** The element representation a kernel runs in. */
export const enum Rep {
  I32,
  I64,
  F64,
}

/** True for atoms and vectors of basic types. */
export function isSimple(x: Value): x is Simple {
  return x instanceof Atom || x instanceof Vec;
}

const i16toI32 = unary("a === NH ? NI : a", { NH, NI });
const u8toI32 = unary("a");
const i16toF64 = unary("a === NH ? NaN : a", { NH });
const i32toF64 = unary("a === NI ? NaN : a", { NI });
const u8toF64 = unary("a");
const f32toF64 = unary("a");

/** Int32 view of int64 data (low word first, little-endian). */
export function halves(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Widens int32 elements into int64, mapping 0Ni to 0N, without a BigInt per element. */
export function i32toI64(x: Int32Array | Int16Array | Uint8Array, nullIn: number | undefined): BigInt64Array {
  const n = x.length;
  const r = new BigInt64Array(n);
  const h = halves(r);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const v = x[i];
    if (v === nullIn) {
      h[j] = 0;
      h[j + 1] = -2147483648;
    } else {
      h[j] = v;
      h[j + 1] = v >> 31;
    }
  }
  return r;
}

/** The low 32 bits of int64 elements (0N becomes 0Ni), without a BigInt per element. */
function i64toI32(x: BigInt64Array, r: Int32Array): void {
  const h = halves(x);
  for (let i = 0, j = 0; i < r.length; i++, j += 2) r[i] = h[j + 1] === -2147483648 && h[j] === 0 ? NI : h[j];
}

/** Converts int64 elements to float64 through their 32-bit halves (0N becomes NaN). */
export function i64toF64(x: BigInt64Array): Float64Array {
  const n = x.length;
  const r = new Float64Array(n);
  const h = halves(x);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const lo = h[j], hi = h[j + 1];
    r[i] = hi === -2147483648 && lo === 0 ? NaN : hi * 4294967296 + (lo >>> 0);
  }
  return r;
}

/** How a float becomes an integer. */
export const enum Round {
  /** To nearest, halves away from zero, as q casts. */
  Nearest,
  /** Down, as `floor`. */
  Down,
  /** Up, as `ceiling`. */
  Up,
}

/** One float rounded to a whole float as `mode` says. */
export function roundF(v: number, mode: Round): number {
  return mode === Round.Down
    ? Math.floor(v)
    : mode === Round.Up
    ? Math.ceil(v)
    : v < 0
    ? -Math.round(-v)
    : Math.round(v);
}

/**
 * Converts float64 to int64, NaN to 0N and beyond the range to ±0W, writing
 * the 32-bit halves (no BigInt per element), rounding as `mode` says.
 */
export function f64toI64(x: Float64Array | Float32Array, mode: Round = Round.Nearest): BigInt64Array {
  const n = x.length;
  const r = new BigInt64Array(n);
  const h = halves(r);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const v = x[i];
    if (v !== v) {
      h[j] = 0;
      h[j + 1] = -2147483648;
    } else if (v >= 9.223372036854776e18) {
      h[j] = -1;
      h[j + 1] = 2147483647;
    } else if (v <= -9.223372036854776e18) {
      h[j] = 1;
      h[j + 1] = -2147483648;
    } else {
      const w = roundF(v, mode);
      const hi = Math.floor(w / 4294967296);
      h[j] = w - hi * 4294967296;
      h[j + 1] = hi;
    }
  }
  return r;
}

/** The int64 whose 32-bit halves are `lo` (low word) and `hi`, as a bigint. */
export function joinHalves(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
}

/** One float to a long as q rounds it: nearest, halves away from zero. */
export function f2j(v: number): bigint {
  if (v !== v) return NJ;
  if (v >= 9.223372036854776e18) return 9223372036854775807n;
  if (v <= -9.223372036854776e18) return -9223372036854775807n;
  return BigInt(Math.sign(v) * Math.round(Math.abs(v)));
}

/** One float to an int as q rounds it; NaN to 0Ni, out of range to ±0Wi. */
export function f2i(v: number): number {
  if (v !== v) return NI;
  if (v >= 2147483647) return 2147483647;
  if (v <= -2147483647) return -2147483647;
  return Math.sign(v) * Math.round(Math.abs(v));
}

/** The raw elements of a simple value as int32 (types b x h i and int-backed temporals). */
export function asI32(x: Simple): number | Int32Array {
  const t = Math.abs(x.t);
  if (x instanceof Atom) {
    const v = x.v;
    if (typeof v === "bigint") return v === NJ ? NI : Number(BigInt.asIntN(32, v));
    if (typeof v !== "number") return qerr("type");
    if (t === 8 || t === 9 || t === 15) return f2i(v);
    return t === 5 && v === NH ? NI : v;
  }
  const a = x.a, n = a.length;
  if (a instanceof Int32Array) return a;
  const r = new Int32Array(n);
  if (a instanceof Int16Array) i16toI32(a, r, n);
  else if (a instanceof Uint8Array) u8toI32(a, r, n);
  else if (a instanceof BigInt64Array) i64toI32(a, r);
  else for (let i = 0; i < n; i++) r[i] = f2i(a[i] as number);
  return r;
}

/** The raw elements of a simple value as int64. */
export function asI64(x: Simple): bigint | BigInt64Array {
  const t = Math.abs(x.t);
  if (x instanceof Atom) {
    const v = x.v;
    if (typeof v === "bigint") return v;
    if (typeof v !== "number") return qerr("type");
    if (t === 8 || t === 9 || t === 15) return f2j(v);
    if ((t === 5 && v === NH) || (t !== 1 && t !== 4 && t !== 10 && v === NI)) return NJ;
    return BigInt(v);
  }
  const a = x.a;
  if (a instanceof BigInt64Array) return a;
  if (a instanceof Float64Array || a instanceof Float32Array) return f64toI64(a);
  if (a instanceof Int16Array) return i32toI64(a, NH);
  if (a instanceof Uint8Array) return i32toI64(a, undefined);
  return i32toI64(a as Int32Array, NI);
}

/** The raw elements of a simple value as float64 (nulls become NaN). */
export function asF64(x: Simple): number | Float64Array {
  const t = Math.abs(x.t);
  if (x instanceof Atom) {
    const v = x.v;
    if (typeof v === "bigint") return v === NJ ? NaN : Number(v);
    if (typeof v !== "number") return qerr("type");
    if (t === 5 && v === NH) return NaN;
    if (t !== 1 && t !== 4 && t !== 10 && (t === 6 || (t >= 13 && t !== 15)) && v === NI) return NaN;
    return v;
  }
  const a = x.a, n = a.length;
  if (a instanceof Float64Array) return a;
  if (a instanceof BigInt64Array) return i64toF64(a);
  const r = new Float64Array(n);
  if (a instanceof Float32Array) f32toF64(a, r, n);
  else if (a instanceof Int32Array) i32toF64(a, r, n);
  else if (a instanceof Int16Array) i16toF64(a, r, n);
  else u8toF64(a as Uint8Array, r, n);
  return r;
}

/** Reads a simple value in representation `rep`. */
export function asRep(x: Simple, rep: Rep): number | bigint | TypedArray {
  return rep === Rep.I32 ? asI32(x) : rep === Rep.I64 ? asI64(x) : asF64(x);
}

/** The representation values of type `t` compute in. */
export function repOf(t: number): Rep {
  switch (t) {
    case 7:
    case 12:
    case 16:
      return Rep.I64;
    case 8:
    case 9:
    case 15:
      return Rep.F64;
    default:
      return Rep.I32;
  }
}

/** Nanoseconds per unit of each temporal type (days for date and datetime). */
const UNIT_NS: Record<number, number> = { 12: 1, 16: 1, 14: 864e11, 15: 864e11, 19: 1e6, 18: 1e9, 17: 6e10 };

/**
 * Reads `x` in the unit of temporal type `r`: a date added to a timespan
 * becomes nanoseconds, a minute added to a second becomes seconds. Values
 * of non-temporal types (or when `r` is not temporal) are read raw.
 */
export function inUnitOf(x: Simple, r: number): number | bigint | TypedArray {
  const t = Math.abs(x.t);
  const rep = repOf(r);
  if (t === 13 && r !== 13 && (r === 12 || r === 14 || r === 15)) {
    // months become the first day of the month
    const days = monthsToDays(x);
    return inUnitOf(days, r);
  }
  const from = UNIT_NS[t], to = UNIT_NS[r];
  if (from === undefined || to === undefined || from === to) return asRep(x, rep);
  const k = from / to;
  if (rep === Rep.F64) {
    const v = asF64(x);
    if (typeof v === "number") return v * k;
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] * k;
    return out;
  }
  if (rep === Rep.I64) {
    if (k < 1) return qerr("type", "cannot narrow a temporal value here");
    if (t === 15) return scaleF64toI64(x, k);
    const kk = BigInt(Math.round(k));
    const v = asI64(x);
    if (typeof v === "bigint") return v === NJ ? NJ : v * kk;
    const out = new BigInt64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] === NJ ? NJ : v[i] * kk;
    return out;
  }
  const v = asI32(x);
  if (typeof v === "number") return v === NI ? NI : Math.trunc(v * k) | 0;
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] === NI ? NI : Math.trunc(v[i] * k) | 0;
  return out;
}

/** Datetimes (float days) scaled by `k` into int64 units, rounded. */
function scaleF64toI64(x: Simple, k: number): bigint | BigInt64Array {
  const v = asF64(x);
  if (typeof v === "number") return f2j(v * k);
  const s = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) s[i] = v[i] * k;
  return f64toI64(s);
}

function monthsToDays(x: Simple): Simple {
  const conv = (m: number) => (m === NI ? NI : ymdToDays(2000 + Math.floor(m / 12), (((m % 12) + 12) % 12) + 1, 1));
  if (x instanceof Atom) return new Atom(-14, conv(x.v as number));
  const a = x.a as Int32Array;
  const r = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) r[i] = conv(a[i]);
  return new Vec(14, r);
}
