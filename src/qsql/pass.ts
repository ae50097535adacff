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
import type { Grouping } from "./group.ts";
import { elemKind, loop, readable } from "./loops.ts";

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
  init: [0],
  body: (_v, [c]) => `${c}[g]++;`,
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
  init: [0, 0],
  body: ([x], [s, c]) => `${s}[g] += val${x}; ${c}[g] += ok${x};`,
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
    init: [0, 0, 0],
    body: ([x], [c, sx, sxx]) => `${c}[g] += ok${x}; ${sx}[g] += val${x}; ${sxx}[g] += val${x} * val${x};`,
    finish: ([c, sx, sxx]) => new Vec(9, c.map((n, j) => finish(n, sx[j], sxx[j]))),
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
  const bodies = items.map((it) => {
    const a = it.agg.init.map((init) => {
      accs.push(new Float64Array(g.count).fill(init));
      return names[names.push(`acc${names.length}`) - 1];
    });
    return it.agg.body(it.cols.map(slotOf), a);
  });
  const kinds = cols.map((c) => elemKind(c.a, c.t));
  const f = loop(bodies.join(" "), kinds, rows !== null, names, bodies.join(" "));
  f(...cols.map((c, j) => readable(c.a, kinds[j])), rows, g.gid, n, ...accs);
  let next = 0;
  return items.map((it) => {
    const mine = accs.slice(next, next + it.agg.init.length);
    next += it.agg.init.length;
    return it.agg.finish(mine, it.cols, g.count);
  });
}
