/**
 * Arithmetic operators `+ - * %` and `neg`, with q's promotion tables,
 * null propagation (integer nulls in, null out; infinities wrap as plain
 * integers, as q documents) and temporal arithmetic in each type's unit.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { NI, NJ } from "../value/nulls.ts";
import { ctorOf, type TypedArray } from "../value/types.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import { asF64, asI32, asI64, inUnitOf, Rep, repOf, type Simple } from "./convert.ts";
import { type Binary, binary, type Unary, unary } from "./kernels.ts";
import { ADD, MUL, resultType, SUB } from "./promote.ts";

/** One kernel per computing representation. */
export interface RepKernels {
  i32: Binary;
  i64: Binary;
  f64: Binary;
}

const C = { NI, NJ };
const ADD_K: RepKernels = {
  i32: binary("a === NI || b === NI ? NI : (a + b) | 0", C),
  i64: binary("a === NJ || b === NJ ? NJ : a + b", C),
  f64: binary("a + b"),
};
const SUB_K: RepKernels = {
  i32: binary("a === NI || b === NI ? NI : (a - b) | 0", C),
  i64: binary("a === NJ || b === NJ ? NJ : a - b", C),
  f64: binary("a - b"),
};
const MUL_K: RepKernels = {
  i32: binary("a === NI || b === NI ? NI : Math.imul(a, b)", C),
  i64: binary("a === NJ || b === NJ ? NJ : a * b", C),
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
  return atomic2((a, b) => arithSimple(SUB, SUB_K, a, b), x, y);
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

function negSimple(x: Simple): Value {
  const tx = Math.abs(x.t);
  if (tx === 11 || tx === 2 || tx === 10) return qerr("type");
  const t = tx === 1 || tx === 4 || tx === 5 ? (tx === 5 ? 5 : 6) : tx;
  const rep = repOf(t);
  if (x instanceof Atom) {
    const v = rep === Rep.I32 ? asI32(x) : rep === Rep.I64 ? asI64(x) : asF64(x);
    const r = new (ctorOf(t))(1);
    NEG[rep](box(v as number | bigint, rep), r, 1);
    return new Atom(-t, t === 5 && r[0] === NI ? -32768 : r[0]);
  }
  const a = rep === Rep.I32 ? asI32(x) : rep === Rep.I64 ? asI64(x) : asF64(x);
  const n = x.n;
  if (t === 5) {
    const r = new Int16Array(n), src = x.a as Int16Array;
    for (let i = 0; i < n; i++) r[i] = src[i] === -32768 ? -32768 : -src[i];
    return new Vec(5, r);
  }
  const r = new (ctorOf(t))(n);
  NEG[rep](a as TypedArray, r, n);
  return new Vec(t, r);
}

/** `neg x` */
export function neg(x: Value): Value {
  return atomic1(negSimple, x);
}
