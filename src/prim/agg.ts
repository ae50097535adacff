/**
 * Aggregates: functions from a list to one value, with q's null rules.
 * `sum prd min max avg` skip nulls on a vector (sum and prd count them as
 * 0 and 1) and fold the items of a general list (where nulls propagate);
 * `med var svar dev sdev` skip nulls and take the columns of a nested list;
 * `cov scov cor wavg` skip pairs with a null on either side; `any all` test
 * for nonzero items. A dictionary aggregates its values, a table each of
 * its columns (a dictionary by column name).
 *
 * Vector kernels are flat loops generated once per element type (so each
 * stays monomorphic); 64-bit longs are read through their 32-bit halves,
 * with no BigInt per element.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { NI, NJ, WJ } from "../value/nulls.ts";
import { intern } from "../value/sym.ts";
import { Atom, count, Dict, List, Table, type Value, Vec } from "../value/value.ts";
import { add, divide, multiply } from "./arith.ts";
import { greaterOf, lesser } from "./compare.ts";
import { asF64, halves, isSimple, joinHalves, type Simple } from "./convert.ts";
import { flip } from "./dict.ts";
import { type Fold, fold, perType } from "./kernels.ts";
import { FLOATS, MINMAX, MUL, PRDS, resultType, SUMS, typeIn } from "./promote.ts";
import { kw1, kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

// Loop shapes below are measured (bench/lib_math_bench.ts): a conditional
// expression compiles branch-free (0.6 ns/element) where an `if` costs 4-6 ns;
// a BigInt compare per element defeats V8's int64 lowering, so long loops
// test 0N on the 32-bit halves: (hi ^ 0x80000000 | lo) === 0.

// ------------------------------------------------------------ element loops

/** True for types stored as floats (real, float, datetime). */
function floating(t: number): boolean {
  return t === 8 || t === 9 || t === 15;
}

/** True for types stored as int64 (long, timestamp, timespan). */
function wide(t: number): boolean {
  return t === 7 || t === 12 || t === 16;
}

/** Sum of a float64 array, skipping NaN (null). */
export function sumF64(a: Float64Array | Float32Array): number {
  let s = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const v = a[i];
    s += v === v ? v : 0;
  }
  return s;
}

/** Exact wrapping sum of an int64 array, skipping 0N. */
function sumI64(a: BigInt64Array): bigint {
  const acc = new BigInt64Array(1);
  for (let i = 0, n = a.length; i < n; i++) acc[0] += a[i];
  // each 0N (-2^63) added 2^63 mod 2^64: take out one 2^63 per null
  const h = halves(a);
  let nulls = 0;
  for (let j = 1, m = h.length; j < m; j += 2) nulls += ((h[j] ^ NI) | h[j - 1]) === 0 ? 1 : 0;
  if (nulls & 1) acc[0] -= NJ;
  return acc[0];
}

/** Sums of other types: floats skip NaN; 32-bit and narrower integers wrap to 32 bits. */
const SUM = perType<Fold>((nul, t) =>
  floating(t)
    ? fold("let s = 0;", "s += a === a ? a : 0;", "s")
    : fold("let s = 0;", `s = (s + (${nul} ? 0 : a)) | 0;`, "s")
);

/** Products: nulls count as 1; integers wrap to 32 bits; booleans are and-ed. */
const PRD = perType<Fold>((nul, t) =>
  floating(t)
    ? fold("let p = 1;", "p *= a === a ? a : 1;", "p")
    : t === 1
    ? fold("let p = 1;", "p &= a;", "p")
    : fold("let p = 1;", `p = Math.imul(p, ${nul} ? 1 : a);`, "p")
);

/** Product of an int64 array, nulls as 1, wrapping. */
function prdI64(a: BigInt64Array): bigint {
  const acc = BigInt64Array.of(1n), h = halves(a);
  for (let i = 0, n = a.length; i < n; i++) if (((h[2 * i + 1] ^ NI) | h[2 * i]) !== 0) acc[0] *= a[i];
  return acc[0];
}

/** The least value of type `t` above null (-0W for numbers): what `max` of nulls gives. */
export function lowest(t: number): number | bigint {
  if (wide(t)) return -WJ;
  return floating(t) ? -Infinity : t === 5 ? -32767 : t === 1 || t === 4 || t === 10 ? 0 : -2147483647;
}
/** The greatest value of type `t` (0W for numbers): what `min` of nulls gives. */
export function highest(t: number): number | bigint {
  if (wide(t)) return WJ;
  return floating(t) ? Infinity : t === 5 ? 32767 : t === 1 ? 1 : t === 4 || t === 10 ? 255 : 2147483647;
}

/** Greatest item, nulls skipped: they are the least values (floats: NaN never compares greater). */
const MAX = perType<Fold>((_, t) => fold(`let m = ${lowest(t)};`, "m = a > m ? a : m;", "m"));
/** Least item, nulls skipped (floats: NaN never compares less). */
const MIN = perType<Fold>((nul, t) =>
  fold(`let m = ${highest(t)};`, floating(t) ? "m = a < m ? a : m;" : `m = a < m && !(${nul}) ? a : m;`, "m")
);

/** Beyond 2^53 in magnitude, distinct longs may share one float image. */
const EXACT = 9007199254740992;

/**
 * The greatest (`up`) or least non-null long: -0W or 0W when there is none.
 * One pass compares float images (hi·2^32 + lo, rounded once, so ordered
 * as the longs are) and keeps the index of the best; it is the answer
 * unless the best image lies beyond 2^53, where a second pass compares the
 * few items sharing that image exactly.
 */
function extremeI64(a: BigInt64Array, up: boolean): bigint {
  const h = halves(a);
  const at = up ? bestImageMax(h) : bestImageMin(h);
  if (at < 0) return up ? -WJ : WJ;
  const key = h[at + 1] * 4294967296 + (h[at] >>> 0);
  if (Math.abs(key) < EXACT) return joinHalves(h[at], h[at + 1]);
  let best: bigint | undefined;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== NJ && Number(v) === key && (best === undefined || (up ? v > best : v < best))) best = v;
  }
  return best ?? (up ? -WJ : WJ);
}

/** Word index of the item with the greatest float image (nulls, the least, never win over others). */
function bestImageMax(h: Int32Array): number {
  let m = -Infinity, at = -1;
  for (let j = 0, n = h.length; j < n; j += 2) {
    const v = h[j + 1] * 4294967296 + (h[j] >>> 0), gt = v > m;
    m = gt ? v : m;
    at = gt ? j : at;
  }
  return at;
}

/** Word index of the non-null item with the least float image, -1 when all are null. */
function bestImageMin(h: Int32Array): number {
  let m = Infinity, at = -1;
  for (let j = 0, n = h.length; j < n; j += 2) {
    const hi = h[j + 1], lo = h[j], d = hi * 4294967296 + (lo >>> 0);
    const v = ((hi ^ NI) | lo) === 0 ? Infinity : d, lt = v < m;
    m = lt ? v : m;
    at = lt ? j : at;
  }
  return at;
}

/** The greatest non-null long, -0W when there is none. */
function maxI64(a: BigInt64Array): bigint {
  return extremeI64(a, true);
}

/** The least non-null long, 0W when there is none. */
function minI64(a: BigInt64Array): bigint {
  return extremeI64(a, false);
}

/** Mean of the non-null items (NaN when there are none). */
const AVG = perType<Fold>((nul) =>
  fold("let s = 0, c = 0;", `const k = !(${nul}); s += k ? a : 0; c += k ? 1 : 0;`, "s / c")
);

/** Mean of the non-null items of an int64 array, accumulated in floats. */
function avgI64(a: BigInt64Array): number {
  const h = halves(a);
  let s = 0, c = 0;
  for (let j = 0, m = h.length; j < m; j += 2) {
    const lo = h[j], hi = h[j + 1], k = ((hi ^ NI) | lo) !== 0, v = hi * 4294967296 + (lo >>> 0);
    s += k ? v : 0;
    c += k ? 1 : 0;
  }
  return s / c;
}

/** Count of nonzero items (NaN is nonzero). */
const NONZERO = perType<Fold>(() => fold("let c = 0;", "c += a !== 0 ? 1 : 0;", "c"));

/** Count of nonzero items of an int64 array. */
function nonzeroI64(a: BigInt64Array): number {
  const h = halves(a);
  let c = 0;
  for (let j = 0, m = h.length; j < m; j += 2) c += (h[j] | h[j + 1]) !== 0 ? 1 : 0;
  return c;
}

// ------------------------------------------------------------ shapes

/** How an aggregate treats a vector, an atom and a general list. */
interface Shapes {
  vec(x: Vec): Value;
  atom(x: Atom): Value;
  list(x: List): Value;
}

/** A dictionary from the columns of a table to `f` of each. */
function byColumn(t: Table, f: (x: Value) => Value): Dict {
  return new Dict(new Vec(11, Int32Array.from(t.cols, (c) => intern(c))), fromItems(t.data.map(f)));
}

/** An aggregate over any value: dictionaries by their values, tables column by column. */
function aggregate(s: Shapes): (x: Value) => Value {
  const g = (x: Value): Value => {
    if (x instanceof Vec) return s.vec(x);
    if (x instanceof Atom) return s.atom(x);
    if (x instanceof List) return s.list(x);
    if (x instanceof Table) return byColumn(x, g);
    if (x instanceof Dict) return g(x.v);
    return qerr("type", "expected a list");
  };
  return g;
}

/** Folds the items of a general list with `f`; the empty list gives `empty`. */
function foldItems(f: (x: Value, y: Value) => Value, empty: Value): (x: List) => Value {
  return (x) => {
    if (x.a.length === 0) return empty;
    let acc = x.a[0];
    for (let i = 1; i < x.a.length; i++) acc = f(acc, x.a[i]);
    return acc;
  };
}

/** An atom returned unchanged when `range` takes its type (a type error otherwise). */
export function sameAtom(range: Int8Array, fn: string): (x: Atom) => Value {
  return (x) => (typeIn(range, x.t, fn), x);
}

// ------------------------------------------------------------ sum prd min max

/** `sum x` (ref/sum.md): total of a list, nulls as zero; an atom is its own sum. */
export const sum: (x: Value) => Value = aggregate({
  vec(x) {
    const t = typeIn(SUMS, x.t, "sum"), a = x.a;
    if (a instanceof BigInt64Array) return new Atom(-t, sumI64(a));
    const s = a instanceof Float64Array ? sumF64(a) : SUM(x.t)(a, a.length);
    return new Atom(-t, t === 8 ? Math.fround(s) : s);
  },
  atom: sameAtom(SUMS, "sum"),
  list: foldItems(add, new Atom(-7, 0n)),
});

/** `prd x` (ref/prd.md): product of a list, nulls as one; booleans stay boolean. */
export const prd: (x: Value) => Value = aggregate({
  vec(x) {
    const t = x.t === 1 ? 1 : typeIn(PRDS, x.t, "prd"), a = x.a;
    if (a instanceof BigInt64Array) return new Atom(-t, prdI64(a));
    const p = PRD(x.t)(a, a.length);
    return new Atom(-t, t === 8 ? Math.fround(p) : p);
  },
  atom: sameAtom(PRDS, "prd"),
  list: foldItems(multiply, new Atom(-7, 1n)),
});

/** `max x` (ref/max.md): greatest item, nulls skipped; -0W when all are null. */
export const max: (x: Value) => Value = aggregate({
  vec(x) {
    const t = typeIn(MINMAX, x.t, "max"), a = x.a;
    return new Atom(-t, a instanceof BigInt64Array ? maxI64(a) : MAX(t)(a, a.length));
  },
  atom: sameAtom(MINMAX, "max"),
  list: foldItems(greaterOf, new Atom(-7, -WJ)),
});

/** `min x` (ref/min.md): least item, nulls skipped; 0W when all are null. */
export const min: (x: Value) => Value = aggregate({
  vec(x) {
    const t = typeIn(MINMAX, x.t, "min"), a = x.a;
    return new Atom(-t, a instanceof BigInt64Array ? minI64(a) : MIN(t)(a, a.length));
  },
  atom: sameAtom(MINMAX, "min"),
  list: foldItems(lesser, new Atom(-7, WJ)),
});

// ------------------------------------------------------------ averages and statistics

/** The float image of a simple value (nulls NaN) whose type `range` takes (FLOATS unless given). */
export function floats(x: Simple, fn: string, range: Int8Array = FLOATS): Float64Array {
  typeIn(range, x.t, fn);
  const f = asF64(x);
  return typeof f === "number" ? Float64Array.of(f) : f;
}

/** A float atom. */
function flo(v: number): Atom {
  return new Atom(-9, v);
}

/** True when every item of a general list is an atom. */
function allAtoms(x: List): boolean {
  return x.a.every((i) => i instanceof Atom);
}

/** The items of a list of atoms as floats, a type error for non-numbers. */
function atomFloats(x: List, fn: string): Float64Array {
  return Float64Array.from(x.a, (i) => floats(i as Atom, fn)[0]);
}

/** `avg x` (ref/avg.md): mean as a float; a vector skips nulls, a mixed list counts them as zero. */
export const avg: (x: Value) => Value = aggregate({
  vec(x) {
    typeIn(FLOATS, x.t, "avg");
    const a = x.a;
    return flo(a instanceof BigInt64Array ? avgI64(a) : AVG(x.t)(a, a.length));
  },
  atom: (x) => flo(floats(x, "avg")[0]),
  list(x) {
    const n = x.a.length;
    if (allAtoms(x)) return flo(n === 0 ? NaN : sumF64(atomFloats(x, "avg").map((v) => v === v ? v : 0)) / n);
    return divide(foldItems(add, new Atom(-7, 0n))(x), new Atom(-7, BigInt(n)));
  },
});

/** The non-null items of a float array. */
function present(f: Float64Array): Float64Array {
  return f.filter((v) => v === v);
}

/** Median of floats (nulls skipped), NaN when empty. */
function median(f: Float64Array): number {
  const s = present(f).sort(), n = s.length;
  return n === 0 ? NaN : n & 1 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Sum of squared deviations from the mean and the count, of the non-null items. */
function moments(f: Float64Array): [number, number] {
  const v = present(f), n = v.length;
  const mean = sumF64(v) / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += (v[i] - mean) * (v[i] - mean);
  return [m2, n];
}

/**
 * A statistic of the non-null items as floats: on a vector (or atom), or on
 * each column of a nested list, or on a list of atoms.
 */
function statistic(fn: string, f: (x: Float64Array) => number): (x: Value) => Value {
  const one = (x: Simple) => flo(f(floats(x, fn)));
  return aggregate({
    vec: one,
    atom: one,
    list(x) {
      if (allAtoms(x)) return flo(f(atomFloats(x, fn)));
      return fromItems(itemsOf(flip(x)).map((c) => (isSimple(c) ? one(c) : qerr("type", `${fn} needs numbers`))));
    },
  });
}

/** `med x` (ref/med.md): the median. */
export const med: (x: Value) => Value = statistic("med", median);
/** `var x` (ref/var.md): the variance. */
export const variance: (x: Value) => Value = statistic("var", (f) => {
  const [m2, n] = moments(f);
  return m2 / n;
});
/** `svar x` (ref/var.md): the sample variance. */
export const svar: (x: Value) => Value = statistic("svar", (f) => {
  const [m2, n] = moments(f);
  return n < 2 ? NaN : m2 / (n - 1);
});
/** `dev x` (ref/dev.md): the standard deviation. */
export const dev: (x: Value) => Value = statistic("dev", (f) => {
  const [m2, n] = moments(f);
  return Math.sqrt(m2 / n);
});
/** `sdev x` (ref/dev.md): the sample standard deviation. */
export const sdev: (x: Value) => Value = statistic("sdev", (f) => {
  const [m2, n] = moments(f);
  return n < 2 ? NaN : Math.sqrt(m2 / (n - 1));
});

// ------------------------------------------------------------ two lists

/** Both arguments as float arrays of one count (an atom extends), else a type or length error. */
function pairs(x: Value, y: Value, fn: string): [Float64Array, Float64Array] {
  if (!isSimple(x) || !isSimple(y)) return qerr("type", `${fn} needs numeric lists`);
  let a = floats(x, fn), b = floats(y, fn);
  if (x instanceof Atom && y instanceof Vec) a = new Float64Array(y.n).fill(a[0]);
  if (y instanceof Atom && x instanceof Vec) b = new Float64Array(x.n).fill(b[0]);
  return a.length === b.length ? [a, b] : qerr("length", `${fn} needs lists of one count`);
}

/** The items at which neither array is null. */
function together(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const keep = a.map((v, i) => (v === v && b[i] === b[i] ? 1 : 0));
  return [a.filter((_, i) => keep[i] === 1), b.filter((_, i) => keep[i] === 1)];
}

/** Co-moment Σ(x-x̄)(y-ȳ), Σ(x-x̄)², Σ(y-ȳ)² and the count of the pairs without nulls. */
function comoments(x: Value, y: Value, fn: string): [number, number, number, number] {
  const [a, b] = together(...pairs(x, y, fn)), n = a.length;
  const ma = sumF64(a) / n, mb = sumF64(b) / n;
  let c = 0, va = 0, vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    c += da * db;
    va += da * da;
    vb += db * db;
  }
  return [c, va, vb, n];
}

/** `x cov y` (ref/cov.md): covariance of the pairs without nulls. */
export function cov(x: Value, y: Value): Value {
  const [c, , , n] = comoments(x, y, "cov");
  return flo(c / n);
}
/** `x scov y` (ref/cov.md): sample covariance. */
export function scov(x: Value, y: Value): Value {
  const [c, , , n] = comoments(x, y, "scov");
  return flo(c / (n - 1));
}
/** `x cor y` (ref/cor.md): Pearson correlation of the pairs without nulls. */
export function cor(x: Value, y: Value): Value {
  const [c, va, vb] = comoments(x, y, "cor");
  return flo(c / Math.sqrt(va * vb));
}

/** True when a product of these types is an integer type (booleans to longs). */
function integral(tx: number, ty: number): boolean {
  const t = resultType(MUL, tx, ty);
  return t >= 1 && t <= 7;
}

/** Σ x·y over the pairs without nulls, in floats. */
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] * b[i];
    s += p === p ? p : 0;
  }
  return s;
}

/** `x wsum y` (ref/sum.md): Σ x·y; two integer lists are first made floats. */
export function wsum(x: Value, y: Value): Value {
  if (y instanceof Dict) return wsum(x, y.v);
  if (x instanceof Vec && y instanceof Vec && integral(x.t, y.t)) return flo(dot(...pairs(x, y, "wsum")));
  return sum(multiply(x, y));
}

/** `x wavg y` (ref/avg.md): (Σ x·y) % Σ x over the pairs without nulls; per item for nested lists. */
export function wavg(x: Value, y: Value): Value {
  if (y instanceof Dict) return wavg(x, y.v);
  if (isSimple(x) && isSimple(y)) {
    const [a, b] = together(...pairs(x, y, "wavg"));
    return flo(dot(a, b) / sumF64(a));
  }
  const w = x instanceof Atom ? new List(new Array<Value>(count(y)).fill(x)) : x;
  return divide(sum(multiply(w, y)), sum(w));
}

// ------------------------------------------------------------ any all

/** True for types `any` and `all` take: all but symbols and GUIDs. */
function logical(t: number): boolean {
  return t > 0 && t < 20 && t !== 2 && t !== 11;
}

/** How many items of a vector are nonzero. */
function nonzero(x: Vec): number {
  if (!logical(x.t)) return qerr("type", "any and all need numbers, chars or temporals");
  const a = x.a;
  return a instanceof BigInt64Array ? nonzeroI64(a) : NONZERO(x.t)(a, a.length);
}

/** A value with every atom replaced by whether it is nonzero (NaN is nonzero). */
function truth(x: Value): Value {
  if (x instanceof List) return new List(x.a.map(truth));
  if (!isSimple(x)) return qerr("type", "any and all need numbers, chars or temporals");
  if (!logical(Math.abs(x.t))) return qerr("type", "any and all need numbers, chars or temporals");
  const f = asF64(x);
  if (typeof f === "number") return new Atom(-1, f !== 0 ? 1 : 0);
  return new Vec(1, Uint8Array.from(f, (v) => (v !== 0 ? 1 : 0)));
}

/** `all x` (ref/all-any.md): every item nonzero (true for an empty list). */
export const all: (x: Value) => Value = aggregate({
  vec: (x) => new Atom(-1, nonzero(x) === x.n ? 1 : 0),
  atom: truth,
  list: (x) => foldItems(lesser, new Atom(-1, 1))(new List(x.a.map(truth))),
});

/** `any x` (ref/all-any.md): some item nonzero (false for an empty list). */
export const any: (x: Value) => Value = aggregate({
  vec: (x) => new Atom(-1, nonzero(x) > 0 ? 1 : 0),
  atom: truth,
  list: (x) => foldItems(greaterOf, new Atom(-1, 0))(new List(x.a.map(truth))),
});

/** Aggregation keywords. */
export const AGG_KEYWORDS: readonly Prim[] = [
  kw1("sum", sum),
  kw1("prd", prd),
  kw1("max", max),
  kw1("min", min),
  kw1("avg", avg),
  kw1("med", med),
  kw1("var", variance),
  kw1("svar", svar),
  kw1("dev", dev),
  kw1("sdev", sdev),
  kw1("any", any),
  kw1("all", all),
  kw2("cov", cov),
  kw2("scov", scov),
  kw2("cor", cor),
  kw2("wsum", wsum),
  kw2("wavg", wavg),
];
