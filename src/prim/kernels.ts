/**
 * Element loops over typed arrays, generated once per (operation, element
 * representation) at module load so that each is a monomorphic function V8
 * compiles to a tight loop: no closures or dispatch per element (measured in
 * bench/arith_bench.ts). A kernel body is a JS expression over `a` (left
 * element) and `b` (right element); constants such as null sentinels are
 * bound by name.
 *
 * @module
 */

import type { TypedArray } from "../value/types.ts";

/** Runs a binary loop: vector-vector, scalar-vector or vector-scalar. */
export interface Binary {
  /** r[i] = op(x[i], y[i]) */
  vv(x: TypedArray, y: TypedArray, r: TypedArray, n: number): void;
  /** r[i] = op(x, y[i]) */
  sv(x: number | bigint, y: TypedArray, r: TypedArray, n: number): void;
  /** r[i] = op(x[i], y) */
  vs(x: TypedArray, y: number | bigint, r: TypedArray, n: number): void;
}

/** Runs a unary loop r[i] = op(x[i]). */
export type Unary = (x: TypedArray, r: TypedArray, n: number) => void;

type Consts = Readonly<Record<string, unknown>>;

function build<F>(consts: Consts, params: string, loop: string): F {
  const names = Object.keys(consts);
  // deno-lint-ignore no-explicit-any
  const factory = new Function(...names, `"use strict"; return function (${params}) { ${loop} };`) as any;
  return factory(...names.map((k) => consts[k])) as F;
}

/** Generates the three shapes of a binary element loop from one expression. */
export function binary(expr: string, consts: Consts = {}): Binary {
  return {
    vv: build(consts, "x, y, r, n", `for (let i = 0; i < n; i++) { const a = x[i], b = y[i]; r[i] = ${expr}; }`),
    sv: build(consts, "a, y, r, n", `for (let i = 0; i < n; i++) { const b = y[i]; r[i] = ${expr}; }`),
    vs: build(consts, "x, b, r, n", `for (let i = 0; i < n; i++) { const a = x[i]; r[i] = ${expr}; }`),
  };
}

/** Generates a unary element loop from an expression over `a`. */
export function unary(expr: string, consts: Consts = {}): Unary {
  return build(consts, "x, r, n", `for (let i = 0; i < n; i++) { const a = x[i]; r[i] = ${expr}; }`);
}

/** The JS test that element `a` of a vector of type `t` (not a 64-bit type) is null. */
export function nullTest(t: number): string {
  switch (t) {
    case 8:
    case 9:
    case 15:
      return "a !== a";
    case 5:
      return "a === -32768";
    case 10:
      return "a === 32";
    case 11:
      return "a === 0";
    case 1:
    case 4:
      return "false";
    default:
      return "a === -2147483648";
  }
}

/**
 * One generated loop per element type, built on first use from `make`
 * (given the type's null test), so that each loop stays monomorphic.
 */
export function perType<F>(make: (isNull: string, t: number) => F): (t: number) => F {
  const cache = new Map<number, F>();
  return (t) => {
    let f = cache.get(t);
    if (f === undefined) cache.set(t, f = make(nullTest(t), t));
    return f;
  };
}

/** A reduction over the first `n` elements of a typed array. */
export type Fold = (x: TypedArray, n: number) => number;

/**
 * Generates a reduction: `init` declares accumulators, `step` (statements
 * over the element `a`) updates them, `out` is the result. Each call makes
 * a new function, so each (reduction, element type) pair gets its own
 * monomorphic loop.
 */
export function fold(init: string, step: string, out: string, consts: Consts = {}): Fold {
  return build(consts, "x, n", `${init} for (let i = 0; i < n; i++) { const a = x[i]; ${step} } return ${out};`);
}

/** A running accumulation over the first `n` elements of `x` into `r`. */
export type Scan = (x: TypedArray, r: TypedArray, n: number) => void;

/**
 * Generates a running accumulation: `init` declares the accumulator `s`,
 * `step` (statements over the element `a`) updates it, and each `r[i]`
 * receives `s` after item i.
 */
export function scan(init: string, step: string, consts: Consts = {}): Scan {
  return build(consts, "x, r, n", `${init} for (let i = 0; i < n; i++) { const a = x[i]; ${step} r[i] = s; }`);
}

/**
 * Sliding-window selection: for each position k of an array `e` of `m`
 * items, the index of the best item of the window of `w` items ending at
 * `k + p` (windows start at index 0 at the earliest) is written to
 * `out[k]`. `q` is scratch space of `m` indices. Runs in O(m) with a
 * monotonic queue.
 */
export type Sliding = (
  e: TypedArray,
  h: Int32Array,
  q: Int32Array,
  out: Int32Array,
  m: number,
  w: number,
  p: number,
) => void;

/**
 * Generates a sliding-window selection from `better`, an expression true
 * when item `$j` beats item `$i` (`e` is the array, `h` its 32-bit words
 * when it holds int64).
 */
export function sliding(better: string): Sliding {
  const b = better.replaceAll("$j", "q[t - 1]").replaceAll("$i", "i");
  return build(
    {},
    "e, h, q, out, m, w, p",
    `let hd = 0, t = 0;
    for (let i = 0; i < m; i++) {
      while (t > hd && !(${b})) t--;
      q[t++] = i;
      if (q[hd] <= i - w) hd++;
      if (i >= p) out[i - p] = q[hd];
    }`,
  );
}

/** Evaluates a kernel expression on two scalars (used for atom-atom cases). */
export function scalar(expr: string, consts: Consts = {}): (a: number | bigint, b: number | bigint) => number | bigint {
  return build(consts, "a, b", `return ${expr};`);
}

type Loop = (x: unknown, y: unknown, r: TypedArray, n: number) => void;

/**
 * int64 loops kept free of BigInt values: the operation runs unchecked,
 * wrapping as q's integer arithmetic does (V8 compiles arithmetic between
 * BigInt64Array items to machine integers), then a pass over the 32-bit
 * halves writes 0N wherever an operand is 0N. Scalars travel in a one-item
 * BigInt64Array: a BigInt variable in the loop would deoptimize it.
 */
export function binaryI64(op: string): Binary {
  const vv = build<Loop>({}, "x, y, r, n", `for (let i = 0; i < n; i++) r[i] = x[i] ${op} y[i];`);
  const sv = build<Loop>({}, "s, y, r, n", `for (let i = 0; i < n; i++) r[i] = s[0] ${op} y[i];`);
  const vs = build<Loop>({}, "x, s, r, n", `for (let i = 0; i < n; i++) r[i] = x[i] ${op} s[0];`);
  return {
    vv(x, y, r, n) {
      vv(x, y, r, n);
      nullsFrom(x as BigInt64Array, r as BigInt64Array, n);
      nullsFrom(y as BigInt64Array, r as BigInt64Array, n);
    },
    sv(a, y, r, n) {
      if (a === NJ) (r as BigInt64Array).fill(NJ, 0, n);
      else {
        sv(BigInt64Array.of(a as bigint), y, r, n);
        nullsFrom(y as BigInt64Array, r as BigInt64Array, n);
      }
    },
    vs(x, b, r, n) {
      if (b === NJ) (r as BigInt64Array).fill(NJ, 0, n);
      else {
        vs(x, BigInt64Array.of(b as bigint), r, n);
        nullsFrom(x as BigInt64Array, r as BigInt64Array, n);
      }
    },
  };
}

const NJ = -9223372036854775808n;

/** Int32 view of int64 data: item i is words 2i (low) and 2i+1 (high). */
function words(a: BigInt64Array, n: number): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, 2 * n);
}

/** Writes 0N into `r` wherever `x` holds 0N (comparing 32-bit halves). */
function nullsFrom(x: BigInt64Array, r: BigInt64Array, n: number): void {
  const xh = words(x, n), rh = words(r, n);
  for (let j = 0, m = 2 * n; j < m; j += 2) {
    if (xh[j + 1] === -2147483648 && xh[j] === 0) {
      rh[j] = 0;
      rh[j + 1] = -2147483648;
    }
  }
}

/** `r[i] = -x[i]` over int64, wrapping (0N negates to itself), without BigInt values. */
export const negI64: Unary = build({}, "x, r, n", "for (let i = 0; i < n; i++) r[i] = -x[i];");

/** `r[i] = abs x[i]` over int64 through the 32-bit halves (0N stays 0N). */
export function absI64(x: TypedArray, r: TypedArray, n: number): void {
  const xh = words(x as BigInt64Array, n), rh = words(r as BigInt64Array, n);
  for (let j = 0, m = 2 * n; j < m; j += 2) {
    const lo = xh[j], hi = xh[j + 1], neg = hi < 0;
    rh[j] = neg ? -lo | 0 : lo;
    rh[j + 1] = neg ? (~hi + (lo === 0 ? 1 : 0)) | 0 : hi;
  }
}

/** `r[i] = signum x[i]` from int64 into int32: -1 for negatives and 0N, 0 for zero, else 1. */
export function signumI64(x: TypedArray, r: TypedArray, n: number): void {
  const xh = words(x as BigInt64Array, n);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const lo = xh[j], hi = xh[j + 1];
    r[i] = hi < 0 ? -1 : (hi | lo) === 0 ? 0 : 1;
  }
}
