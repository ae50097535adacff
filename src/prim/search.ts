/**
 * Searching: `?` (Find, or Roll and Deal when the left argument is an
 * integer, and the vector conditional `?[c;a;b]`), the binary searches
 * `bin` and `binr`, and `xbar`, which rounds down to multiples of a bucket
 * size.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { compareSyms } from "../value/sym.ts";
import { ctorOf, typeOfLetter } from "../value/types.ts";
import { Atom, count, isAtom, List, type Value, Vec } from "../value/value.ts";
import { atomic2 } from "./atomic.ts";
import { asF64, asRep, halves, isSimple, Rep, repOf, type Simple } from "./convert.ts";
import { coerce, find, isIntAtom, longVec } from "./list.ts";
import { LESSER, resultType } from "./promote.ts";
import { roll } from "./random.ts";

/** `x?y`: Roll, Deal or Permute when x is an integer atom (reference: ref/deal.md), else Find. */
export function query(x: Value, y: Value): Value {
  return isIntAtom(x) ? roll(x, y) : find(x, y);
}

/**
 * `?[c;a;b]`: vector conditional (reference: ref/vector-conditional.md);
 * simple `a` and `b` of different types meet in the wider type.
 */
export function queryN(args: Value[]): Value {
  if (args.length !== 3) return qerr("rank");
  const [c, a, b] = args;
  if (c instanceof Atom && c.t === -1) return c.v ? a : b;
  if (!(c instanceof Vec) || c.t !== 1) return qerr("type", "vector conditional needs booleans");
  const n = c.n;
  if ((!isAtom(a) && count(a) !== n) || (!isAtom(b) && count(b) !== n)) return qerr("length");
  const mask = c.a as Uint8Array;
  if ((a instanceof Vec || b instanceof Vec) && isSimple(a) && isSimple(b)) {
    const ta = Math.abs(a.t), tb = Math.abs(b.t);
    const t = ta === tb ? ta : resultType(LESSER, ta, tb);
    if (t > 0 && t !== 2) return choose(t, mask, coerce(a, t), coerce(b, t));
  }
  const as = itemsOf(a), bs = itemsOf(b);
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = mask[i] ? (isAtom(a) ? a : as[i]) : (isAtom(b) ? b : bs[i]);
  return fromItems(out);
}

/** Items of `a` where the mask is set, else of `b` (simple values of one type `t`). */
function choose(t: number, mask: Uint8Array, a: Simple, b: Simple): Vec {
  const n = mask.length;
  const r = new (ctorOf(t))(n) as Int32Array;
  const av = a instanceof Vec ? a.a as Int32Array : null, bv = b instanceof Vec ? b.a as Int32Array : null;
  const as = a instanceof Atom ? a.v as number : 0, bs = b instanceof Atom ? b.v as number : 0;
  for (let i = 0; i < n; i++) r[i] = mask[i] ? (av ? av[i] : as) : (bv ? bv[i] : bs);
  return new Vec(t, r);
}

// ------------------------------------------------------------------ bin, binr

/** `x bin y`: in sorted x, the index of the last item ≤ each y (-1 when none). */
export function bin(x: Value, y: Value): Value {
  return binarySearch(x, y, false);
}

/** `x binr y`: in sorted x, the index of the first item ≥ each y (`count x` when none). */
export function binr(x: Value, y: Value): Value {
  return binarySearch(x, y, true);
}

/** Right-atomic binary search of atoms or vectors `y` of x's type in the sorted vector x. */
function binarySearch(x: Value, y: Value, right: boolean): Value {
  if (!(x instanceof Vec)) return qerr("type", "bin searches a sorted vector");
  if (y instanceof List) return fromItems(y.a.map((v) => binarySearch(x, v, right)));
  if (!isSimple(y) || Math.abs(y.t) !== x.t) return qerr("type", "bin needs items of the list's type");
  const ys = y instanceof Vec ? y : new Vec(x.t, new (ctorOf(x.t))([y.v] as never));
  const r = new Int32Array(ys.n);
  if (x.t === 11) searchSyms(x.a as Int32Array, ys.a as Int32Array, right, r);
  else if (x.t === 2) return qerr("type", "bin does not search guids");
  else if (repOf(x.t) === Rep.I64) searchLongs(halves(x.a as BigInt64Array), halves(ys.a as BigInt64Array), right, r);
  else searchNumbers(numbers(x), numbers(ys), right, r);
  return y instanceof Atom ? new Atom(-7, BigInt(r[0])) : longVec(r);
}

/** Items as int32 (when they are) or float64; nulls stay the smallest. */
function numbers(x: Vec): Int32Array | Float64Array {
  return x.a instanceof Int32Array ? x.a : asF64(x) as Float64Array;
}

/**
 * For each probe, the count of items before it: items ≤ it for `bin`
 * (less one: the index of the last), items < it for `binr`. NaN (null)
 * sorts first, so it counts as below every number.
 */
function searchNumbers(a: Int32Array | Float64Array, ys: Int32Array | Float64Array, right: boolean, r: Int32Array) {
  const n = a.length;
  let nulls = 0;
  while (nulls < n && a[nulls] !== a[nulls]) nulls++;
  for (let j = 0; j < ys.length; j++) {
    const v = ys[j];
    let base = 0, len = n;
    if (v !== v) base = right ? 0 : nulls;
    else if (right) {
      while (len > 0) {
        const half = len >>> 1, p = a[base + half];
        if (!(p >= v)) [base, len] = [base + half + 1, len - half - 1];
        else len = half;
      }
    } else {
      while (len > 0) {
        const half = len >>> 1, p = a[base + half];
        if (!(p > v)) [base, len] = [base + half + 1, len - half - 1];
        else len = half;
      }
    }
    r[j] = right ? base : base - 1;
  }
}

/** As searchNumbers for 64-bit integers held as int32 halves (high word signed, low unsigned). */
function searchLongs(a: Int32Array, ys: Int32Array, right: boolean, r: Int32Array): void {
  const n = a.length >> 1, strict = right ? 1 : 0;
  for (let j = 0; j < ys.length >> 1; j++) {
    const vh = ys[2 * j + 1], vl = ys[2 * j] >>> 0;
    let base = 0, len = n;
    while (len > 0) {
      const half = len >>> 1, k = 2 * (base + half), ph = a[k + 1], pl = a[k] >>> 0;
      const below = ph < vh || (ph === vh && pl + strict <= vl);
      if (below) [base, len] = [base + half + 1, len - half - 1];
      else len = half;
    }
    r[j] = right ? base : base - 1;
  }
}

/** As searchNumbers for symbols, ordered by their text. */
function searchSyms(a: Int32Array, ys: Int32Array, right: boolean, r: Int32Array): void {
  const limit = right ? 0 : 1;
  for (let j = 0; j < ys.length; j++) {
    let base = 0, len = a.length;
    while (len > 0) {
      const half = len >>> 1;
      if (compareSyms(a[base + half], ys[j]) < limit) [base, len] = [base + half + 1, len - half - 1];
      else len = half;
    }
    r[j] = right ? base : base - 1;
  }
}

// ------------------------------------------------------------------ xbar

/** Result types of `x xbar y`, row x and column y, as ref/xbar.md tabulates them (`.` a type error). */
const XBAR_ROWS: Record<string, string> = {
  b: "i . i i i j f f i . p m d z n u v t",
  x: "i . i i i j f f i . p m d z n u v t",
  h: "i . i i i j f f i . p m d z n u v t",
  i: "i . i i i j f f i . p m d z n u v t",
  j: "j . j j j j f f j . p m d z n u v t",
  e: "e . e e e e f f e . p m d z n u v t",
  f: "f . f f f f f f f . f f z z f f f f",
  c: ". . . . . . f f . . p m d z n u v t",
  p: "p . p p p p f f p . . . . . . . . .",
  m: "m . m m m m f f m . . . . . . . . .",
  d: "d . d d d d z z d . . . . . . . . .",
  z: "z . z z z z z z z . . . . . . . . .",
  n: "j . j j j j f f j . p m d z n u v t",
  u: "u . u u u u f f u . . . . . . . . .",
  v: "v . v v v v f f v . . . . . . . . .",
  t: "t . t t t t f f t . . . . . . . . .",
};

/** XBAR_ROWS as a 20x20 grid by type codes: the result type, or -1. */
const XBAR = new Int8Array(400).fill(-1);
for (const [row, cells] of Object.entries(XBAR_ROWS)) {
  cells.split(" ").forEach((c, j) => {
    if (c !== ".") XBAR[typeOfLetter(row)! * 20 + typeOfLetter("bgxhijefcspmdznuvt"[j])!] = typeOfLetter(c)!;
  });
}

/** `x xbar y`: y rounded down to a multiple of x, in the raw units of each type. Atomic. */
export function xbar(x: Value, y: Value): Value {
  return atomic2(xbarSimple, x, y);
}

function xbarSimple(x: Simple, y: Simple): Value {
  const t = XBAR[Math.abs(x.t) * 20 + Math.abs(y.t)] ?? -1;
  if (t < 0) return qerr("type", "xbar needs a numeric bucket size and numeric or temporal values");
  const rep = t === 8 ? Rep.F64 : repOf(t);
  const n = x instanceof Vec ? x.n : y instanceof Vec ? y.n : 1;
  if (x instanceof Vec && y instanceof Vec && x.n !== y.n) return qerr("length");
  const xs = boxed(asRep(x, rep)),
    ys = boxed(asRep(y, rep)),
    sx = x instanceof Vec ? 1 : 0,
    sy = y instanceof Vec ? 1 : 0;
  let r: Float64Array | Int32Array | BigInt64Array;
  if (rep === Rep.I64) r = barLongs(xs as BigInt64Array, ys as BigInt64Array, sx, sy, n);
  else if (rep === Rep.I32) r = barInts(xs as Int32Array, ys as Int32Array, sx, sy, n);
  else r = barFloats(xs as Float64Array, ys as Float64Array, sx, sy, n);
  const out = t === 8 ? Float32Array.from(r as Float64Array) : r;
  return x instanceof Atom && y instanceof Atom ? new Atom(-t, out[0]) : new Vec(t, out);
}

/** A scalar as a one-item typed array, so one loop serves atoms and vectors. */
function boxed(v: number | bigint | ArrayLike<number | bigint>): ArrayLike<number | bigint> {
  if (typeof v === "bigint") return BigInt64Array.of(v);
  if (typeof v === "number") return Float64Array.of(v);
  return v;
}

/** `x*floor y%x` on floats (NaN stays NaN). */
function barFloats(x: ArrayLike<number>, y: Float64Array, sx: number, sy: number, n: number): Float64Array {
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = x[i * sx];
    r[i] = b * Math.floor(y[i * sy] / b);
  }
  return r;
}

/** `x*floor y%x` on int32 values; 0N stays 0N, and a zero x gives 0N. */
function barInts(x: ArrayLike<number>, y: Int32Array | Float64Array, sx: number, sy: number, n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = x[i * sx], v = y[i * sy];
    r[i] = v === -2147483648 || b === -2147483648 || b === 0 ? -2147483648 : b * Math.floor(v / b);
  }
  return r;
}

/**
 * `x*floor y%x` on int64 values without BigInt values: a truncating
 * division (V8 lowers BigInt64Array arithmetic to machine integers, but
 * only while no operand is 0N: so 0N is first replaced, in y by 0 and in x,
 * like 0, by 1), then a pass over the int32 halves moving negative values
 * with a remainder one bucket down, and 0N written where y or x is 0N or x
 * is 0.
 */
function barLongs(x: BigInt64Array, y: BigInt64Array, sx: number, sy: number, n: number): BigInt64Array {
  const r = new BigInt64Array(n), hx = halves(x);
  if (sx === 0 && isNullOrZero(hx, 0, 1)) return r.fill(-9223372036854775808n);
  const d = scrubbed(x, 1), v = scrubbed(y, 0);
  if (sx === 0 && sy === 1) { for (let i = 0; i < n; i++) r[i] = (v[i] / d[0]) * d[0]; }
  else for (let i = 0; i < n; i++) r[i] = (v[i * sy] / d[i * sx]) * d[i * sx];
  const hr = halves(r), hy = halves(y);
  for (let i = 0; i < n; i++) {
    const j = 2 * i * sy, yh = hy[j + 1];
    if (yh >= 0) continue;
    if (yh === -2147483648 && hy[j] === 0) [hr[2 * i], hr[2 * i + 1]] = [0, -2147483648];
    else if (hr[2 * i] !== hy[j] || hr[2 * i + 1] !== yh) r[i] -= d[i * sx];
  }
  if (sx) nullWhere(hx, hr);
  return r;
}

/** `a` with 0N (and, when `zero` is 1, 0) replaced by `zero`; `a` itself when there is none. */
function scrubbed(a: BigInt64Array, zero: number): BigInt64Array {
  const h = halves(a);
  let found = false;
  for (let i = 0; i < h.length && !found; i += 2) found = isNullOrZero(h, i, zero);
  if (!found) return a;
  const r = a.slice(), hr = halves(r);
  for (let i = 0; i < h.length; i += 2) if (isNullOrZero(h, i, zero)) [hr[i], hr[i + 1]] = [zero, 0];
  return r;
}

function isNullOrZero(h: Int32Array, i: number, zero: number): boolean {
  return h[i] === 0 && (h[i + 1] === -2147483648 || (zero === 1 && h[i + 1] === 0));
}

/** Writes 0N into the result words `hr` wherever the words `h` of a vector x hold 0N or 0. */
function nullWhere(h: Int32Array, hr: Int32Array): void {
  for (let i = 0; i < hr.length; i += 2) if (isNullOrZero(h, i, 1)) [hr[i], hr[i + 1]] = [0, -2147483648];
}
