/**
 * Arithmetic operators `+ - * %` and `neg`, with q's promotion tables,
 * null propagation (integer nulls in, null out; infinities wrap as plain
 * integers, as q documents) and temporal arithmetic in each type's unit.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { NH, NI, NJ } from "../value/nulls.ts";
import { intern, symName } from "../value/sym.ts";
import { ctorOf, type TypedArray } from "../value/types.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import { asF64, asRep, f2j, f64toI64, inUnitOf, Rep, repOf, type Simple } from "./convert.ts";
import { type Binary, binary, binaryI64, type Unary, unary } from "./kernels.ts";
import { ADD, MUL, resultType, SUB } from "./promote.ts";
import { kw1 } from "./define.ts";
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

const NEG: Record<Rep, Unary> = {
  [Rep.I32]: unary("a === NI ? NI : (-a) | 0", C),
  [Rep.I64]: unary("a === NJ ? NJ : -a", C),
  [Rep.F64]: unary("-a"),
};
const NEG_H = unary("a === NH ? NH : -a", { NH });

/** Result type of `neg` (reference: ref/neg.md): booleans, bytes and chars become ints. */
function negType(t: number): number {
  if (t === 11 || t === 2) return qerr("type", "neg needs numbers or temporals");
  return t === 1 || t === 4 || t === 10 ? 6 : t;
}

function negSimple(x: Simple): Value {
  const t = negType(Math.abs(x.t));
  const rep = repOf(t);
  const a = t === 5 ? (x instanceof Atom ? Int16Array.of(x.v as number) : x.a) : asRep(x, rep);
  const src = typeof a === "object" ? a : box(a, rep);
  const n = x instanceof Atom ? 1 : x.n;
  const r = new (ctorOf(t))(n);
  (t === 5 ? NEG_H : NEG[rep])(src, r, n);
  return x instanceof Atom ? new Atom(-t, r[0]) : new Vec(t, r);
}

/** `neg x` */
export function neg(x: Value): Value {
  return atomic1(negSimple, x);
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
  if (t === 8 || t === 9) {
    const f = asF64(x);
    if (typeof f === "number") return new Atom(-7, f2j(Math.floor(f)));
    return new Vec(7, f64toI64(f, true));
  }
  if (t === 10) {
    return x instanceof Atom ? new Atom(-10, lowerByte(x.v as number)) : new Vec(10, lowerBytes(x.a as Uint8Array));
  }
  if (t === 11) return lowerSyms(x);
  return qerr("type", "floor needs numbers, chars or symbols");
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

/** Arithmetic keywords. */
export const ARITH_KEYWORDS: readonly Prim[] = [kw1("neg", neg), kw1("floor", floor), kw1("reciprocal", reciprocal)];
