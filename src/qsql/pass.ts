/**
 * Aggregations that share one pass over the rows. Each is a loop body
 * updating its own per-group accumulators; the bodies of every such
 * aggregation in a query are joined into one generated loop (see
 * loops.ts), which reads each row's group id and each column once, so
 * `select avg v1, avg v2, avg v3 by k` costs one pass, not three.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { ctorOf } from "../value/types.ts";
import { type Value, Vec } from "../value/value.ts";
import { hasNull } from "../value/nulls.ts";
import type { Grouping } from "./group.ts";
import { elemKind, loop, nullFree, readable } from "./loops.ts";

/** An aggregation as a loop body over per-group accumulators. */
export interface PassAgg {
  /** Initial value of each accumulator. */
  init: number[];
  /**
   * The loop body, given the slot of each argument column (the body reads
   * `v<slot>`, `ok<slot>`, `val<slot>`) and the name of each accumulator
   * (indexed by the group, `g`).
   */
  body(v: number[], a: string[]): string;
  /**
   * A count the aggregation needs beside its accumulators: of the group's
   * rows, or of its first column's non-null items. The pass keeps each
   * such count once for all the aggregations that need it (the rows count
   * stands for the non-null count of a column without nulls) and hands it
   * to `finish` after the aggregation's own accumulators.
   */
  count?: "rows" | "nonnull";
  /** The result from the filled accumulators and the argument columns. */
  finish(acc: Float64Array[], cols: Vec[], groups: number): Value;
}

/** Result type of sum by column type (q: b x h i → i; e f stay; temporals stay). */
export function sumType(t: number): number {
  if (t === 1 || t === 4 || t === 5) return 6;
  if (t === 10 || t === 11 || t === 2 || t === 0) return qerr("type", "sum needs numbers");
  return t;
}

/** Doubles as a vector of type `t` (sums of ints wrap to 32 bits as q's do). */
function asType(t: number, s: Float64Array): Vec {
  if (t === 9 || t === 15) return new Vec(t, s);
  if (t === 8) return new Vec(t, Float32Array.from(s));
  const out = new (ctorOf(t))(s.length) as Int32Array;
  for (let j = 0; j < s.length; j++) out[j] = s[j] | 0;
  return new Vec(t, out);
}

const count: PassAgg = {
  init: [],
  body: () => "",
  count: "rows",
  finish: ([c]) => {
    const out = new BigInt64Array(c.length), words = new Int32Array(out.buffer);
    for (let j = 0; j < c.length; j++) words[2 * j] = c[j];
    return new Vec(7, out);
  },
};

const sum: PassAgg = {
  init: [0],
  body: ([x], [s]) => `${s}[g] += val${x};`,
  finish: ([s], [x]) => asType(sumType(x.t), s),
};

const avg: PassAgg = {
  init: [0],
  body: ([x], [s]) => `${s}[g] += val${x};`,
  count: "nonnull",
  finish: ([s, c]) => new Vec(9, s.map((v, j) => (c[j] ? v / c[j] : NaN))),
};

/** Infinities of types whose items are 2- or 4-byte integers (the extreme of nothing). */
function intInfinity(t: number): number {
  return t === 5 ? 32767 : 2147483647;
}

/** max or min: an all-null group gives -0W or 0W, as `max 0N 0N` is -0W. */
function extreme(isMin: boolean): PassAgg {
  const better = isMin ? "<" : ">";
  return {
    init: [isMin ? Infinity : -Infinity],
    body: ([x], [m]) => `if (ok${x} && v${x} ${better} ${m}[g]) ${m}[g] = v${x};`,
    finish: ([m], [x]) => {
      const t = x.t;
      if (t === 11 || t === 2 || t === 0) return qerr("type", "min and max need numbers or temporals");
      if (x.a instanceof Float64Array) return new Vec(t, m);
      if (x.a instanceof Float32Array) return new Vec(t, Float32Array.from(m));
      const out = new (ctorOf(t))(m.length) as Int32Array, inf = intInfinity(t);
      // booleans, bytes and chars have no infinity: an empty max is 0
      const small = t === 1 || t === 4 || t === 10;
      for (let j = 0; j < m.length; j++) {
        const v = m[j];
        out[j] = v === Infinity ? (small ? 0 : inf) : v === -Infinity ? (small ? 0 : -inf) : v;
      }
      return new Vec(t, out);
    },
  };
}

/** Count, sum and sum of squares of the non-null items. */
function moments(finish: (c: number, sx: number, sxx: number) => number): PassAgg {
  return {
    init: [0, 0],
    body: ([x], [sx, sxx]) => `${sx}[g] += val${x}; ${sxx}[g] += val${x} * val${x};`,
    count: "nonnull",
    finish: ([sx, sxx, c]) => new Vec(9, c.map((n, j) => finish(n, sx[j], sxx[j]))),
  };
}

function variance(sample: boolean, root: boolean): PassAgg {
  return moments((c, sx, sxx) => {
    if (c === 0 || (sample && c < 2)) return NaN;
    const m = sx / c;
    const v = Math.max(0, (sxx / c - m * m) * (sample ? c / (c - 1) : 1));
    return root ? Math.sqrt(v) : v;
  });
}

/** Pair statistics over the rows where neither item is null. */
function pair(kind: "cov" | "scov" | "cor"): PassAgg {
  return {
    init: [0, 0, 0, 0, 0, 0],
    body: ([x, y], [c, sx, sxx, sy, syy, sxy]) =>
      `if (ok${x} & ok${y}) { ${c}[g]++; ${sx}[g] += v${x}; ${sxx}[g] += v${x} * v${x}; ` +
      `${sy}[g] += v${y}; ${syy}[g] += v${y} * v${y}; ${sxy}[g] += v${x} * v${y}; }`,
    finish: ([c, sx, sxx, sy, syy, sxy]) =>
      new Vec(
        9,
        c.map((n, j) => {
          const mx = sx[j] / n, my = sy[j] / n, cov = sxy[j] / n - mx * my;
          if (kind === "cor") return cov / Math.sqrt((sxx[j] / n - mx * mx) * (syy[j] / n - my * my));
          return kind === "scov" ? (cov * n) / (n - 1) : cov;
        }),
      ),
  };
}

function weighted(isAvg: boolean): PassAgg {
  return {
    init: [0, 0],
    body: ([w, x], [s, sw]) => `if (ok${w} & ok${x}) { ${s}[g] += v${w} * v${x}; ${sw}[g] += v${w}; }`,
    finish: ([s, sw]) => new Vec(9, isAvg ? s.map((v, j) => v / sw[j]) : s),
  };
}

const PASS: ReadonlyMap<string, PassAgg> = new Map([
  ["count", count],
  ["sum", sum],
  ["avg", avg],
  ["min", extreme(true)],
  ["max", extreme(false)],
  ["var", variance(false, false)],
  ["svar", variance(true, false)],
  ["dev", variance(false, true)],
  ["sdev", variance(true, true)],
  ["cov", pair("cov")],
  ["scov", pair("scov")],
  ["cor", pair("cor")],
  ["wsum", weighted(false)],
  ["wavg", weighted(true)],
]);

/**
 * The shared-pass form of aggregation `fn` over `cols`, or undefined when
 * it needs its own kernel (exact long sums and extremes, order statistics).
 */
export function passAgg(fn: string, cols: Vec[]): PassAgg | undefined {
  const p = PASS.get(fn);
  if (!p) return undefined;
  if ((fn === "sum" || fn === "min" || fn === "max") && cols[0].a instanceof BigInt64Array) return undefined;
  return p;
}

/** One aggregation to run in a shared pass. */
export interface PassItem {
  agg: PassAgg;
  cols: Vec[];
}

/** Runs aggregations together in one pass over `n` rows (selected by `rows`), grouped by `g`. */
export function runPass(items: PassItem[], rows: Int32Array | null, g: Grouping, n: number): Value[] {
  const cols: Vec[] = [];
  const slotOf = (c: Vec) => {
    const at = cols.indexOf(c);
    return at >= 0 ? at : cols.push(c) - 1;
  };
  const accs: Float64Array[] = [], names: string[] = [];
  const newAcc = (init: number) => {
    accs.push(new Float64Array(g.count).fill(init));
    return names.push(`acc${names.length}`) - 1;
  };
  // the counts, each kept once: of rows, or of one column's non-null items
  const counts = new Map<string, number>(), countBodies: string[] = [];
  const countOf = (kind: "rows" | "nonnull", slot: number) => {
    const key = kind === "rows" || !mayHaveNulls(cols[slot]) ? "rows" : `ok${slot}`;
    let at = counts.get(key);
    if (at === undefined) {
      counts.set(key, at = newAcc(0));
      countBodies.push(key === "rows" ? `${names[at]}[g]++;` : `${names[at]}[g] += ${key};`);
    }
    return at;
  };
  const owned: number[][] = [];
  const bodies = items.map((it) => {
    const slots = it.cols.map(slotOf), mine = it.agg.init.map(newAcc);
    const body = it.agg.body(slots, mine.map((a) => names[a]));
    owned.push(it.agg.count ? [...mine, countOf(it.agg.count, slots[0])] : mine);
    return body;
  });
  const body = [...bodies, ...countBodies].join(" ");
  const kinds = cols.map((c) => (mayHaveNulls(c) ? elemKind(c.a, c.t) : nullFree(elemKind(c.a, c.t))));
  const f = loop(body, kinds, rows !== null, names, body);
  f(...cols.map((c, j) => readable(c.a, kinds[j])), rows, g.gid, n, ...accs);
  return items.map((it, j) => it.agg.finish(owned[j].map((a) => accs[a]), it.cols, g.count));
}

/** Whether a column may hold nulls, by one scan kept while the column lives (values never change in place). */
function mayHaveNulls(c: Vec): boolean {
  if (elemKind(c.a, c.t) === "n") return false; // read as never null (see loops.ts)
  let known = nullsKnown.get(c.a);
  if (known === undefined) nullsKnown.set(c.a, known = hasNull(c.t, c.a, c.n));
  return known;
}

const nullsKnown = new WeakMap<object, boolean>();
