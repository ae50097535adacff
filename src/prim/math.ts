/**
 * Floating-point functions of one argument: `sqrt exp log sin cos tan
 * asin acos atan`. Integers convert to floats (nulls to null); the result
 * is always float, NaN (`0n`) outside the domain.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { atomic1 } from "./atomic.ts";
import { asF64 } from "./convert.ts";
import { type Unary, unary } from "./kernels.ts";
import { kw1 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** Builds a float function from a JS Math expression over `a`. */
function floatFn(expr: string): (x: Value) => Value {
  const k: Unary = unary(expr);
  return (x) =>
    atomic1((s) => {
      const t = Math.abs(s.t);
      if (t === 11 || t === 2 || t === 10) return qerr("type", "expected a number");
      const f = asF64(s);
      if (typeof f === "number") {
        const r = new Float64Array(1);
        k(Float64Array.of(f), r, 1);
        return new Atom(-9, r[0]);
      }
      const r = new Float64Array(f.length);
      k(f, r, f.length);
      return new Vec(9, r);
    }, x);
}

/** The float functions by keyword. */
export const FLOAT_FUNCTIONS: Readonly<Record<string, (x: Value) => Value>> = {
  sqrt: floatFn("Math.sqrt(a)"),
  exp: floatFn("Math.exp(a)"),
  log: floatFn("Math.log(a)"),
  sin: floatFn("Math.sin(a)"),
  cos: floatFn("Math.cos(a)"),
  tan: floatFn("Math.tan(a)"),
  asin: floatFn("Math.asin(a)"),
  acos: floatFn("Math.acos(a)"),
  atan: floatFn("Math.atan(a)"),
};

/** The float function keywords. */
export const MATH_KEYWORDS: readonly Prim[] = Object.entries(FLOAT_FUNCTIONS).map(([name, f]) => kw1(name, f));
