/**
 * Comparison operators `= <> < > <= >=`, `not`, and `&` `|` (lesser and
 * greater, also `and` `or`). Nulls compare as the smallest value of their
 * type and equal to each other (also float NaN), as in q.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { compareSyms } from "../value/sym.ts";
import { ctorOf, isFloating, isTemporal, type TypedArray } from "../value/types.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { atomic1, atomic2 } from "./atomic.ts";
import { asRep, inUnitOf, Rep, repOf, type Simple } from "./convert.ts";
import { type Binary, binary } from "./kernels.ts";
import { runBinary } from "./arith.ts";
import { CT } from "./match.ts";
import { LESSER, resultType } from "./promote.ts";
import { kw1, kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** The type both sides of a comparison are read in. */
function commonType(tx: number, ty: number): number {
  if (tx === ty) return tx;
  const tempX = isTemporal(tx), tempY = isTemporal(ty);
  if (tempX && tempY) {
    if (tx === 15 || ty === 15) return 15;
    if (tx === 12 || ty === 12 || tx === 16 || ty === 16) return tx === 16 && ty === 16 ? 16 : 12;
    for (const t of [19, 18, 17, 14, 13]) if (tx === t || ty === t) return t;
  }
  if (tempX) return tx;
  if (tempY) return ty;
  if (isFloating(tx) || isFloating(ty)) return 9;
  if (tx === 7 || ty === 7) return 7;
  return 6;
}

/** Floats within q's comparison tolerance (2^-43, relative) are equal; nulls equal nulls. */
const TOL_EQ = "a === b || (a !== a && b !== b) || (Math.abs(a - b) <= CT * Math.max(Math.abs(a), Math.abs(b)) && " +
  "Math.abs(a - b) < Infinity)";
/**
 * A comparison of 64-bit integers through their 32-bit halves: comparing
 * BigInt elements costs V8 several times more than two int compares. The
 * long null (the smallest value) compares as q's nulls do.
 */
function words64(expr: string): Binary {
  const halves = (v: bigint): [number, number] => [Number(BigInt.asIntN(32, v >> 32n)), Number(BigInt.asIntN(32, v))];
  const view = (x: TypedArray) => new Int32Array(x.buffer, x.byteOffset, x.length * 2);
  const vv = new Function(
    "x",
    "y",
    "r",
    "n",
    `for (let i = 0; i < n; i++) { const ah = x[2 * i + 1], al = x[2 * i] >>> 0, bh = y[2 * i + 1], bl = y[2 * i] >>> 0; r[i] = ${expr}; }`,
  );
  const sv = new Function(
    "ah",
    "al",
    "y",
    "r",
    "n",
    `for (let i = 0; i < n; i++) { const bh = y[2 * i + 1], bl = y[2 * i] >>> 0; r[i] = ${expr}; }`,
  );
  const vs = new Function(
    "x",
    "bh",
    "bl",
    "r",
    "n",
    `for (let i = 0; i < n; i++) { const ah = x[2 * i + 1], al = x[2 * i] >>> 0; r[i] = ${expr}; }`,
  );
  return {
    vv: (x, y, r, n) => vv(view(x), view(y), r, n),
    sv: (a, y, r, n) => {
      const [h, l] = halves(a as bigint);
      sv(h, l >>> 0, view(y), r, n);
    },
    vs: (x, b, r, n) => {
      const [h, l] = halves(b as bigint);
      vs(view(x), h, l >>> 0, r, n);
    },
  };
}

const EQ = {
  i32: binary("a === b ? 1 : 0"),
  i64: words64("ah === bh && al === bl ? 1 : 0"),
  f64: binary(`${TOL_EQ} ? 1 : 0`, { CT }),
};
const LT = {
  i32: binary("a < b ? 1 : 0"),
  i64: words64("ah < bh || (ah === bh && al < bl) ? 1 : 0"),
  f64: binary(`(a < b && !(${TOL_EQ})) || (a !== a && b === b) ? 1 : 0`, { CT }),
};
const SYM_LT = binary("cmp(a, b) < 0 ? 1 : 0", { cmp: compareSyms });

type Kind = "eq" | "lt";

function pick(k: typeof EQ, rep: Rep): Binary {
  return rep === Rep.I32 ? k.i32 : rep === Rep.I64 ? k.i64 : k.f64;
}

/** Compares two simple values; `swap` evaluates `y<x` (for `>`). */
function cmpSimple(kind: Kind, x: Simple, y: Simple): Value {
  const tx = Math.abs(x.t), ty = Math.abs(y.t);
  if (tx === 11 || ty === 11) {
    if (tx !== ty) return qerr("type", "symbols compare only with symbols");
    const k = kind === "eq" ? EQ.i32 : SYM_LT;
    return runBinary(k, 1, x, y, rawI32(x), rawI32(y), Rep.I32);
  }
  if (tx === 2 || ty === 2) {
    if (tx !== ty) return qerr("type");
    return guidCompare(kind, x, y);
  }
  const t = commonType(tx, ty);
  const rep = repOf(t);
  const a = isTemporal(t) ? inUnitOf(x, t) : asRep(x, rep);
  const b = isTemporal(t) ? inUnitOf(y, t) : asRep(y, rep);
  return runBinary(pick(kind === "eq" ? EQ : LT, rep), 1, x, y, a, b, rep);
}

function rawI32(x: Simple): number | TypedArray {
  return x instanceof Atom ? (x.v as number) : x.a;
}

function guidCompare(kind: Kind, x: Simple, y: Simple): Value {
  const get = (v: Simple, i: number): Uint8Array =>
    v instanceof Atom ? v.v as Uint8Array : (v.a as Uint8Array).subarray(i * 16, i * 16 + 16);
  const n = x instanceof Vec ? x.n : y instanceof Vec ? y.n : 1;
  if (x instanceof Vec && y instanceof Vec && x.n !== y.n) return qerr("length");
  const r = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = get(x, i), b = get(y, i);
    let c = 0;
    for (let k = 0; k < 16 && c === 0; k++) c = a[k] - b[k];
    r[i] = kind === "eq" ? (c === 0 ? 1 : 0) : c < 0 ? 1 : 0;
  }
  return x instanceof Atom && y instanceof Atom ? new Atom(-1, r[0]) : new Vec(1, r);
}

function negate(v: Value): Value {
  if (v instanceof Atom) return new Atom(-1, v.v ? 0 : 1);
  if (v instanceof Vec) {
    const a = v.a as Uint8Array, r = new Uint8Array(a.length);
    for (let i = 0; i < a.length; i++) r[i] = a[i] ^ 1;
    return new Vec(1, r);
  }
  return atomic1(negate as (x: Simple) => Value, v);
}

/** `x=y` */
export function equal(x: Value, y: Value): Value {
  return atomic2((a, b) => cmpSimple("eq", a, b), x, y);
}
/** `x<>y` */
export function notEqual(x: Value, y: Value): Value {
  return negate(equal(x, y));
}
/** `x<y` */
export function less(x: Value, y: Value): Value {
  return atomic2((a, b) => cmpSimple("lt", a, b), x, y);
}
/** `x>y` */
export function greater(x: Value, y: Value): Value {
  return atomic2((a, b) => cmpSimple("lt", b, a), x, y);
}
/** `x<=y` */
export function lessEq(x: Value, y: Value): Value {
  return negate(greater(x, y));
}
/** `x>=y` */
export function greaterEq(x: Value, y: Value): Value {
  return negate(less(x, y));
}

/** `not x`: true where x is zero (false, 0, 0x00, midnight, 2000.01.01…). */
export function not(x: Value): Value {
  return atomic1((s) => {
    const t = Math.abs(s.t);
    if (t === 11 || t === 2) return qerr("type");
    const zero = new Atom(-t, repOf(t) === Rep.I64 ? 0n : 0);
    return cmpSimple("eq", s, zero);
  }, x);
}

// ------------------------------------------------------------- min and max

const MIN = {
  i32: binary("a < b ? a : b"),
  i64: binary("a < b ? a : b"),
  f64: binary("a !== a ? a : b !== b ? b : a < b ? a : b"),
};
const MAX = {
  i32: binary("a > b ? a : b"),
  i64: binary("a > b ? a : b"),
  f64: binary("a !== a ? b : b !== b ? a : a > b ? a : b"),
};
/** Types whose values compute as int32 and are stored back narrower. */
function isNarrow(t: number): boolean {
  return t === 1 || t === 4 || t === 5 || t === 10;
}

/** The lesser or greater of two simple values, in the type the Lesser table gives. */
function minMaxSimple(k: typeof MIN, x: Simple, y: Simple): Value {
  const tx = Math.abs(x.t), ty = Math.abs(y.t);
  const t = resultType(LESSER, tx, ty);
  if (t < 0) return qerr("type", "lesser and greater need numbers, chars or temporals");
  const rep = isNarrow(t) ? Rep.I32 : repOf(t);
  const a = isTemporal(t) ? inUnitOf(x, t) : asRep(x, rep);
  const b = isTemporal(t) ? inUnitOf(y, t) : asRep(y, rep);
  const out = runBinary(pick(k, rep), isNarrow(t) ? 6 : t, x, y, a, b, rep);
  return isNarrow(t) ? narrow(out, t) : out;
}

/** Stores int32 results back into a narrower type (boolean, byte, short, char). */
function narrow(v: Value, t: number): Value {
  if (v instanceof Atom) return new Atom(-t, t === 5 && v.v === -2147483648 ? -32768 : v.v);
  const a = (v as Vec).a as Int32Array;
  const r = new (ctorOf(t))(a.length) as Int16Array;
  for (let i = 0; i < a.length; i++) r[i] = t === 5 && a[i] === -2147483648 ? -32768 : a[i];
  return new Vec(t, r);
}

/** `x&y` (also `and`, `min` of two): the lesser. */
export function lesser(x: Value, y: Value): Value {
  return atomic2((a, b) => minMaxSimple(MIN, a, b), x, y);
}
/** `x|y` (also `or`): the greater. */
export function greaterOf(x: Value, y: Value): Value {
  return atomic2((a, b) => minMaxSimple(MAX, a, b), x, y);
}

/** Comparison and logic keywords. */
export const COMPARE_KEYWORDS: readonly Prim[] = [kw1("not", not), kw2("and", lesser), kw2("or", greaterOf)];
