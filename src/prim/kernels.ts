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

/** Writes 0N into `r` wherever `x` holds 0N (comparing 32-bit halves). */
function nullsFrom(x: BigInt64Array, r: BigInt64Array, n: number): void {
  const xh = new Int32Array(x.buffer, x.byteOffset, 2 * n), rh = new Int32Array(r.buffer, r.byteOffset, 2 * n);
  for (let j = 0, m = 2 * n; j < m; j += 2) {
    if (xh[j + 1] === -2147483648 && xh[j] === 0) {
      rh[j] = 0;
      rh[j + 1] = -2147483648;
    }
  }
}
