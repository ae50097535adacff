/**
 * Aggregates and uniform functions against naive references: for each
 * keyword, 1,000 random vectors of each of int, long and float (with nulls,
 * infinities and repeated items) are run through the primitive and checked
 * item by item against a plain per-item implementation of q's rules
 * written here (ref/sum.md, ref/prd.md, ref/max.md, ref/min.md, ref/avg.md,
 * ref/med.md, ref/var.md, ref/dev.md, ref/cov.md, ref/cor.md,
 * ref/all-any.md, ref/deltas.md, ref/ratios.md, ref/differ.md, ref/fill.md,
 * ref/next.md, ref/count.md, ref/ema.md).
 *
 * Integer results must agree exactly (sums and products wrap as q's
 * integer arithmetic does); float results within a relative tolerance
 * where the order of operations may differ. The moving sums, averages and
 * deviations are computed, as q defines them, from differences of running
 * sums: their float inputs carry no infinities (an infinity poisons every
 * later difference), and the tolerance scales with the running totals.
 *
 * @module
 */

import assert from "node:assert/strict";
import { rng } from "./_rng.ts";
import {
  all,
  any,
  avg,
  cor,
  cov,
  dev,
  max,
  med,
  min,
  prd,
  scov,
  sdev,
  sum,
  svar,
  variance,
  wavg,
  wsum,
} from "../src/prim/agg.ts";
import {
  avgs,
  deltas,
  differ,
  ema,
  fills,
  mavg,
  maxs,
  mcount,
  mdev,
  mins,
  mmax,
  mmin,
  msum,
  next,
  prds,
  prev,
  ratios,
  sums,
  xprev,
} from "../src/prim/uniform.ts";
import { NI, NJ, WI, WJ } from "../src/value/nulls.ts";
import { Atom, type Value, Vec } from "../src/value/value.ts";

const r = rng(20240517);
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const ROUNDS = 1000;

// ------------------------------------------------------------ data

/** One q item in plain JS: a number (int, float; NaN for the float null), a bigint (long), or null. */
type Item = number | bigint | null;

/** An element type under test: how to make random vectors and read their items. */
interface Kind {
  name: string;
  t: number;
  /** A random vector of n items. */
  make(n: number, infinities: boolean): Vec;
  /** The item at i (null for q's null; float nulls as null too). */
  item(a: Vec, i: number): Item;
}

/** A random item: null, an infinity (when asked for), a small one (so items repeat), or a wide one. */
function pick<T>(wide: () => T, small: (v: number) => T, nul: T, inf: T, infinities: boolean): T {
  const u = r();
  if (u < 0.12) return nul;
  if (infinities && u < 0.16) return inf;
  return u < 0.4 ? small(int(-3, 3)) : wide();
}

const INT: Kind = {
  name: "int",
  t: 6,
  make: (n, inf) =>
    new Vec(
      6,
      Int32Array.from({ length: n }, () => pick(() => int(-2e9, 2e9), (v) => v, NI, r() < 0.5 ? WI : -WI, inf)),
    ),
  item: (a, i) => ((a.a[i] as number) === NI ? null : (a.a[i] as number)),
};
const LONG: Kind = {
  name: "long",
  t: 7,
  make: (n, inf) =>
    new Vec(
      7,
      BigInt64Array.from(
        { length: n },
        () => pick(() => BigInt(int(-3e9, 3e9)) * BigInt(int(-3e9, 3e9)), BigInt, NJ, r() < 0.5 ? WJ : -WJ, inf),
      ),
    ),
  item: (a, i) => ((a.a[i] as bigint) === NJ ? null : (a.a[i] as bigint)),
};
const FLOAT: Kind = {
  name: "float",
  t: 9,
  make: (n, inf) =>
    new Vec(
      9,
      Float64Array.from({ length: n }, () =>
        pick(() => int(-1e6, 1e6) / 8, (v) => v / 2, NaN, r() < 0.5 ? Infinity : -Infinity, inf)),
    ),
  item: (a, i) => (Number.isNaN(a.a[i] as number) ? null : (a.a[i] as number)),
};
const KINDS = [INT, LONG, FLOAT];

/** The items of a vector. */
function items(k: Kind, a: Vec): Item[] {
  return Array.from({ length: a.n }, (_, i) => k.item(a, i));
}

/** An item as a float (null as NaN). */
function num(v: Item): number {
  return v === null ? NaN : Number(v);
}

/** Random vectors of a kind: `ROUNDS` of them, 0 to 40 items. */
function* vectors(k: Kind, infinities = true): Generator<Vec> {
  for (let i = 0; i < ROUNDS; i++) yield k.make(int(0, 40), infinities);
}

// ------------------------------------------------------------ integer arithmetic as q wraps it

function wrap(k: Kind, v: bigint): number | bigint {
  return k.t === 6 ? Number(BigInt.asIntN(32, v)) : BigInt.asIntN(64, v);
}
function plus(k: Kind, a: number | bigint, b: number | bigint): number | bigint {
  return k.t === 9 ? (a as number) + (b as number) : wrap(k, BigInt(a) + BigInt(b));
}
function times(k: Kind, a: number | bigint, b: number | bigint): number | bigint {
  return k.t === 9 ? (a as number) * (b as number) : wrap(k, BigInt(a) * BigInt(b));
}
function zero(k: Kind): number | bigint {
  return k.t === 7 ? 0n : 0;
}
function one(k: Kind): number | bigint {
  return k.t === 7 ? 1n : 1;
}
/** The -0W (`lo`) or 0W bound of a kind. */
function bound(k: Kind, lo: boolean): number | bigint {
  if (k.t === 7) return lo ? -WJ : WJ;
  const v = k.t === 6 ? WI : Infinity;
  return lo ? -v : v;
}
/** Items compared as q orders them: null least. */
function less(a: Item, b: Item): boolean {
  return b !== null && (a === null || a < b);
}

// ------------------------------------------------------------ comparing results

/** The raw items of a result: an atom's value or a vector's elements. */
function raw(v: Value): (number | bigint)[] {
  if (v instanceof Atom) return [v.v as number | bigint];
  if (v instanceof Vec) return Array.from(v.a as ArrayLike<number | bigint>);
  throw new Error("expected an atom or a vector");
}

/** The raw element for an expected item of kind k (null as the type's null). */
function rawOf(k: Kind, v: Item): number | bigint {
  return v !== null ? v : k.t === 6 ? NI : k.t === 7 ? NJ : NaN;
}

/** Float agreement: equal, both NaN, or within `tol` relative to `scale` (or to the values). */
function close(a: number, b: number, tol: number, scale = 0): boolean {
  if (Object.is(a, b) || a === b || (a !== a && b !== b)) return true;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), scale);
}

function expectRaw(actual: Value, expected: (number | bigint)[], what: string, tol = 0, scale = 0): void {
  const got = raw(actual);
  assert.equal(got.length, expected.length, `${what}: count`);
  for (let i = 0; i < got.length; i++) {
    const a = got[i], e = expected[i];
    const ok = typeof a === "number" && typeof e === "number" ? close(a, e, tol, scale) : a === e;
    assert.ok(ok, `${what}: item ${i} is ${a}, expected ${e}`);
  }
}

function show(k: Kind, v: Vec): string {
  return `${k.name} [${items(k, v).join(" ")}]`;
}

// ------------------------------------------------------------ references: aggregates

function refSum(k: Kind, xs: Item[]): number | bigint {
  return xs.reduce<number | bigint>((s, v) => (v === null ? s : plus(k, s, v)), zero(k));
}
function refPrd(k: Kind, xs: Item[]): number | bigint {
  return xs.reduce<number | bigint>((s, v) => (v === null ? s : times(k, s, v)), one(k));
}
function refMax(k: Kind, xs: Item[]): number | bigint {
  return xs.reduce<number | bigint>((m, v) => (v !== null && v > m ? v : m), bound(k, true));
}
function refMin(k: Kind, xs: Item[]): number | bigint {
  return xs.reduce<number | bigint>((m, v) => (v !== null && v < m ? v : m), bound(k, false));
}
function present(xs: Item[]): number[] {
  return xs.filter((v) => v !== null).map(Number);
}
function mean(v: number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}
function refMed(xs: Item[]): number {
  const s = present(xs).sort((a, b) => a - b), n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
/** Variance of the non-null items: squared deviations over their count less `ddof` (1 for the sample variance). */
function refVar(xs: Item[], ddof: number): number {
  const v = present(xs), m = mean(v);
  // no items (or one, for the sample statistics): q gives a null
  if (v.length - ddof <= 0) return NaN;
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - ddof);
}
function pairsOf(xs: Item[], ys: Item[]): [number[], number[]] {
  const a: number[] = [], b: number[] = [];
  xs.forEach((x, i) => {
    if (x !== null && ys[i] !== null) a.push(Number(x)), b.push(Number(ys[i]));
  });
  return [a, b];
}
function refCo(xs: Item[], ys: Item[]): [number, number, number, number] {
  const [a, b] = pairsOf(xs, ys), ma = mean(a), mb = mean(b);
  let c = 0, va = 0, vb = 0;
  a.forEach((x, i) => {
    c += (x - ma) * (b[i] - mb);
    va += (x - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  });
  return [c, va, vb, a.length];
}

interface Agg1 {
  name: string;
  f: (x: Value) => Value;
  ref: (k: Kind, xs: Item[]) => number | bigint;
  tol: number;
}

const AGG1: Agg1[] = [
  { name: "sum", f: sum, ref: refSum, tol: 1e-12 },
  { name: "prd", f: prd, ref: refPrd, tol: 1e-12 },
  { name: "max", f: max, ref: refMax, tol: 0 },
  { name: "min", f: min, ref: refMin, tol: 0 },
  { name: "avg", f: avg, ref: (_, xs) => mean(present(xs)), tol: 1e-12 },
  { name: "med", f: med, ref: (_, xs) => refMed(xs), tol: 0 },
  { name: "var", f: variance, ref: (_, xs) => refVar(xs, 0), tol: 1e-9 },
  { name: "svar", f: svar, ref: (_, xs) => refVar(xs, 1), tol: 1e-9 },
  { name: "dev", f: dev, ref: (_, xs) => Math.sqrt(refVar(xs, 0)), tol: 1e-9 },
  { name: "sdev", f: sdev, ref: (_, xs) => Math.sqrt(refVar(xs, 1)), tol: 1e-9 },
  { name: "any", f: any, ref: (_, xs) => (xs.some((v) => v !== 0 && v !== 0n) ? 1 : 0), tol: 0 },
  { name: "all", f: all, ref: (_, xs) => (xs.every((v) => v !== 0 && v !== 0n) ? 1 : 0), tol: 0 },
];

for (const a of AGG1) {
  Deno.test(`${a.name} of int, long and float vectors agrees with a per-item reference`, () => {
    for (const k of KINDS) {
      // statistics of floats with infinities are NaN either way: keep them finite to compare values
      const inf = a.tol === 0 || a.name === "sum" || a.name === "prd";
      for (const v of vectors(k, inf)) {
        const e = a.ref(k, items(k, v));
        expectRaw(a.f(v), [e], `${a.name} ${show(k, v)}`, a.tol);
      }
    }
  });
}

interface Agg2 {
  name: string;
  f: (x: Value, y: Value) => Value;
  ref: (xs: Item[], ys: Item[]) => number;
}

const AGG2: Agg2[] = [
  { name: "cov", f: cov, ref: (x, y) => refCo(x, y)[0] / refCo(x, y)[3] },
  { name: "scov", f: scov, ref: (x, y) => refCo(x, y)[0] / (refCo(x, y)[3] - 1) },
  { name: "cor", f: cor, ref: (x, y) => refCo(x, y)[0] / Math.sqrt(refCo(x, y)[1] * refCo(x, y)[2]) },
  { name: "wsum", f: wsum, ref: dotRef },
  { name: "wavg", f: wavg, ref: (x, y) => dotRef(x, y) / pairsOf(x, y)[0].reduce((s, v) => s + v, 0) },
];

/** Σ x·y over the pairs without nulls, in floats. */
function dotRef(xs: Item[], ys: Item[]): number {
  const [a, b] = pairsOf(xs, ys);
  return a.reduce((s, x, i) => s + x * b[i], 0);
}

for (const a of AGG2) {
  Deno.test(`${a.name} of pairs of int, long and float vectors agrees with a per-item reference`, () => {
    for (const k of KINDS) {
      for (const x of vectors(k, false)) {
        const y = k.make(x.n, false);
        const e = a.ref(items(k, x), items(k, y));
        expectRaw(a.f(x, y), [e], `${a.name} ${show(k, x)} ${show(k, y)}`, 1e-9);
      }
    }
  });
}

// ------------------------------------------------------------ references: uniform functions

/** Running accumulation of the non-null items from `seed`, one result per item. */
function runningRef(xs: Item[], seed: number | bigint, f: (s: number | bigint, v: number | bigint) => number | bigint) {
  let s = seed;
  return xs.map((v) => (s = v === null ? s : f(s, v)));
}

function refDeltas(k: Kind, xs: Item[]): (number | bigint)[] {
  return xs.map((v, i) => {
    const p = i === 0 ? zero(k) : xs[i - 1];
    if (v === null || p === null) return rawOf(k, null);
    return k.t === 9 ? (v as number) - (p as number) : wrap(k, BigInt(v) - BigInt(p));
  });
}

function refDiffer(xs: Item[]): number[] {
  return xs.map((v, i) => (i === 0 || !(v === xs[i - 1]) ? 1 : 0));
}

function refFills(k: Kind, xs: Item[]): (number | bigint)[] {
  let last: Item = null;
  return xs.map((v) => rawOf(k, last = v === null ? last : v));
}

function refShift(k: Kind, xs: Item[], s: number): (number | bigint)[] {
  return xs.map((_, i) => rawOf(k, i - s >= 0 && i - s < xs.length ? xs[i - s] : null));
}

function refAvgs(xs: Item[]): number[] {
  let s = 0, c = 0;
  return xs.map((v) => (v === null ? s / c : (s += Number(v), c++, s / c)));
}

interface Uni1 {
  name: string;
  f: (x: Value) => Value;
  ref: (k: Kind, xs: Item[]) => (number | bigint)[];
  tol: number;
}

const UNI1: Uni1[] = [
  { name: "sums", f: sums, ref: (k, xs) => runningRef(xs, zero(k), (s, v) => plus(k, s, v)), tol: 1e-12 },
  { name: "prds", f: prds, ref: (k, xs) => runningRef(xs, one(k), (s, v) => times(k, s, v)), tol: 1e-12 },
  { name: "maxs", f: maxs, ref: (k, xs) => runningRef(xs, bound(k, true), (s, v) => (v > s ? v : s)), tol: 0 },
  { name: "mins", f: mins, ref: (k, xs) => runningRef(xs, bound(k, false), (s, v) => (v < s ? v : s)), tol: 0 },
  { name: "avgs", f: avgs, ref: (_, xs) => refAvgs(xs), tol: 1e-12 },
  { name: "deltas", f: deltas, ref: refDeltas, tol: 0 },
  { name: "ratios", f: ratios, ref: (_, xs) => xs.map((v, i) => num(v) / (i === 0 ? 1 : num(xs[i - 1]))), tol: 0 },
  { name: "differ", f: differ, ref: (_, xs) => refDiffer(xs), tol: 0 },
  { name: "fills", f: fills, ref: refFills, tol: 0 },
  { name: "prev", f: prev, ref: (k, xs) => refShift(k, xs, 1), tol: 0 },
  { name: "next", f: next, ref: (k, xs) => refShift(k, xs, -1), tol: 0 },
];

for (const u of UNI1) {
  Deno.test(`${u.name} of int, long and float vectors agrees with a per-item reference`, () => {
    for (const k of KINDS) {
      for (const v of vectors(k)) expectRaw(u.f(v), u.ref(k, items(k, v)), `${u.name} ${show(k, v)}`, u.tol);
    }
  });
}

/** The items of the window of w items ending at i, with `seed` for positions before the start. */
function windowOf<T>(xs: T[], i: number, w: number, seed: T): T[] {
  const out: T[] = [];
  for (let j = i - w + 1; j <= i; j++) out.push(j < 0 ? seed : xs[j]);
  return out;
}

/** The best item of a list under `better` (null counting as the least value). */
function best(xs: Item[], better: (a: Item, b: Item) => boolean): Item {
  return xs.reduce((m, v) => (better(v, m) ? v : m));
}

/** A function of each window of w items (fewer at the start). */
function refMoving(xs: Item[], w: number, f: (win: Item[]) => number | bigint): (number | bigint)[] {
  return xs.map((_, i) => f(xs.slice(Math.max(0, i - w + 1), i + 1)));
}

interface UniW {
  name: string;
  f: (x: Value, y: Value) => Value;
  ref: (k: Kind, xs: Item[], w: number) => (number | bigint)[];
  /** Floats compared relative to the largest running total. */
  float: boolean;
}

const UNIW: UniW[] = [
  { name: "msum", f: msum, ref: (k, xs, w) => refMoving(xs, w, (win) => refSum(k, win)), float: true },
  { name: "mcount", f: mcount, ref: (_, xs, w) => refMoving(xs, w, (win) => present(win).length), float: false },
  { name: "mavg", f: mavg, ref: (_, xs, w) => refMoving(xs, w, (win) => mean(present(win))), float: true },
  {
    name: "mdev",
    f: mdev,
    ref: (_, xs, w) =>
      refMoving(xs, w, (win) => {
        const v = present(win), m = mean(v);
        return Math.sqrt(mean(v.map((x) => x * x)) - m * m);
      }),
    float: true,
  },
  {
    name: "mmax",
    f: mmax,
    ref: (k, xs, w) => xs.map((_, i) => rawOf(k, best(windowOf<Item>(xs, i, w, bound(k, true)), (a, b) => less(b, a)))),
    float: false,
  },
  {
    name: "mmin",
    f: mmin,
    ref: (k, xs, w) => xs.map((_, i) => rawOf(k, best(windowOf<Item>(xs, i, w, bound(k, false)), less))),
    float: false,
  },
];

/** The largest magnitude of the running totals of squares: the scale of rounding in moving statistics. */
function scaleOf(xs: Item[]): number {
  return present(xs).reduce((s, v) => s + v * v + Math.abs(v), 1);
}

for (const u of UNIW) {
  Deno.test(`${u.name} of int, long and float vectors agrees with a per-item reference`, () => {
    for (const k of KINDS) {
      for (const v of vectors(k, !u.float)) {
        const w = int(1, 6), xs = items(k, v);
        const what = `${w} ${u.name} ${show(k, v)}`;
        const e = u.ref(k, xs, w);
        if (!u.float || (k.t !== 9 && u.name === "msum")) expectRaw(u.f(new Atom(-7, BigInt(w)), v), e, what);
        else expectMoving(u.f(new Atom(-7, BigInt(w)), v), e as number[], scaleOf(xs), u.name === "mdev", what);
      }
    }
  });
}

/**
 * Moving float statistics agree within rounding of running totals; a
 * deviation is compared through its square (a window of equal items may
 * come out as a tiny negative variance, NaN, or 0).
 */
function expectMoving(actual: Value, expected: number[], scale: number, dev: boolean, what: string): void {
  const got = raw(actual) as number[];
  assert.equal(got.length, expected.length, `${what}: count`);
  got.forEach((a, i) => {
    const e = expected[i];
    const ok = dev
      ? close(a === a ? a * a : 0, e === e ? e * e : 0, 1e-9, scale) || (a !== a && e !== e)
      : close(a, e, 1e-9, Math.sqrt(scale));
    assert.ok(ok, `${what}: item ${i} is ${a}, expected ${e}`);
  });
}

Deno.test("xprev of int, long and float vectors agrees with a per-item reference", () => {
  for (const k of KINDS) {
    for (const v of vectors(k)) {
      const s = int(-6, 6);
      expectRaw(xprev(new Atom(-7, BigInt(s)), v), refShift(k, items(k, v), s), `${s} xprev ${show(k, v)}`);
    }
  }
});

Deno.test("ema of int, long and float vectors agrees with a per-item reference", () => {
  for (const k of KINDS) {
    for (const v of vectors(k)) {
      const a = r(), xs = items(k, v).map(num);
      let s = xs[0];
      const e = xs.map((y) => (s = (1 - a) * s + a * y));
      expectRaw(ema(new Atom(-9, a), v), e, `${a} ema ${show(k, v)}`, 0);
    }
  }
});
