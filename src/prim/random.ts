/**
 * The seeded random generator behind Roll, Deal and Permute (`?`,
 * reference ref/deal.md) and `rand` (ref/rand.md), and the seed that the
 * `\S` system command shows and sets.
 *
 * The generator is mulberry32: its whole state is one 32-bit integer,
 * which is the seed (q's default seed is -314159), so `\S n` restarts the
 * same sequence. The numbers differ from q's own generator, whose
 * algorithm is not published; only their ranges, types and counts follow q.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { itemAt } from "../value/items.ts";
import { intern, symName } from "../value/sym.ts";
import { Atom, count, isAtom, type Prim, type Value, Vec } from "../value/value.ts";
import { halves } from "./convert.ts";
import { kw1 } from "./define.ts";
import { gather, groupsOf, isIntAtom, toInt } from "./list.ts";

/** The seed q starts with. */
const DEFAULT_SEED = -314159;

let state = DEFAULT_SEED;

/** Sets the generator's seed (`\S n`). */
export function setSeed(n: number): void {
  state = n | 0;
}

/** The generator's current seed (`\S`): it moves on as numbers are drawn. */
export function getSeed(): number {
  return state;
}

/** Fills `out` with uniform 32-bit words (as int32). */
function draw(out: Int32Array): void {
  let s = state;
  for (let i = 0; i < out.length; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = t ^ (t >>> 14);
  }
  state = s;
}

/** `n` uniform 32-bit words. */
function words(n: number): Int32Array {
  const w = new Int32Array(n);
  draw(w);
  return w;
}

/** `n` integers uniform in 0 .. m-1 (m ≤ 2^53). */
function below(n: number, m: number): Float64Array {
  const r = new Float64Array(n);
  if (m <= 4294967296) {
    const w = words(n);
    for (let i = 0; i < n; i++) r[i] = Math.floor(((w[i] >>> 0) / 4294967296) * m);
  } else {
    const w = words(2 * n);
    for (let i = 0; i < n; i++) r[i] = Math.floor(unit(w[2 * i], w[2 * i + 1]) * m);
  }
  return r;
}

/** A float in [0,1) from two words (53 random bits). */
function unit(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

/** `n` floats uniform in [0, m). */
function floats(n: number, m: number): Float64Array {
  const w = words(2 * n), r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = unit(w[2 * i], w[2 * i + 1]) * m;
  return r;
}

/** `n` distinct integers from 0 .. m-1 in random order: a partial shuffle, or rejection when m is large. */
function distinctBelow(n: number, m: number): Float64Array {
  if (n > m) return qerr("length", "deal needs no more items than there are");
  return m <= 4 * n + 1024 ? shuffled(n, m) : rejected(n, m);
}

/** The first `n` items of a Fisher–Yates shuffle of `til m`. */
function shuffled(n: number, m: number): Float64Array {
  const pool = new Float64Array(m), w = words(n);
  for (let i = 0; i < m; i++) pool[i] = i;
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(((w[i] >>> 0) / 4294967296) * (m - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/** `n` distinct draws from 0 .. m-1, redrawing repeats. */
function rejected(n: number, m: number): Float64Array {
  const r = new Float64Array(n), seen = new Set<number>();
  for (let i = 0; i < n;) {
    for (const v of below(n - i, m)) {
      if (!seen.has(v)) {
        seen.add(v);
        r[i++] = v;
      }
    }
  }
  return r;
}

// ------------------------------------------------------------------ roll, deal, permute

/**
 * `x?y` for an integer x: Roll (x > 0), Deal (x < 0: distinct picks) or
 * Permute (x null) of the items of a list y, or of random values of the
 * type of an atom y: integers and temporals in 0 .. y-1 (floats in [0,y)),
 * any value of the type when y is 0, booleans for 0b, letters for " ",
 * bytes for 0x00, guids for 0Ng, and symbols of n letters from a..p for `n.
 */
export function roll(x: Value, y: Value): Value {
  const k = toInt(x);
  if (k !== k) return permute(y);
  const n = Math.abs(k), deal = k < 0;
  if (!isAtom(y)) return pick(n, deal, y);
  if (!(y instanceof Atom)) return qerr("type", "roll needs a list or an atom");
  return deal ? dealAtom(n, y) : rollAtom(n, y);
}

/** `0N?y`: the items of y (or `til y`) in random order. */
function permute(y: Value): Value {
  if (isIntAtom(y)) return dealAtom(toInt(y), y);
  return pick(count(y), true, y);
}

/** `n` items of the list y, at random (distinct positions for a deal). */
function pick(n: number, deal: boolean, y: Value): Value {
  const m = count(y);
  if (!deal && m === 0) return qerr("length", "roll needs a non-empty list");
  return gather(y, deal ? distinctBelow(n, m) : below(n, m));
}

function rollAtom(n: number, y: Atom): Value {
  const t = -y.t, v = y.v;
  if (t === 11) return symbols(n, symbolLength(y), false);
  if (t === 2) return guids(n);
  if (t === 1) return new Vec(1, Uint8Array.from(below(n, 2)));
  if (t === 10) {
    if (v !== 32) return qerr("type", 'roll of chars needs " "');
    return new Vec(10, Uint8Array.from(below(n, 26), (c) => c + 97));
  }
  if (t === 8 || t === 9 || t === 15) {
    const f = floats(n, v as number);
    return new Vec(t, t === 8 ? Float32Array.from(f) : f);
  }
  const m = typeof v === "bigint" ? Number(v) : v as number;
  if (m < 0) return qerr("domain", "roll needs a non-negative limit");
  return m === 0 && t <= 7 ? anyOfType(n, t) : integers(t, below(n, m));
}

function dealAtom(n: number, y: Atom): Value {
  const t = -y.t;
  if (t === 11) return symbols(n, symbolLength(y), true);
  if (t === 2) return guids(n);
  if (t !== 7 && t !== 6 && t !== 5) return qerr("type", "deal needs an integer, a symbol length or 0Ng");
  const m = toInt(y);
  if (m === 0 && t === 7) return distinctLongs(n);
  if (!(m > 0)) return qerr("domain", "deal needs a positive limit");
  return integers(t, distinctBelow(n, m));
}

/** Values of integer or temporal type `t` from exact integers. */
function integers(t: number, v: Float64Array): Vec {
  if (t === 7 || t === 12 || t === 16) {
    const r = new BigInt64Array(v.length), h = halves(r);
    for (let i = 0; i < v.length; i++) {
      const hi = Math.floor(v[i] / 4294967296);
      h[2 * i] = v[i] - hi * 4294967296;
      h[2 * i + 1] = hi;
    }
    return new Vec(t, r);
  }
  return new Vec(t, t === 4 ? Uint8Array.from(v) : t === 5 ? Int16Array.from(v) : Int32Array.from(v));
}

/** `n?0`, `n?0i`, `n?0h`, `n?0x00`: any values of the type (ints and shorts never null). */
function anyOfType(n: number, t: number): Vec {
  if (t === 7 || t === 12 || t === 16) {
    const r = new BigInt64Array(n), w = words(2 * n);
    halves(r).set(w);
    return new Vec(t, r);
  }
  if (t === 4) return new Vec(4, Uint8Array.from(words(n), (w) => w & 255));
  if (t === 5) return new Vec(5, Int16Array.from(words(n), (w) => ((w << 16) >> 16 === -32768 ? 0 : w)));
  return new Vec(t, words(n).map((w) => (w === -2147483648 ? 0 : w)));
}

/** `-n?0`: distinct random longs. */
function distinctLongs(n: number): Vec {
  const v = anyOfType(n, 7);
  return groupsOf(v, false).first.length === n ? v : distinctLongs(n);
}

/** The length n of a symbol `n (1 to 8). */
function symbolLength(y: Atom): number {
  const n = Number(symName(y.v as number));
  if (!(n >= 1 && n <= 8 && Number.isInteger(n))) return qerr("type", "roll of symbols needs `1 .. `8");
  return n;
}

/** `n` symbols of `len` letters from a..p (distinct when `unique`). */
function symbols(n: number, len: number, unique: boolean): Vec {
  const space = 16 ** len;
  const codes = unique ? distinctBelow(n, space) : below(n, space);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = codes[i], s = "";
    for (let j = 0; j < len; j++, c = Math.floor(c / 16)) s = String.fromCharCode(97 + (c % 16)) + s;
    ids[i] = intern(s);
  }
  return new Vec(11, ids);
}

/** `n` random guids (version 4 layout is not imitated: all 128 bits are random). */
function guids(n: number): Vec {
  const w = words(4 * n);
  return new Vec(2, new Uint8Array(w.buffer));
}

/** `rand x`: one random item of a list, or one random value like an atom x (`first 1?x`). */
export function rand(x: Value): Value {
  return itemAt(isAtom(x) ? roll(new Atom(-7, 1n), x) : pick(1, false, x), 0);
}

/** Random keywords. */
export const RANDOM_KEYWORDS: readonly Prim[] = [kw1("rand", rand)];
