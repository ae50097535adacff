/**
 * Library kernels against plain loops: `sum avg min max` and `deltas` on
 * 1e7 longs and 1e7 floats. Each group holds:
 *
 * - the baseline: a plain JS loop over the typed array doing the same work
 *   with the same null handling (floats skip NaN with a conditional
 *   expression; longs test 0N on their 32-bit halves and compare high word
 *   signed, low word unsigned; deltas of longs subtract unchecked, then
 *   write 0N where either operand is 0N);
 * - the primitive (`sum`, `avg`, `min`, `max`, `deltas`) called on a `Vec`;
 * - where the primitive's algorithm differs from the baseline's, the same
 *   algorithm as a plain loop, to show what is the algorithm and what is
 *   the call: `min` and `max` of longs compare float images of the items
 *   (hi·2^32 + lo, ordered as the longs are; exact below 2^53) keeping the
 *   best index, and `deltas` of longs subtracts in place from a copy.
 *
 * The targets: each primitive within 2x its plain loop, `sum` of floats
 * within 1.5x. The plain loops are written out one by one: a shared loop
 * taking the operation as a callback would measure V8's call dispatch. The
 * data holds one null per 1,024 items; each primitive's result is checked
 * against its baseline's before the benches run, and each timed call starts
 * after a full garbage collection (see `gc.ts`).
 *
 * Run: `deno bench -A bench/lib_math_bench.ts`.
 *
 * @module
 */

import { avg, max, min, sum } from "../src/prim/agg.ts";
import { deltas } from "../src/prim/uniform.ts";
import { NI, NJ } from "../src/value/nulls.ts";
import { type Value, Vec } from "../src/value/value.ts";
import { timed } from "./gc.ts";
import { type Payload, raw, rng, same } from "./common.ts";

type Out = Payload;

/** Int32 view of int64 data: item i is words 2i (low) and 2i+1 (high). */
function halves(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}
/** The int64 of two 32-bit words, as a bigint. */
function join(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
}

// ---------------------------------------------------------------- plain loops: float

function sumF(x: Float64Array): number {
  let s = 0;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    s += v === v ? v : 0;
  }
  return s;
}
function avgF(x: Float64Array): number {
  let s = 0, c = 0;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i], k = v === v;
    s += k ? v : 0;
    c += k ? 1 : 0;
  }
  return s / c;
}
function maxF(x: Float64Array): number {
  let m = -Infinity;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    m = v > m ? v : m;
  }
  return m;
}
function minF(x: Float64Array): number {
  let m = Infinity;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    m = v < m ? v : m;
  }
  return m;
}
function deltasF(x: Float64Array): Float64Array {
  const n = x.length, r = new Float64Array(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    r[i] = v - p;
    p = v;
  }
  return r;
}

// ---------------------------------------------------------------- plain loops: long (0N by halves)

function sumJ(x: BigInt64Array): bigint {
  const h = halves(x), acc = new BigInt64Array(1);
  for (let i = 0, j = 1, n = x.length; i < n; i++, j += 2) {
    if (h[j] !== NI || h[j - 1] !== 0) acc[0] += x[i];
  }
  return acc[0];
}
function avgJ(x: BigInt64Array): number {
  const h = halves(x);
  let s = 0, c = 0;
  for (let j = 0, m = h.length; j < m; j += 2) {
    const lo = h[j], hi = h[j + 1], k = ((hi ^ NI) | lo) !== 0, v = hi * 4294967296 + (lo >>> 0);
    s += k ? v : 0;
    c += k ? 1 : 0;
  }
  return s / c;
}
function maxJ(x: BigInt64Array): bigint {
  const h = halves(x);
  let bh = NI, bl = 1;
  for (let j = 0, m = h.length; j < m; j += 2) {
    const hi = h[j + 1], lo = h[j] >>> 0;
    const gt = hi > bh || (hi === bh && lo > bl);
    bh = gt ? hi : bh;
    bl = gt ? lo : bl;
  }
  return join(bl, bh);
}
function minJ(x: BigInt64Array): bigint {
  const h = halves(x);
  let bh = 2147483647, bl = 4294967295;
  for (let j = 0, m = h.length; j < m; j += 2) {
    const hi = h[j + 1], lo = h[j] >>> 0;
    const lt = (hi < bh || (hi === bh && lo < bl)) && ((hi ^ NI) | lo) !== 0;
    bh = lt ? hi : bh;
    bl = lt ? lo : bl;
  }
  return join(bl, bh);
}
function deltasJ(x: BigInt64Array): BigInt64Array {
  const n = x.length, r = new BigInt64Array(n);
  if (n) r[0] = x[0];
  for (let i = 1; i < n; i++) r[i] = x[i] - x[i - 1];
  const h = halves(x), rh = halves(r);
  for (let j = 0, m = h.length; j < m; j += 2) {
    const nul = ((h[j + 1] ^ NI) | h[j]) === 0;
    if (nul) {
      rh[j] = rh[j + 2] = 0;
      rh[j + 1] = rh[j + 3] = NI;
    }
  }
  return r;
}

// ---------------------------------------------------------------- plain loops: long, the primitives' algorithms

/** Max by float images, keeping the best index (exact for this data: all within 2^53). */
function maxJf(x: BigInt64Array): bigint {
  const h = halves(x);
  let m = -Infinity, at = 0;
  for (let j = 0, n = h.length; j < n; j += 2) {
    const v = h[j + 1] * 4294967296 + (h[j] >>> 0), gt = v > m;
    m = gt ? v : m;
    at = gt ? j : at;
  }
  return join(h[at], h[at + 1]);
}
function minJf(x: BigInt64Array): bigint {
  const h = halves(x);
  let m = Infinity, at = 0;
  for (let j = 0, n = h.length; j < n; j += 2) {
    const hi = h[j + 1], lo = h[j], d = hi * 4294967296 + (lo >>> 0);
    const v = ((hi ^ NI) | lo) === 0 ? Infinity : d, lt = v < m;
    m = lt ? v : m;
    at = lt ? j : at;
  }
  return join(h[at], h[at + 1]);
}
function deltasJi(x: BigInt64Array): BigInt64Array {
  const n = x.length, r = x.slice();
  for (let i = n - 1; i > 0; i--) r[i] -= x[i - 1];
  const h = halves(x), rh = halves(r);
  for (let j = 0, m = h.length; j < m; j += 2) {
    if (((h[j + 1] ^ NI) | h[j]) === 0) {
      rh[j + 2] = rh[j] = 0;
      rh[j + 3] = rh[j + 1] = NI;
    }
  }
  return r;
}

// ---------------------------------------------------------------- data and cases

const N = 1e7;

function floats(): Float64Array {
  const r = rng(42), x = new Float64Array(N);
  for (let i = 0; i < N; i++) x[i] = Math.floor((r() * 2 - 1) * 1e6);
  for (let i = 0; i < N; i += 1024) x[i] = NaN;
  return x;
}
function longs(): BigInt64Array {
  const r = rng(42), x = new BigInt64Array(N), h = halves(x);
  for (let i = 0; i < N; i++) {
    const v = Math.floor((r() * 2 - 1) * 1e6);
    h[2 * i] = v;
    h[2 * i + 1] = v < 0 ? -1 : 0;
  }
  for (let i = 0; i < N; i += 1024) x[i] = NJ;
  return x;
}

const PLAIN = "plain loop";
const ITERS = { n: 30, warmup: 8 };

/** One q expression: its plain loop, the primitive, and optionally the primitive's algorithm as a plain loop. */
type Op<A> = [q: string, plain: (x: A) => Out, prim: (v: Vec) => Value, same?: (x: A) => Out];

function register<A extends Float64Array | BigInt64Array>(kind: string, t: number, x: A, ops: Op<A>[]): void {
  const xv = new Vec(t, x);
  for (const [q, plain, prim, alike] of ops) {
    const group = `${kind} ${q} · 1e7 items`;
    const cases: [string, () => Out][] = [[PLAIN, () => plain(x)]];
    if (alike) cases.push(["plain loop, the primitive's algorithm", () => alike(x)]);
    cases.push([`prim ${q.split(" ")[0]} (Vec)`, () => raw(prim(xv))]);
    const expected = cases[0][1]();
    for (const [name, fn] of cases) {
      if (!same(fn(), expected)) throw new Error(`${group}: ${name} disagrees with the plain loop`);
      Deno.bench({ name, group, baseline: name === PLAIN, ...ITERS, fn: timed(fn) });
    }
  }
}

register("float", 9, floats(), [
  ["sum x", sumF, sum],
  ["avg x", avgF, avg],
  ["min x", minF, min],
  ["max x", maxF, max],
  ["deltas x", deltasF, deltas],
]);
register("long", 7, longs(), [
  ["sum x", sumJ, sum],
  ["avg x", avgJ, avg],
  ["min x", minJ, min, minJf],
  ["max x", maxJ, max, maxJf],
  ["deltas x", deltasJ, deltas, deltasJi],
]);
