/**
 * Floating-point functions: `sqrt exp log sin cos tan asin acos atan` of
 * one argument, `xexp` and `xlog` of two. Booleans, integers, chars and
 * temporals convert to floats (their underlying values; nulls to null);
 * the result is float, NaN (`0n`) outside the domain. Symbols and GUIDs
 * are a type error. A datetime is returned as it is (ref/log.md).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import { asF64, Rep, type Simple } from "./convert.ts";
import { binary, type Unary, unary } from "./kernels.ts";
import { runBinary } from "./arith.ts";
import { FLOATS } from "./promote.ts";
import { kw1, kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** True for types a float function takes: numbers, chars and temporals. */
function numeric(t: number): boolean {
  return t < 20 && FLOATS[t] >= 0;
}

/** Builds a float function from a JS Math expression over `a`. */
function floatFn(name: string, expr: string): (x: Value) => Value {
  const k: Unary = unary(expr);
  return (x) =>
    atomic1((s) => {
      const t = Math.abs(s.t);
      if (!numeric(t)) return qerr("type", `${name} needs numbers`);
      if (t === 15) return s;
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

/** The float functions of one argument, by keyword. */
const FLOAT_FUNCTIONS: Readonly<Record<string, (x: Value) => Value>> = {
  sqrt: floatFn("sqrt", "Math.sqrt(a)"),
  exp: floatFn("exp", "Math.exp(a)"),
  log: floatFn("log", "Math.log(a)"),
  sin: floatFn("sin", "Math.sin(a)"),
  cos: floatFn("cos", "Math.cos(a)"),
  tan: floatFn("tan", "Math.tan(a)"),
  asin: floatFn("asin", "Math.asin(a)"),
  acos: floatFn("acos", "Math.acos(a)"),
  atan: floatFn("atan", "Math.atan(a)"),
};

/** Types `xexp` takes on either side (ref/exp.md): booleans and numbers. */
function xexpDomain(t: number): boolean {
  return t === 1 || (t >= 4 && t <= 9);
}

/** Types `xlog` takes on either side (ref/log.md): numbers, chars and temporals but datetime. */
function xlogDomain(t: number): boolean {
  return numeric(t) && t !== 15;
}

/** Builds a float function of two arguments over `a` (left) and `b` (right). */
function floatFn2(name: string, expr: string, domain: (t: number) => boolean): (x: Value, y: Value) => Value {
  const k = binary(expr);
  return (x, y) =>
    atomic2(
      (a: Simple, b: Simple) => {
        if (!domain(Math.abs(a.t)) || !domain(Math.abs(b.t))) return qerr("type", `${name} needs numbers`);
        return runBinary(k, 9, a, b, asF64(a), asF64(b), Rep.F64);
      },
      x,
      y,
    );
}

/** `x xexp y`: x to the power y, computed as q does, as `exp y * log x` (null for negative x). */
export const xexp: (x: Value, y: Value) => Value = floatFn2("xexp", "Math.exp(b * Math.log(a))", xexpDomain);

/** `x xlog y`: the base-x logarithm of y. */
export const xlog: (x: Value, y: Value) => Value = floatFn2("xlog", "Math.log(b) / Math.log(a)", xlogDomain);

/** The float function keywords. */
export const MATH_KEYWORDS: readonly Prim[] = [
  ...Object.entries(FLOAT_FUNCTIONS).map(([name, f]) => kw1(name, f)),
  kw2("xexp", xexp),
  kw2("xlog", xlog),
];
