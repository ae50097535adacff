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
