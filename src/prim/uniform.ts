/**
 * Uniform functions: results of the same count as their argument.
 *
 * - running: `sums prds maxs mins avgs` (nulls count as 0 and 1 in sums and
 *   products; maxs and mins skip them, starting from -0W and 0W);
 * - neighbours: `deltas ratios differ` (the first item's predecessor is 0,
 *   1, nothing), `prev next xprev` (shifted in nulls), `fills`;
 * - moving windows of x items: `msum mcount mavg mdev mmax mmin`, and the
 *   exponential moving average `ema`.
 *
 * A dictionary maps its values, a table its columns; a general list
 * accumulates its items with the matching operator (`+ * | &`), and the
 * moving functions take the columns of a nested list. Each keyword's null
 * and first-item rules follow its reference page (ref/sum.md, ref/prd.md,
 * ref/max.md, ref/min.md, ref/avg.md, ref/deltas.md, ref/ratios.md,
 * ref/differ.md, ref/fill.md, ref/next.md, ref/count.md, ref/dev.md,
 * ref/ema.md).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf, protoNull } from "../value/items.ts";
import { NI, nullOf } from "../value/nulls.ts";
import { ctorOf, type TypedArray } from "../value/types.ts";
import { Atom, Dict, List, Table, type Value, Vec } from "../value/value.ts";
import { floats, highest, lowest, sameAtom } from "./agg.ts";
import { add, divide, multiply, subtract } from "./arith.ts";
import { greaterOf, lesser } from "./compare.ts";
import { asF64, asI32, asI64, halves, isSimple, Rep, repOf, type Simple } from "./convert.ts";
import { flip } from "./dict.ts";
import { perType, type Scan, scan, type Sliding, sliding } from "./kernels.ts";
import { fill } from "./list.ts";
import { match, tolerantEq } from "./match.ts";
import { AVGS, DELTAS, FLOATS, MINMAX, resultType, SUB, SUMS, typeIn } from "./promote.ts";
import { kw1, kw2 } from "./define.ts";
import type { Prim } from "../value/value.ts";

// ------------------------------------------------------------ shapes

/** How a uniform function treats a vector, an atom and a general list. */
interface Shapes {
  vec(x: Vec): Value;
  atom(x: Atom): Value;
  list(x: List): Value;
}

/** A uniform function over any value: dictionaries map their values, tables their columns. */
function uniform(s: Shapes): (x: Value) => Value {
  const g = (x: Value): Value => {
    if (x instanceof Vec) return s.vec(x);
    if (x instanceof Atom) return s.atom(x);
    if (x instanceof List) return s.list(x);
    if (x instanceof Table) return new Table(x.cols, x.data.map(g));
    if (x instanceof Dict) return new Dict(x.k, g(x.v));
    return qerr("type", "expected a list");
  };
  return g;
}

/** An atom as a one-item vector. */
function single(x: Atom): Vec {
  const a = new (ctorOf(-x.t))(x.t === -2 ? 16 : 1);
  if (x.t === -2) (a as Uint8Array).set(x.v as Uint8Array);
  else a[0] = x.v as never;
  return new Vec(-x.t, a);
}

/** Applies a vector function to an atom as to a one-item list, giving the atom of the result. */
function asSingle(f: (x: Vec) => Value): (x: Atom) => Value {
  return (x) => {
    const r = f(single(x));
    return r instanceof Vec ? new Atom(-r.t, r.a[0] as number | bigint) : r;
  };
}

/** The items of a general list scanned with `f`: r[0] = x[0], r[i] = f(r[i-1], x[i]). */
function scanItems(f: (a: Value, b: Value) => Value): (x: List) => Value {
  return (x) => {
    const out: Value[] = [];
    for (const item of x.a) out.push(out.length ? f(out[out.length - 1], item) : item);
    return fromItems(out);
  };
}

/** Each item of a general list with its predecessor: f(x[i], x[i-1]), the first with `first`. */
function priorItems(f: (a: Value, b: Value) => Value, first: (a: Value) => Value): (x: List) => Value {
  return (x) => fromItems(x.a.map((item, i) => (i === 0 ? first(item) : f(item, x.a[i - 1]))));
}

/** A vector of type `t` over a fresh typed array of `n` items. */
function alloc(t: number, n: number): TypedArray {
  return new (ctorOf(t))(n);
}

// ------------------------------------------------------------ sums prds

/** Running sums in the result's representation: floats skip NaN, ints wrap to 32 bits. */
const SUMS_K = perType<Scan>((nul, t) =>
  repOf(t) === Rep.F64
    ? scan("let s = 0;", "s += a === a ? a : 0;")
    : scan("let s = 0;", `s = (s + (${nul} ? 0 : a)) | 0;`)
);
const PRDS_K = perType<Scan>((nul, t) =>
  repOf(t) === Rep.F64
    ? scan("let s = 1;", "s *= a === a ? a : 1;")
    : scan("let s = 1;", `s = Math.imul(s, ${nul} ? 1 : a);`)
);

/** A copy of int64 items with each 0N replaced by `v` (0 or 1), through the halves. */
function replaceNulls(a: BigInt64Array, v: number): BigInt64Array {
  const r = a.slice(), h = halves(r);
  for (let j = 0, m = h.length; j < m; j += 2) {
    const nul = ((h[j + 1] ^ NI) | h[j]) === 0;
    h[j] = nul ? v : h[j];
    h[j + 1] = nul ? 0 : h[j + 1];
  }
  return r;
}

/** Running sums (`mul` false) or products of a vector, as type `t` (ref/sum.md, ref/prd.md). */
function running(x: Vec, t: number, mul: boolean): Vec {
  if (repOf(t) === Rep.I64) {
    const r = replaceNulls(asI64(x) as BigInt64Array, mul ? 1 : 0);
    if (mul) { for (let i = 1; i < r.length; i++) r[i] *= r[i - 1]; }
    else for (let i = 1; i < r.length; i++) r[i] += r[i - 1];
    return new Vec(t, r);
  }
  const src = repOf(t) === Rep.F64 ? asF64(x) as Float64Array : asI32(x) as Int32Array;
  const r = alloc(t, x.n);
  (mul ? PRDS_K : SUMS_K)(t)(src, r, x.n);
  return new Vec(t, r);
}

/** `sums x`: running totals, nulls as zero; an atom is its own. */
export const sums: (x: Value) => Value = uniform({
  vec: (x) => running(x, typeIn(SUMS, x.t, "sums"), false),
  atom: sameAtom(SUMS, "sums"),
  list: scanItems(add),
});

/** `prds x`: running products, nulls as one; an atom is its own. */
export const prds: (x: Value) => Value = uniform({
  vec: (x) => running(x, typeIn(SUMS, x.t, "prds"), true),
  atom: sameAtom(SUMS, "prds"),
  list: scanItems(multiply),
});

// ------------------------------------------------------------ maxs mins

/** Running maximums, nulls skipped, from -0W. */
const MAXS_K = perType<Scan>((nul, t) => scan(`let s = ${lowest(t)};`, `s = a > s && !(${nul}) ? a : s;`));
/** Running minimums, nulls skipped, from 0W. */
const MINS_K = perType<Scan>((nul, t) => scan(`let s = ${highest(t)};`, `s = a < s && !(${nul}) ? a : s;`));

/** Running maximums (`up`) or minimums of int64 items through the halves, nulls skipped. */
function extremesI64(a: BigInt64Array, up: boolean): BigInt64Array {
  const r = new BigInt64Array(a.length), h = halves(a), rh = halves(r);
  let bh = up ? NI : 2147483647, bl = up ? 1 : 4294967295;
  for (let j = 0, m = h.length; j < m; j += 2) {
    const hi = h[j + 1], lo = h[j] >>> 0;
    const win = up ? hi > bh || (hi === bh && lo > bl) : (hi < bh || (hi === bh && lo < bl)) && ((hi ^ NI) | lo) !== 0;
    bh = win ? hi : bh;
    bl = win ? lo : bl;
    rh[j] = bl;
    rh[j + 1] = bh;
  }
  return r;
}

/** Running maximums (`up`) or minimums of a vector, of its own type. */
function extremes(x: Vec, up: boolean, fn: string): Vec {
  const t = typeIn(MINMAX, x.t, fn);
  if (x.a instanceof BigInt64Array) return new Vec(t, extremesI64(x.a, up));
  const r = alloc(t, x.n);
  (up ? MAXS_K : MINS_K)(t)(x.a, r, x.n);
  return new Vec(t, r);
}

/** `maxs x` (ref/max.md): running maximums; initial nulls give -0W. */
export const maxs: (x: Value) => Value = uniform({
  vec: (x) => extremes(x, true, "maxs"),
  atom: sameAtom(MINMAX, "maxs"),
  list: scanItems(greaterOf),
});

/** `mins x` (ref/min.md): running minimums; initial nulls give 0W. */
export const mins: (x: Value) => Value = uniform({
  vec: (x) => extremes(x, false, "mins"),
  atom: sameAtom(MINMAX, "mins"),
  list: scanItems(lesser),
});

// ------------------------------------------------------------ avgs

/** Running means of the non-null items. */
function runningMeans(f: Float64Array): Float64Array {
  const r = new Float64Array(f.length);
  let s = 0, c = 0;
  for (let i = 0; i < f.length; i++) {
    const v = f[i], k = v === v;
    s += k ? v : 0;
    c += k ? 1 : 0;
    r[i] = s / c;
  }
  return r;
}

/** `avgs x` (ref/avg.md): running averages, nulls skipped. */
export const avgs: (x: Value) => Value = uniform({
  vec: (x) => new Vec(9, runningMeans(floats(x, "avgs", AVGS))),
  atom: asSingle((x) => new Vec(9, runningMeans(floats(x, "avgs", AVGS)))),
  list: (x) => {
    const out: Value[] = [];
    let acc: Value | undefined;
    x.a.forEach((item, i) =>
      out.push(divide(acc = acc === undefined ? item : add(acc, item), new Atom(-7, BigInt(i + 1))))
    );
    return fromItems(out);
  },
});

// ------------------------------------------------------------ deltas ratios differ

/**
 * Differences of int64 items from their predecessors (the first from 0),
 * 0N where either is 0N: subtracted in place from a copy, last to first
 * (measured faster than reading two items per step), then one pass over
 * the halves writes 0N at each null and after it.
 */
function deltasI64(a: BigInt64Array): BigInt64Array {
  const n = a.length, r = a.slice();
  for (let i = n - 1; i > 0; i--) r[i] -= a[i - 1];
  const h = halves(a), rh = halves(r);
  for (let j = 0, m = h.length; j < m; j += 2) {
    if (((h[j + 1] ^ NI) | h[j]) === 0) {
      rh[j + 2] = rh[j] = 0;
      rh[j + 3] = rh[j + 1] = NI;
    }
  }
  return r;
}

/** Differences from the predecessor in ints (0Ni where either is null) or floats. */
const DELTAS_I32 = scan("let p = 0, s = 0;", "s = a === NI || p === NI ? NI : (a - p) | 0; p = a;", { NI });
const DELTAS_F64 = scan("let p = 0, s = 0;", "s = a - p; p = a;");

/** `deltas x` (ref/deltas.md): each item minus its predecessor, the first minus 0. */
function deltasVec(x: Vec): Vec {
  const t = typeIn(DELTAS, x.t, "deltas");
  const rep = repOf(t);
  if (rep === Rep.I64) return new Vec(t, deltasI64(x.a as BigInt64Array));
  const src = rep === Rep.F64 ? asF64(x) as Float64Array : asI32(x) as Int32Array;
  const r = alloc(t, x.n);
  (rep === Rep.F64 ? DELTAS_F64 : DELTAS_I32)(src, r, x.n);
  return new Vec(t, r);
}

/** `deltas x` (ref/deltas.md): differences of adjacent items; the first item's predecessor is 0. */
export const deltas: (x: Value) => Value = uniform({
  vec: deltasVec,
  atom: asSingle(deltasVec),
  list: priorItems(subtract, (a) => subtract(a, new Atom(-7, 0n))),
});

const RATIOS = scan("let p = 1, s = 0;", "s = a / p; p = a;");

/** Ratios of a vector's underlying values to their predecessors, the first over 1. */
function ratiosVec(x: Vec): Vec {
  typeIn(FLOATS, x.t, "ratios");
  const f = asF64(x) as Float64Array, r = new Float64Array(x.n);
  RATIOS(f, r, x.n);
  return new Vec(9, r);
}

/** `ratios x` (ref/ratios.md): each item divided by its predecessor; the first item's predecessor is 1. */
export const ratios: (x: Value) => Value = uniform({
  vec: ratiosVec,
  atom: asSingle(ratiosVec),
  list: priorItems(divide, (a) => divide(a, new Atom(-7, 1n))),
});

/** Flags where items of a vector differ from their predecessors (floats within tolerance). */
function differVec(x: Vec): Vec {
  const n = x.n, r = new Uint8Array(n), a = x.a;
  if (n) r[0] = 1;
  if (x.t === 2) {
    const b = a as Uint8Array;
    for (let i = 1; i < n; i++) {
      r[i] = b.subarray(16 * i, 16 * i + 16).every((v, k) => v === b[16 * i - 16 + k]) ? 0 : 1;
    }
  } else if (a instanceof Float64Array || a instanceof Float32Array) {
    for (let i = 1; i < n; i++) r[i] = tolerantEq(a[i], a[i - 1]) ? 0 : 1;
  } else if (a instanceof BigInt64Array) {
    const h = halves(a);
    for (let i = 1; i < n; i++) r[i] = h[2 * i] === h[2 * i - 2] && h[2 * i + 1] === h[2 * i - 1] ? 0 : 1;
  } else for (let i = 1; i < n; i++) r[i] = a[i] === a[i - 1] ? 0 : 1;
  return new Vec(1, r);
}

/** Flags where the items of any list differ from their predecessors (by match). */
function differItems(items: Value[]): Vec {
  return new Vec(1, Uint8Array.from(items, (v, i) => (i === 0 || !match(v, items[i - 1]) ? 1 : 0)));
}

const differUniform = uniform({
  vec: differVec,
  atom: asSingle(differVec),
  list: (x) => differItems(x.a),
});

/** `differ x` (ref/differ.md): 1b where an item does not match its predecessor; the first is 1b. */
export function differ(x: Value): Value {
  return x instanceof Table ? differItems(itemsOf(x)) : differUniform(x);
}

// ------------------------------------------------------------ fills

/** Forward fill over numbers: each null takes the last non-null before it. */
const FILLS_K = perType<Scan>((nul, t) =>
  nul === "false" ? scan("let s = 0;", "s = a;") : scan(`let s = ${nullOf(t)};`, `s = ${nul} ? s : a;`)
);

/** Forward fill over int64 items, through the halves. */
function fillsI64(a: BigInt64Array): BigInt64Array {
  const r = new BigInt64Array(a.length), h = halves(a), rh = halves(r);
  let lo = 0, hi = NI;
  for (let j = 0, m = h.length; j < m; j += 2) {
    const nul = ((h[j + 1] ^ NI) | h[j]) === 0;
    lo = nul ? lo : h[j];
    hi = nul ? hi : h[j + 1];
    rh[j] = lo;
    rh[j + 1] = hi;
  }
  return r;
}

/** Forward fill over GUIDs (16 bytes each; null is all zeros). */
function fillsGuid(a: Uint8Array): Uint8Array {
  const r = a.slice();
  for (let i = 16; i < r.length; i += 16) {
    if (r.subarray(i, i + 16).every((b) => b === 0)) r.copyWithin(i, i - 16, i);
  }
  return r;
}

/** Forward fill of a vector. */
function fillsVec(x: Vec): Vec {
  if (x.t === 2) return new Vec(2, fillsGuid(x.a as Uint8Array));
  if (x.a instanceof BigInt64Array) return new Vec(x.t, fillsI64(x.a));
  const r = alloc(x.t, x.n);
  FILLS_K(x.t)(x.a, r, x.n);
  return new Vec(x.t, r);
}

/** `fills x` (ref/fill.md): nulls replaced by the preceding non-null item (`^\`). */
export const fills: (x: Value) => Value = uniform({
  vec: fillsVec,
  atom: (x) => x,
  list: scanItems(fill),
});

// ------------------------------------------------------------ prev next xprev

/** A vector shifted `k` places later (earlier when negative), nulls shifted in. */
function shiftVec(x: Vec, k: number): Vec {
  const n = x.n, w = x.t === 2 ? 16 : 1, r = alloc(x.t, x.n * w);
  if (x.t !== 2) r.fill(nullOf(x.t) as never);
  const m = Math.max(0, n - Math.abs(k));
  if (k >= 0) r.set(x.a.subarray(0, m * w) as never, (n - m) * w);
  else r.set(x.a.subarray((n - m) * w, n * w) as never, 0);
  return new Vec(x.t, r);
}

/** A general list shifted `k` places, the prototype null (empty list of its first item's type) shifted in. */
function shiftList(x: List, k: number): Value {
  const n = x.a.length, nul = protoNull(x);
  return new List(x.a.map((_, i) => (i - k >= 0 && i - k < n ? x.a[i - k] : nul)));
}

/** Shifts any list `k` places, mapping dictionaries' values and tables' columns. */
function shift(k: number): (x: Value) => Value {
  return uniform({
    vec: (x) => shiftVec(x, k),
    atom: () => qerr("type", "expected a list, not an atom"),
    list: (x) => shiftList(x, k),
  });
}

/** `prev x` (ref/next.md): each item's predecessor; the first is null (or an empty list). */
export const prev: (x: Value) => Value = shift(1);
/** `next x` (ref/next.md): each item's successor; the last is null (or an empty list). */
export const next: (x: Value) => Value = shift(-1);

/** An integer atom's value, else a type error (the window or shift of the moving functions). */
function whole(x: Value, fn: string): number {
  if (x instanceof Atom && (x.t === -1 || (x.t <= -4 && x.t >= -7))) return Number(x.v);
  return qerr("type", `${fn} needs an integer on the left`);
}

/** `x xprev y` (ref/next.md): each item of y's x-th predecessor (successor for negative x). */
export function xprev(x: Value, y: Value): Value {
  return shift(whole(x, "xprev"))(y);
}

// ------------------------------------------------------------ moving windows

/** A moving function over a vector and a window of `w` items. */
type Moving = (w: number, y: Vec) => Value;

/**
 * A moving-window keyword: `x f y` for an integer x, uniform in y; the
 * items of a nested list are taken column by column.
 */
function moving(fn: string, f: Moving): (x: Value, y: Value) => Value {
  return (x, y) => {
    const w = whole(x, fn);
    return uniform({
      vec: (v) => f(w, v),
      atom: asSingle((v) => f(w, v)),
      list: (l) => {
        const cols = itemsOf(flip(l));
        return flip(new List(cols.map((c) => (c instanceof Vec ? f(w, c) : qerr("type", `${fn} needs numbers`)))));
      },
    })(y);
  };
}

/** Prefix sums with a leading 0: p[i] is the total of the first i items (NaN counts as 0). */
function prefixF64(f: Float64Array): Float64Array {
  const p = new Float64Array(f.length + 1);
  for (let i = 0; i < f.length; i++) p[i + 1] = p[i] + (f[i] === f[i] ? f[i] : 0);
  return p;
}

/** Window totals from prefix sums: r[i] = p[i+1] - p[max(0, i+1-w)] (0 for w <= 0). */
function windowF64(p: Float64Array, w: number): Float64Array {
  const n = p.length - 1, r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = w > 0 ? p[i + 1] - p[Math.max(0, i + 1 - w)] : 0;
  return r;
}

/** Counts of non-null items in each window, as floats. */
function counts(y: Vec, w: number): Float64Array {
  const nul = isNullFlags(y), p = new Float64Array(y.n + 1);
  for (let i = 0; i < y.n; i++) p[i + 1] = p[i] + 1 - nul[i];
  return windowF64(p, w);
}

/** 1 where an item of a vector is null. */
function isNullFlags(y: Vec): Uint8Array {
  if (y.t === 2) {
    return Uint8Array.from(
      { length: y.n },
      (_, i) => (y.a.subarray(16 * i, 16 * i + 16).every((b) => b === 0) ? 1 : 0),
    );
  }
  if (y.a instanceof BigInt64Array) {
    const h = halves(y.a);
    return Uint8Array.from({ length: y.n }, (_, i) => (((h[2 * i + 1] ^ NI) | h[2 * i]) === 0 ? 1 : 0));
  }
  const nul = y.t === 1 || y.t === 4 ? undefined : nullOf(y.t), a = y.a as Float64Array;
  return Uint8Array.from(a, (v) => (v === nul || v !== v ? 1 : 0));
}

/** `x mcount y` (ref/count.md): moving counts of the non-null items, as ints. */
export const mcount: (x: Value, y: Value) => Value = moving(
  "mcount",
  (w, y) => new Vec(6, Int32Array.from(counts(y, w))),
);

/** Moving means of floats: window totals (nulls as 0) over window counts of non-nulls. */
function means(f: Float64Array, w: number): Float64Array {
  const tot = windowF64(prefixF64(f), w);
  const cnt = windowF64(prefixF64(f.map((v) => (v === v ? 1 : NaN))), w);
  return tot.map((s, i) => s / cnt[i]);
}

/** `x mavg y` (ref/avg.md): moving averages of the non-null items, as floats. */
export const mavg: (x: Value, y: Value) => Value = moving(
  "mavg",
  (w, y) => new Vec(9, means(floats(y, "mavg", AVGS), w)),
);

/** `x mdev y` (ref/dev.md): moving deviations, sqrt(mavg y*y - (mavg y)^2). */
export const mdev: (x: Value, y: Value) => Value = moving("mdev", (w, y) => {
  const f = floats(y, "mdev", AVGS), m = means(f, w), m2 = means(f.map((v) => v * v), w);
  return new Vec(9, m.map((v, i) => Math.sqrt(m2[i] - v * v)));
});

/**
 * `x msum y` (ref/sum.md): moving sums, nulls as zero, as running sums
 * minus the running sums x items before (so timestamps give timespans).
 */
export const msum: (x: Value, y: Value) => Value = moving("msum", (w, y) => {
  const st = typeIn(SUMS, y.t, "msum"), t = resultType(SUB, st, st);
  const s = running(y, st, false), n = y.n;
  if (s.a instanceof BigInt64Array) {
    const a = s.a, r = a.slice();
    for (let i = Math.max(w, 0); i < n; i++) r[i] = a[i] - a[i - w];
    return new Vec(t, w > 0 ? r : new BigInt64Array(n));
  }
  const a = s.a as Float64Array, r = alloc(t, n) as Float64Array, int = repOf(t) === Rep.I32;
  for (let i = 0; i < n; i++) {
    const d = w <= 0 ? 0 : i < w ? a[i] : a[i] - a[i - w];
    r[i] = int ? d | 0 : d;
  }
  return new Vec(t, r);
});

/** Sliding maximum (`max`) and minimum selections by element representation. */
const SLIDE: Record<"max" | "min", Record<Rep, Sliding>> = {
  max: {
    [Rep.I32]: sliding("e[$j] > e[$i]"),
    [Rep.I64]: sliding("h[2*$j+1] > h[2*$i+1] || (h[2*$j+1] === h[2*$i+1] && (h[2*$j] >>> 0) > (h[2*$i] >>> 0))"),
    [Rep.F64]: sliding("e[$j] > e[$i] || (e[$i] !== e[$i] && e[$j] === e[$j])"),
  },
  min: {
    [Rep.I32]: sliding("e[$j] < e[$i]"),
    [Rep.I64]: sliding("h[2*$j+1] < h[2*$i+1] || (h[2*$j+1] === h[2*$i+1] && (h[2*$j] >>> 0) < (h[2*$i] >>> 0))"),
    [Rep.F64]: sliding("e[$j] < e[$i] || (e[$j] !== e[$j] && e[$i] === e[$i])"),
  },
};

/**
 * Moving maximums or minimums of a vector: nulls count as the least value
 * (ref/min.md), and the first x-1 windows also hold -0W (max) or 0W (min),
 * as q's `(x-1)|':/y` gives; a window of 0 or less returns y.
 */
function movingExtreme(kind: "max" | "min", w: number, y: Vec): Vec {
  const t = typeIn(MINMAX, y.t, `m${kind}`), n = y.n;
  if (w <= 0) return y;
  const p = Math.min(w - 1, n), m = n + p;
  const e = alloc(t, m);
  e.fill((kind === "max" ? lowest(t) : highest(t)) as never, 0, p);
  e.set(y.a as never, p);
  const out = new Int32Array(n);
  const h = e instanceof BigInt64Array ? halves(e) : new Int32Array(0);
  SLIDE[kind][repOf(t)](e, h, new Int32Array(m), out, m, w, p);
  const r = alloc(t, n);
  for (let k = 0; k < n; k++) r[k] = e[out[k]] as never;
  return new Vec(t, r);
}

/** `x mmax y` (ref/max.md): moving maximums. */
export const mmax: (x: Value, y: Value) => Value = moving("mmax", (w, y) => movingExtreme("max", w, y));
/** `x mmin y` (ref/min.md): moving minimums. */
export const mmin: (x: Value, y: Value) => Value = moving("mmin", (w, y) => movingExtreme("min", w, y));

/**
 * `x ema y` (ref/ema.md): exponential moving average with smoothing x (an
 * atom, or a list of y's count): r[i] = (1-x)*r[i-1] + x*y[i], from y[0].
 */
export function ema(x: Value, y: Value): Value {
  if (!(y instanceof Vec) || !isSimple(x)) return qerr("type", "ema needs a numeric list on the right");
  const f = floats(y, "ema", AVGS), a = asF64(x as Simple);
  if (typeof a !== "number" && a.length !== f.length) return qerr("length", "ema needs a smoothing per item");
  const r = new Float64Array(f.length);
  let s = f[0];
  for (let i = 0; i < f.length; i++) {
    const k = typeof a === "number" ? a : a[i];
    r[i] = s = (1 - k) * s + k * f[i];
  }
  return new Vec(9, r);
}

/** Uniform function keywords. */
export const UNIFORM_KEYWORDS: readonly Prim[] = [
  kw1("sums", sums),
  kw1("prds", prds),
  kw1("maxs", maxs),
  kw1("mins", mins),
  kw1("avgs", avgs),
  kw1("deltas", deltas),
  kw1("ratios", ratios),
  kw1("differ", differ),
  kw1("fills", fills),
  kw1("prev", prev),
  kw1("next", next),
  kw2("xprev", xprev),
  kw2("msum", msum),
  kw2("mcount", mcount),
  kw2("mavg", mavg),
  kw2("mdev", mdev),
  kw2("mmax", mmax),
  kw2("mmin", mmin),
  kw2("ema", ema),
];
