/**
 * Arithmetic operators `+ - * %` and the keywords `neg abs signum
 * reciprocal floor ceiling div mod`, with q's promotion tables, null
 * propagation (integer nulls in, null out; infinities wrap as plain
 * integers, as q documents) and temporal arithmetic in each type's unit.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { NI, NJ, WJ } from "../value/nulls.ts";
import { intern, symName } from "../value/sym.ts";
import { ctorOf, isFloating, type TypedArray } from "../value/types.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import {
  asF64,
  asI32,
  asI64,
  asRep,
  f2j,
  f64toI64,
  inUnitOf,
  Rep,
  repOf,
  Round,
  roundF,
  type Simple,
} from "./convert.ts";
import { absI64, type Binary, binary, binaryI64, negI64, signumI64, type Unary, unary } from "./kernels.ts";
import { ABS, ADD, CEILING, DIV, MOD, MUL, resultType, SUB, typeIn } from "./promote.ts";
import { kw1, kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** One kernel per computing representation. */
export interface RepKernels {
  i32: Binary;
  i64: Binary;
  f64: Binary;
}

const C = { NI, NJ };
const ADD_K: RepKernels = {
  i32: binary("a === NI || b === NI ? NI : (a + b) | 0", C),
  i64: binaryI64("+"),
  f64: binary("a + b"),
};
const SUB_K: RepKernels = {
  i32: binary("a === NI || b === NI ? NI : (a - b) | 0", C),
  i64: binaryI64("-"),
  f64: binary("a - b"),
};
const MUL_K: RepKernels = {
  i32: binary("a === NI || b === NI ? NI : Math.imul(a, b)", C),
  i64: binaryI64("*"),
  f64: binary("a * b"),
};
const DIV_F64 = binary("a / b");

function kernelFor(k: RepKernels, rep: Rep): Binary {
  return rep === Rep.I32 ? k.i32 : rep === Rep.I64 ? k.i64 : k.f64;
}

/** A one-element typed array holding scalar `v` in representation `rep`. */
function box(v: number | bigint, rep: Rep): TypedArray {
  return rep === Rep.I32
    ? Int32Array.of(v as number)
    : rep === Rep.I64
    ? BigInt64Array.of(v as bigint)
    : Float64Array.of(v as number);
}

/**
 * Runs kernel `k` over two simple operands already read in representation
 * `rep`, producing a result of type `t` (atom when both are atoms).
 */
export function runBinary(
  kern: Binary,
  t: number,
  x: Simple,
  y: Simple,
  a: number | bigint | TypedArray,
  b: number | bigint | TypedArray,
  rep: Rep,
): Value {
  const xv = x instanceof Vec, yv = y instanceof Vec;
  if (!xv && !yv) {
    const r = new (ctorOf(t))(1);
    kern.vs(box(a as number | bigint, rep), b as number | bigint, r, 1);
    return new Atom(-t, r[0]);
  }
  const n = xv ? x.n : (y as Vec).n;
  if (xv && yv && n !== y.n) return qerr("length", `lengths ${n} and ${y.n} differ`);
  const r = new (ctorOf(t))(n);
  if (xv && yv) kern.vv(a as TypedArray, b as TypedArray, r, n);
  else if (xv) kern.vs(a as TypedArray, b as number | bigint, r, n);
  else kern.sv(a as number | bigint, b as TypedArray, r, n);
  return new Vec(t, r);
}

function arithSimple(grid: Int8Array, k: RepKernels, x: Simple, y: Simple): Value {
  const tx = Math.abs(x.t), ty = Math.abs(y.t);
  const t = resultType(grid, tx, ty);
  if (t < 0) return qerr("type", `cannot combine ${typeName(tx)} and ${typeName(ty)}`);
  const rep = repOf(t);
  return runBinary(kernelFor(k, rep), t, x, y, inUnitOf(x, t), inUnitOf(y, t), rep);
}

function typeName(t: number): string {
  return `type ${t}h`;
}

/** `x+y` */
export function add(x: Value, y: Value): Value {
  return atomic2((a, b) => arithSimple(ADD, ADD_K, a, b), x, y);
}
/** `x-y` */
export function subtract(x: Value, y: Value): Value {
  return atomic2((a, b) => arithSimple(SUB, SUB_K, a, b), x, y, neg);
}
/** `x*y` */
export function multiply(x: Value, y: Value): Value {
  return atomic2((a, b) => arithSimple(MUL, MUL_K, a, b), x, y);
}

function divideSimple(x: Simple, y: Simple): Value {
  const tx = Math.abs(x.t), ty = Math.abs(y.t);
  if (tx === 11 || ty === 11 || tx === 2 || ty === 2) return qerr("type");
  return runBinary(DIV_F64, 9, x, y, asF64(x), asF64(y), Rep.F64);
}

/** `x%y`: always a float ratio of the underlying values. */
export function divide(x: Value, y: Value): Value {
  return atomic2(divideSimple, x, y);
}

// ------------------------------------------------------------ one-argument maps

/** Unary kernels by the representation they compute in (shorts keep 16 bits). */
interface RepUnary {
  i16: Unary;
  i32: Unary;
  i64: Unary;
  f64: Unary;
}

/**
 * Applies a unary kernel to a simple value, producing type `t`: the input
 * is read in t's representation (shorts as they are), the output written
 * into t's storage.
 */
function mapTo(k: RepUnary, t: number, x: Simple): Value {
  const rep = repOf(t);
  const src = t === 5 ? (x instanceof Atom ? Int16Array.of(x.v as number) : x.a) : asRep(x, rep);
  const a = typeof src === "object" ? src : box(src, rep);
  const n = a.length;
  const r = new (ctorOf(t))(n);
  (t === 5 ? k.i16 : rep === Rep.I32 ? k.i32 : rep === Rep.I64 ? k.i64 : k.f64)(a, r, n);
  return x instanceof Atom ? new Atom(-t, r[0]) : new Vec(t, r);
}

const NEG: RepUnary = {
  i16: unary("-a"),
  i32: unary("(-a) | 0"),
  i64: negI64,
  f64: unary("-a"),
};

/** Result type of `neg` (reference: ref/neg.md): booleans, bytes and chars become ints. */
function negType(t: number): number {
  if (t === 11 || t === 2) return qerr("type", "neg needs numbers or temporals");
  return t === 1 || t === 4 || t === 10 ? 6 : t;
}

/** `neg x` */
export function neg(x: Value): Value {
  return atomic1((s) => mapTo(NEG, negType(Math.abs(s.t)), s), x);
}

const ABS_K: RepUnary = {
  i16: unary("a < 0 ? -a : a"),
  i32: unary("a < 0 ? (-a) | 0 : a"),
  i64: absI64,
  f64: unary("Math.abs(a)"),
};

/** `abs x` (reference: ref/abs.md): nulls stay null; booleans, bytes and chars become ints. */
export function abs(x: Value): Value {
  return atomic1((s) => mapTo(ABS_K, typeIn(ABS, s.t, "abs"), s), x);
}

const SIGNUM_I32 = unary("a === 0 ? 0 : a < 0 ? -1 : 1");
const SIGNUM_F64 = unary("a > 0 ? 1 : a === 0 ? 0 : -1");

/** `signum x` (reference: ref/signum.md): -1i for negatives and nulls, 0i for zero, 1i for positives. */
export function signum(x: Value): Value {
  return atomic1((s) => {
    const t = Math.abs(s.t);
    if (t === 11 || t === 2) return qerr("type", "signum needs numbers or temporals");
    const rep = repOf(t), src = asRep(s, rep);
    const a = typeof src === "object" ? src : box(src, rep);
    const r = new Int32Array(a.length);
    (rep === Rep.I32 ? SIGNUM_I32 : rep === Rep.I64 ? signumI64 : SIGNUM_F64)(a, r, a.length);
    return s instanceof Atom ? new Atom(-6, r[0]) : new Vec(6, r);
  }, x);
}

/** `reciprocal x` (`%:`): 1 divided by x, as a float. */
export function reciprocal(x: Value): Value {
  return divide(new Atom(-9, 1), x);
}

/**
 * `floor x` (`_:`), reference ref/floor.md: reals and floats round down to
 * longs, shorts ints and longs are unchanged, chars and symbols go to lower
 * case; other types are a type error.
 */
export function floor(x: Value): Value {
  return atomic1(floorSimple, x);
}

function floorSimple(x: Simple): Value {
  const t = Math.abs(x.t);
  if (t === 5 || t === 6 || t === 7) return x;
  if (t === 8 || t === 9) return toLong(x, Round.Down);
  if (t === 10) {
    return x instanceof Atom ? new Atom(-10, lowerByte(x.v as number)) : new Vec(10, lowerBytes(x.a as Uint8Array));
  }
  if (t === 11) return lowerSyms(x);
  return qerr("type", "floor needs numbers, chars or symbols");
}

/** Reals and floats rounded to longs as `mode` says (nulls to 0N, infinities to ±0W). */
function toLong(x: Simple, mode: Round): Value {
  const f = asF64(x);
  if (typeof f === "number") return new Atom(-7, f2j(roundF(f, mode)));
  return new Vec(7, f64toI64(f, mode));
}

/**
 * `ceiling x`, reference ref/ceiling.md: reals and floats round up to
 * longs; booleans, bytes and chars become ints; shorts, ints and longs are
 * unchanged; temporals are a type error (since V3.0).
 */
export function ceiling(x: Value): Value {
  return atomic1((s) => {
    const t = typeIn(CEILING, s.t, "ceiling"), tx = Math.abs(s.t);
    if (t === tx) return s;
    if (t === 7) return toLong(s, Round.Up);
    const v = asI32(s);
    return typeof v === "number" ? new Atom(-6, v) : new Vec(6, v);
  }, x);
}

function lowerByte(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}
function lowerBytes(a: Uint8Array): Uint8Array {
  const r = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) r[i] = lowerByte(a[i]);
  return r;
}
function lowerSyms(x: Simple): Value {
  const low = (id: number) => intern(symName(id).toLowerCase());
  if (x instanceof Atom) return new Atom(-11, low(x.v as number));
  return new Vec(11, Int32Array.from(x.a as Int32Array, low));
}

// ------------------------------------------------------------ div and mod

/** Integers below 2^53 in magnitude are exact as floats. */
const EXACT = 9007199254740992;

/** `x mod y` in floats: the remainder takes the sign of y (q's modulus is x - y * floor x % y). */
function modF(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}
const DIV_F = binary("Math.floor(a / b)");
const MOD_F = binary("modF(a, b)", { modF });

/** One int64 quotient rounded down; by zero it is ±0W (0N for 0 div 0), as floor x%y. */
function divBig(a: bigint, b: bigint): bigint {
  if (a === NJ || b === NJ) return NJ;
  if (b === 0n) return a === 0n ? NJ : a > 0n ? WJ : -WJ;
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
/** One int64 modulus with the sign of the divisor; by zero it is 0N, as in floats. */
function modBig(a: bigint, b: bigint): bigint {
  if (a === NJ || b === NJ || b === 0n) return NJ;
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

/** True when a float image of an operand holds only exact integers (or nulls). */
function exactF(v: number | Float64Array): boolean {
  if (typeof v === "number") return !(Math.abs(v) >= EXACT);
  let ok = true;
  for (let i = 0; i < v.length; i++) ok = ok && !(Math.abs(v[i]) >= EXACT);
  return ok;
}

/**
 * `x div y` and `x mod y` on simple values: the result type from the
 * reference tables, computed in floats (exact for integers below 2^53),
 * or in int64 when long operands are larger than that.
 */
function divModSimple(div: boolean, x: Simple, y: Simple): Value {
  const tx = Math.abs(x.t), ty = Math.abs(y.t);
  const t = resultType(div ? DIV : MOD, tx, ty);
  if (t < 0) return qerr("type", `${div ? "div" : "mod"} cannot take types ${tx}h and ${ty}h`);
  const a = asF64(x), b = asF64(y);
  if (repOf(t) === Rep.I64 && !isFloating(tx) && !isFloating(ty) && !(exactF(a) && exactF(b))) {
    return bigDivMod(div ? divBig : modBig, t, x, y);
  }
  return floatsTo(t, runBinary(div ? DIV_F : MOD_F, 9, x, y, a, b, Rep.F64) as Atom | Vec);
}

function bigDivMod(f: (a: bigint, b: bigint) => bigint, t: number, x: Simple, y: Simple): Value {
  const a = asI64(x), b = asI64(y);
  if (typeof a === "bigint" && typeof b === "bigint") return new Atom(-t, f(a, b));
  const n = typeof a === "bigint" ? (b as BigInt64Array).length : a.length;
  if (typeof b !== "bigint" && b.length !== n) return qerr("length");
  const r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) r[i] = f(typeof a === "bigint" ? a : a[i], typeof b === "bigint" ? b : b[i]);
  return new Vec(t, r);
}

/** Whole-number floats to an int, NaN to 0Ni, beyond the range to ±0Wi. */
function toI32(v: number): number {
  return v !== v ? NI : v >= 2147483647 ? 2147483647 : v <= -2147483647 ? -2147483647 : v;
}
const F64_TO_I32 = unary("toI32(a)", { toI32 });

/** A float result (atom or vector) stored as type `t`. */
function floatsTo(t: number, v: Atom | Vec): Value {
  const rep = repOf(t);
  if (v instanceof Atom) {
    const f = v.v as number;
    return new Atom(-t, rep === Rep.I32 ? toI32(f) : rep === Rep.I64 ? f2j(f) : t === 8 ? Math.fround(f) : f);
  }
  const a = v.a as Float64Array;
  if (rep === Rep.I64) return new Vec(t, f64toI64(a, Round.Down));
  if (rep === Rep.F64) return new Vec(t, t === 8 ? Float32Array.from(a) : a);
  const r = new Int32Array(a.length);
  F64_TO_I32(a, r, a.length);
  return new Vec(t, r);
}

/** `x div y` (reference: ref/div.md): the greatest whole number not above x%y. */
export function div(x: Value, y: Value): Value {
  return atomic2((a, b) => divModSimple(true, a, b), x, y);
}

/** `x mod y` (reference: ref/mod.md): the remainder of x%y, with the sign of y. */
export function mod(x: Value, y: Value): Value {
  return atomic2((a, b) => divModSimple(false, a, b), x, y);
}

/** Arithmetic keywords. */
export const ARITH_KEYWORDS: readonly Prim[] = [
  kw1("neg", neg),
  kw1("abs", abs),
  kw1("signum", signum),
  kw1("floor", floor),
  kw1("ceiling", ceiling),
  kw1("reciprocal", reciprocal),
  kw2("div", div),
  kw2("mod", mod),
];
