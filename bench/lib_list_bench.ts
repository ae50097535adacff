/**
 * List, search and sort primitives on 1e7 items, each group side by side
 * with a plain JS loop doing the same work (the group's baseline):
 *
 * - `where x>c` (as the two primitives `>` and `where`) on longs;
 * - `group` and `distinct` on symbols (10,000 distinct) and on ints (about
 *   1e6 distinct, spread over the int range, so they hash);
 * - `iasc` on floats and on longs;
 * - `bin` of 1e6 probes into a sorted vector of 1e7 longs;
 * - `300 xbar x` and `x within lo hi` on longs.
 *
 * The plain loops use the algorithm a careful JS programmer would write for
 * the one type at hand: direct tables for small symbol ids, open addressing
 * in typed arrays for ints, an LSD radix sort of sortable keys, branch-free
 * binary search, 64-bit values compared through their int32 halves. Where
 * the obvious JS (a Map, a Set, a comparison sort) is much slower, it is
 * shown too, for scale. Every result is checked against the baseline's
 * before timing. Each timed call starts after a full garbage collection
 * and a pause for the collector's background threads to finish: on a
 * 2-vCPU machine they otherwise compete with the timed call, and a loop of
 * 3 ns per item measured right after `gc()` takes 70. Longs, floats and
 * ints hold one null per 1,024 items.
 *
 *     deno run -A bench/report.ts bench/lib_list_bench.ts
 *
 * @module
 */

import { greater } from "../src/prim/compare.ts";
import { distinct, group, where } from "../src/prim/list.ts";
import { bin, xbar } from "../src/prim/search.ts";
import { within } from "../src/prim/sets.ts";
import { iasc } from "../src/prim/sort.ts";
import { intern } from "../src/value/sym.ts";
import { Atom, Dict, List, type Value, Vec } from "../src/value/value.ts";
import { collect } from "./gc.ts";
import { rng } from "./common.ts";

const N = 1e7;
const NI = -2147483648;

// ---------------------------------------------------------------- data

function halves(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Longs in ±1e12, 0N at items 0 mod 1024. */
function longs(n: number, seed: number): BigInt64Array {
  const r = rng(seed), a = new BigInt64Array(n), h = halves(a);
  for (let i = 0; i < n; i++) {
    const v = Math.floor((r() - 0.5) * 2e12), hi = Math.floor(v / 4294967296);
    h[2 * i] = v - hi * 4294967296;
    h[2 * i + 1] = hi;
  }
  for (let i = 0; i < n; i += 1024) [h[2 * i], h[2 * i + 1]] = [0, NI];
  return a;
}

/** Floats in [0, 1e6), NaN at items 0 mod 1024. */
function floats(n: number): Float64Array {
  const r = rng(7), a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r() * 1e6;
  for (let i = 0; i < n; i += 1024) a[i] = NaN;
  return a;
}

/** Ints: about 1e6 distinct multiples of 2003, 0Ni at items 0 mod 1024. */
function ints(n: number): Int32Array {
  const r = rng(11), a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.floor(r() * 1e6) * 2003;
  for (let i = 0; i < n; i += 1024) a[i] = NI;
  return a;
}

/** Symbol ids of 10,000 distinct symbols. */
function symbols(n: number): Int32Array {
  const r = rng(13), ids = Array.from({ length: 10000 }, (_, i) => intern(`s${i}`)), a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = ids[Math.floor(r() * ids.length)];
  return a;
}

// ---------------------------------------------------------------- plain loops: where, xbar, within

/** Int32 words of the long `v` (small enough to be exact as a double). */
function words(v: number): [number, number] {
  const hi = Math.floor(v / 4294967296);
  return [hi, v - hi * 4294967296];
}

/** Longs from indices. */
function toLongs(idx: Int32Array, m: number): BigInt64Array {
  const r = new BigInt64Array(m), h = halves(r);
  for (let i = 0; i < m; i++) h[2 * i] = idx[i];
  return r;
}

/** `where x>c`: compare the int32 halves, collect indices. */
function whereGreater(x: BigInt64Array, c: number): BigInt64Array {
  const h = halves(x), [ch, cl] = words(c), idx = new Int32Array(x.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const vh = h[2 * i + 1];
    if (vh > ch || (vh === ch && h[2 * i] >>> 0 > cl)) idx[m++] = i;
  }
  return toLongs(idx, m);
}

/**
 * `b xbar x`: truncating division on a copy with 0N zeroed (V8 lowers
 * BigInt64Array division to machine code only while it has seen no 0N),
 * then negatives with a remainder one bucket down, and 0N put back.
 */
function xbarLongs(x: BigInt64Array, b: bigint): BigInt64Array {
  const n = x.length, v = x.slice(), r = new BigInt64Array(n), s = BigInt64Array.of(b);
  const hx = halves(x), hv = halves(v), hr = halves(r);
  for (let i = 0; i < n; i++) if (hx[2 * i + 1] === NI && hx[2 * i] === 0) hv[2 * i + 1] = 0;
  for (let i = 0; i < n; i++) r[i] = (v[i] / s[0]) * s[0];
  for (let i = 0; i < n; i++) {
    const xh = hx[2 * i + 1];
    if (xh >= 0) continue;
    if (xh === NI && hx[2 * i] === 0) [hr[2 * i], hr[2 * i + 1]] = [0, NI];
    else if (hr[2 * i] !== hx[2 * i] || hr[2 * i + 1] !== xh) r[i] -= s[0];
  }
  return r;
}

/** `x within lo hi` through int32 halves. */
function withinLongs(x: BigInt64Array, lo: number, hi: number): Uint8Array {
  const h = halves(x), [lh, ll] = words(lo), [hh, hl] = words(hi), r = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const vh = h[2 * i + 1], vl = h[2 * i] >>> 0;
    r[i] = (vh > lh || (vh === lh && vl >= ll)) && (vh < hh || (vh === hh && vl <= hl)) ? 1 : 0;
  }
  return r;
}

// ---------------------------------------------------------------- plain loops: distinct and group

/** First occurrences (and each item's group) of small non-negative ids, by a direct table. */
function groupsDirect(a: Int32Array, withIds: boolean): [Int32Array, Int32Array | null] {
  let top = 0;
  for (let i = 0; i < a.length; i++) top = a[i] > top ? a[i] : top;
  const slot = new Int32Array(top + 1), first: number[] = [], id = withIds ? new Int32Array(a.length) : null;
  for (let i = 0; i < a.length; i++) {
    let g = slot[a[i]];
    if (g === 0) g = slot[a[i]] = first.push(i);
    if (id) id[i] = g - 1;
  }
  return [Int32Array.from(first), id];
}

/** First occurrences (and groups) of ints, by open addressing: key and group + 1 side by side. */
function groupsHashed(a: Int32Array, withIds: boolean): [Int32Array, Int32Array | null] {
  let bits = 10, tab: Int32Array = new Int32Array(2 << bits), used = 0;
  const first: number[] = [], id = withIds ? new Int32Array(a.length) : null;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    let h = Math.imul(v ^ (v >>> 16), -1640531535) >>> (32 - bits), g = 0;
    while ((g = tab[2 * h + 1]) !== 0 && tab[2 * h] !== v) h = (h + 1) & ((1 << bits) - 1);
    if (g === 0) {
      [tab[2 * h], tab[2 * h + 1]] = [v, g = first.push(i)];
      if (++used * 2 > 1 << bits) [tab, bits] = [rehash(tab, bits + 1), bits + 1];
    }
    if (id) id[i] = g - 1;
  }
  return [Int32Array.from(first), id];
}

function rehash(old: Int32Array, bits: number): Int32Array {
  const tab = new Int32Array(2 << bits), mask = (1 << bits) - 1;
  for (let e = 0; e < old.length; e += 2) {
    if (old[e + 1] === 0) continue;
    const v = old[e];
    let h = Math.imul(v ^ (v >>> 16), -1640531535) >>> (32 - bits);
    while (tab[2 * h + 1] !== 0) h = (h + 1) & mask;
    [tab[2 * h], tab[2 * h + 1]] = [v, old[e + 1]];
  }
  return tab;
}

/** The distinct items in order of first occurrence. */
function distinctPlain(a: Int32Array, groups: typeof groupsDirect): Int32Array {
  return groups(a, false)[0].map((i) => a[i]);
}

/** Distinct items and, for each, its indices (views of one long buffer filled by a counting sort). */
function groupPlain(a: Int32Array, groups: typeof groupsDirect): [Int32Array, BigInt64Array[]] {
  const [first, id] = groups(a, true), n = a.length, g = first.length, start = new Int32Array(g + 1);
  for (let i = 0; i < n; i++) start[id![i] + 1]++;
  for (let j = 0; j < g; j++) start[j + 1] += start[j];
  const all = new BigInt64Array(n), h = halves(all), at = start.slice(0, g);
  for (let i = 0; i < n; i++) h[2 * at[id![i]]++] = i;
  return [first.map((i) => a[i]), Array.from({ length: g }, (_, j) => all.subarray(start[j], start[j + 1]))];
}

/** `distinct` with a Set, for scale. */
function distinctSet(a: Int32Array): Int32Array {
  return Int32Array.from(new Set(a));
}

/** `group` with a Map of arrays, for scale. */
function groupMap(a: Int32Array): [Int32Array, BigInt64Array[]] {
  const m = new Map<number, number[]>();
  for (let i = 0; i < a.length; i++) {
    const g = m.get(a[i]);
    if (g) g.push(i);
    else m.set(a[i], [i]);
  }
  return [Int32Array.from(m.keys()), Array.from(m.values(), (is) => BigInt64Array.from(is, BigInt))];
}

// ---------------------------------------------------------------- plain loops: iasc

/** Stable LSD radix grade of unsigned 64-bit keys (hi, lo words), 11-bit digits, constant digits skipped. */
function radix(lo: Int32Array, hi: Int32Array): BigInt64Array {
  const n = lo.length, counts = new Int32Array(6 * 2048);
  for (let i = 0; i < n; i++) {
    const l = lo[i], h = hi[i];
    counts[l & 2047]++;
    counts[2048 + ((l >>> 11) & 2047)]++;
    counts[4096 + (l >>> 22)]++;
    counts[6144 + (h & 2047)]++;
    counts[8192 + ((h >>> 11) & 2047)]++;
    counts[10240 + (h >>> 22)]++;
  }
  let idx: Int32Array = new Int32Array(n), k: Int32Array[] = [lo, hi];
  for (let i = 0; i < n; i++) idx[i] = i;
  let nIdx: Int32Array = new Int32Array(n), nk: Int32Array[] = [new Int32Array(n), new Int32Array(n)];
  for (let d = 0; d < 6; d++) {
    const at = counts.subarray(d * 2048, d * 2048 + 2048);
    if (at.includes(n)) continue;
    for (let b = 0, s = 0; b < 2048; b++) [at[b], s] = [s, s + at[b]];
    const w = d < 3 ? 0 : 1, shift = (d % 3) * 11, src = k[w], other = k[1 - w];
    for (let i = 0; i < n; i++) {
      const v = src[i], p = at[(v >>> shift) & 2047]++;
      nk[w][p] = v;
      nk[1 - w][p] = other[i];
      nIdx[p] = idx[i];
    }
    [k, nk, idx, nIdx] = [nk, k, nIdx, idx];
  }
  return toLongs(idx, n);
}

/** `iasc` of floats: IEEE bits with the sign folded (NaN first, -0 as 0), then the radix sort. */
function iascFloats(x: Float64Array): BigInt64Array {
  const n = x.length, w = new Int32Array(x.buffer), lo = new Int32Array(n), hi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = w[2 * i + 1], l = w[2 * i];
    if (x[i] !== x[i]) h = l = -1;
    else if (h === NI && l === 0) h = 0;
    const neg = h >> 31;
    hi[i] = h ^ (neg | NI);
    lo[i] = l ^ neg;
  }
  return radix(lo, hi);
}

/** `iasc` of longs: the sign bit flipped (0N first), then the radix sort. */
function iascLongs(x: BigInt64Array): BigInt64Array {
  const n = x.length, h = halves(x), lo = new Int32Array(n), hi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = h[2 * i];
    hi[i] = h[2 * i + 1] ^ NI;
  }
  return radix(lo, hi);
}

/** `iasc` by a comparison sort of indices, for scale. */
function iascCompare(x: Float64Array | BigInt64Array): BigInt64Array {
  const idx = new Int32Array(x.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  const f = x instanceof Float64Array ? x : Float64Array.from(x, Number);
  const key = (i: number) => (f[i] !== f[i] ? -Infinity : f[i]);
  idx.sort((i, j) => key(i) - key(j) || i - j);
  return toLongs(idx, idx.length);
}

// ---------------------------------------------------------------- plain loops: bin

/** For each probe, the index of the last item of sorted x ≤ it (-1 when none), through int32 halves. */
function binLongs(x: BigInt64Array, y: BigInt64Array): BigInt64Array {
  const hx = halves(x), hy = halves(y), n = x.length, r = new Int32Array(y.length);
  for (let j = 0; j < y.length; j++) {
    const vh = hy[2 * j + 1], vl = hy[2 * j] >>> 0;
    let base = 0, len = n;
    while (len > 0) {
      const half = len >>> 1, k = 2 * (base + half), ph = hx[k + 1];
      if (ph < vh || (ph === vh && hx[k] >>> 0 <= vl)) [base, len] = [base + half + 1, len - half - 1];
      else len = half;
    }
    r[j] = base - 1;
  }
  const out = new BigInt64Array(y.length), h = halves(out);
  for (let j = 0; j < y.length; j++) [h[2 * j], h[2 * j + 1]] = [r[j], r[j] >> 31];
  return out;
}

// ---------------------------------------------------------------- cases

type Out = ArrayLike<number | bigint> | [ArrayLike<number>, ArrayLike<number | bigint>[]];

/** A comparable payload of a primitive's result: a vector's items, or a group's keys and index lists. */
function raw(v: Value): Out {
  if (v instanceof Vec) return v.a;
  if (v instanceof Dict && v.k instanceof Vec && v.v instanceof List) {
    return [v.k.a as ArrayLike<number>, v.v.a.map((i) => (i as Vec).a as BigInt64Array)];
  }
  throw new Error("unexpected result shape");
}

function same(a: Out, b: Out): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return same(a[0], b[0]) && a[1].length === b[1].length && a[1].every((x, i) => same(x, b[1][i]));
  }
  const x = a as ArrayLike<number | bigint>, y = b as ArrayLike<number | bigint>;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** One group: its q expression, the plain loop, other plain loops for scale, and the primitive. */
interface Case {
  q: string;
  plain: () => Out;
  others?: Record<string, { run: () => Out; iters: number }>;
  prim: () => Value;
  primName: string;
}

function cases(): Case[] {
  const j = longs(N, 3), f = floats(N), i = ints(N), s = symbols(N);
  const jv = new Vec(7, j), fv = new Vec(9, f), iv = new Vec(6, i), sv = new Vec(11, s);
  const sorted = new Vec(7, j.slice().sort()), probes = new Vec(7, longs(N / 10, 5));
  const lim = 1e11;
  return [
    {
      q: "where x>c",
      plain: () => whereGreater(j, 0),
      prim: () => where(greater(jv, new Atom(-7, 0n))),
      primName: "prim where greater",
    },
    {
      q: "distinct s (symbols)",
      plain: () => distinctPlain(s, groupsDirect),
      others: { "plain loop, Set": { run: () => distinctSet(s), iters: 10 } },
      prim: () => distinct(sv),
      primName: "prim distinct",
    },
    {
      q: "group s (symbols)",
      plain: () => groupPlain(s, groupsDirect),
      others: { "plain loop, Map": { run: () => groupMap(s), iters: 5 } },
      prim: () => group(sv),
      primName: "prim group",
    },
    {
      q: "distinct i (ints)",
      plain: () => distinctPlain(i, groupsHashed),
      others: { "plain loop, Set": { run: () => distinctSet(i), iters: 10 } },
      prim: () => distinct(iv),
      primName: "prim distinct",
    },
    {
      q: "group i (ints)",
      plain: () => groupPlain(i, groupsHashed),
      others: { "plain loop, Map": { run: () => groupMap(i), iters: 3 } },
      prim: () => group(iv),
      primName: "prim group",
    },
    {
      q: "iasc f (floats)",
      plain: () => iascFloats(f),
      others: { "plain loop, comparison sort": { run: () => iascCompare(f), iters: 2 } },
      prim: () => iasc(fv),
      primName: "prim iasc",
    },
    {
      q: "iasc j (longs)",
      plain: () => iascLongs(j),
      others: { "plain loop, comparison sort": { run: () => iascCompare(j), iters: 2 } },
      prim: () => iasc(jv),
      primName: "prim iasc",
    },
    {
      q: "x bin y (1e6 probes)",
      plain: () => binLongs(sorted.a as BigInt64Array, probes.a as BigInt64Array),
      prim: () => bin(sorted, probes),
      primName: "prim bin",
    },
    {
      q: "300 xbar x",
      plain: () => xbarLongs(j, 300n),
      prim: () => xbar(new Atom(-7, 300n), jv),
      primName: "prim xbar",
    },
    {
      q: "x within lo hi",
      plain: () => withinLongs(j, -lim, lim),
      prim: () => within(jv, new Vec(7, BigInt64Array.of(BigInt(-lim), BigInt(lim)))),
      primName: "prim within",
    },
  ];
}

/** A bench body: collect garbage, let the collector's threads settle, then time one call of `f`. */
function settled(f: () => unknown): (b: Deno.BenchContext) => Promise<void> {
  return async (b) => {
    collect();
    await new Promise((r) => setTimeout(r, 200));
    b.start();
    f();
    b.end();
  };
}

for (const c of cases()) {
  const group = `${c.q} · 1e7 items`;
  const expected = c.plain();
  const runs: [string, () => unknown, number][] = [
    ["plain loop", c.plain, 10],
    ...Object.entries(c.others ?? {}).map(([name, o]): [string, () => unknown, number] => [name, o.run, o.iters]),
    [c.primName, c.prim, 10],
  ];
  if (!same(raw(c.prim()), expected)) throw new Error(`${group}: ${c.primName} disagrees with the plain loop`);
  for (const [name, f, iters] of runs) {
    Deno.bench({ name, group, baseline: name === "plain loop", n: iters, warmup: 2, fn: settled(f) });
  }
}
