/**
 * Matching rows of one table's key columns against another's: the core
 * of every join. A single symbol key uses a direct array over the symbol
 * table; a single 4- or 8-byte integral key uses a direct array when its
 * values span a small range and an open-addressing hash otherwise; other
 * keys (several columns, floats, strings) get joint dense codes through
 * the grouping machinery.
 *
 * @module
 */

import { join } from "../prim/list.ts";
import { symCount } from "../value/sym.ts";
import { type Value, Vec } from "../value/value.ts";
import { type Grouping, groupRows, keyCodes } from "./group.ts";

/** Types whose items are 4-byte integers compared exactly. */
const INT32_TYPES = new Set([6, 13, 14, 17, 18, 19]);
/** Types whose items are 8-byte integers compared exactly. */
const INT64_TYPES = new Set([7, 12, 16]);
/** Largest direct-array span for integral keys. */
const DIRECT_SPAN = 1 << 26;

/**
 * For each of the `nx` rows of `xKeys`, the first of the `ny` rows of
 * `yKeys` with equal values in every key column, or -1: q's `y?x` over
 * tables.
 */
export function matchRows(yKeys: readonly Value[], xKeys: readonly Value[], ny: number, nx: number): Int32Array {
  if (yKeys.length === 1) {
    const y = yKeys[0], x = xKeys[0];
    if (y instanceof Vec && x instanceof Vec && y.t === x.t) {
      if (y.t === 11) return matchSyms(y.a as Int32Array, x.a as Int32Array);
      if (INT32_TYPES.has(y.t)) return matchWords(words(y), words(x), 1);
      if (INT64_TYPES.has(y.t)) return matchWords(words(y), words(x), 2);
    }
  }
  const g = jointGroups(yKeys, xKeys, ny, nx);
  const firstY = new Int32Array(g.count).fill(-1);
  for (let k = ny - 1; k >= 0; k--) firstY[g.gid[k]] = k;
  const out = new Int32Array(nx);
  for (let i = 0; i < nx; i++) out[i] = firstY[g.gid[ny + i]];
  return out;
}

/** How matchRows matches these keys (for explain). */
export function matchMethod(yKeys: readonly Value[], xKeys: readonly Value[]): string {
  const y = yKeys[0], x = xKeys[0];
  if (yKeys.length === 1 && y instanceof Vec && x instanceof Vec && y.t === x.t) {
    if (y.t === 11) return "direct array over the symbol table";
    const w = INT32_TYPES.has(y.t) ? 1 : INT64_TYPES.has(y.t) ? 2 : 0;
    if (w) return smallSpan(words(y), w) ? "direct array over the key range" : "open-addressing hash of the right keys";
  }
  return "joint key codes of both sides (grouping)";
}

/** Groups the `ny` rows of `yKeys` followed by the `nx` rows of `xKeys` by their values. */
export function jointGroups(yKeys: readonly Value[], xKeys: readonly Value[], ny: number, nx: number): Grouping {
  return groupRows(yKeys.map((y, j) => keyCodes(join(y, xKeys[j]), null)), ny + nx);
}

function words(v: Vec): Int32Array {
  const a = v.a;
  return new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
}

function matchSyms(y: Int32Array, x: Int32Array): Int32Array {
  const slot = new Int32Array(symCount()).fill(-1);
  for (let k = y.length - 1; k >= 0; k--) slot[y[k]] = k;
  const out = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = slot[x[i]];
  return out;
}

/**
 * Rows of `y` matching `x`, both given as 32-bit words with `w` words per
 * item (1 or 2, little-endian: low word first).
 */
function matchWords(y: Int32Array, x: Int32Array, w: 1 | 2): Int32Array {
  const ny = y.length / w;
  const span = smallSpan(y, w);
  return span ? matchDirect(y, x, w, span.min, span.size) : matchHashed(y, x, w, ny);
}

/** The minimum and span of `y` when every item fits 32 bits and the span is small. */
function smallSpan(y: Int32Array, w: 1 | 2): { min: number; size: number } | undefined {
  const ny = y.length / w;
  if (ny === 0) return undefined;
  let min = 2147483647, max = -2147483648;
  for (let k = 0; k < ny; k++) {
    const lo = y[k * w];
    if (w === 2 && y[k * w + 1] !== lo >> 31) return undefined;
    if (lo === -2147483648) return undefined; // the int null: leave it to the hash
    min = lo < min ? lo : min;
    max = lo > max ? lo : max;
  }
  const size = max - min + 1;
  return size <= Math.max(4 * ny, 1 << 16) && size <= DIRECT_SPAN ? { min, size } : undefined;
}

function matchDirect(y: Int32Array, x: Int32Array, w: 1 | 2, min: number, size: number): Int32Array {
  const slot = new Int32Array(size).fill(-1);
  for (let k = y.length / w - 1; k >= 0; k--) slot[y[k * w] - min] = k;
  const nx = x.length / w, out = new Int32Array(nx);
  for (let i = 0; i < nx; i++) {
    const lo = x[i * w], off = lo - min;
    const fits = w === 1 || x[i * w + 1] === lo >> 31;
    out[i] = fits && off >= 0 && off < size ? slot[off] : -1;
  }
  return out;
}

function hashOf(lo: number, hi: number, shift: number): number {
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> shift;
}

function matchHashed(y: Int32Array, x: Int32Array, w: 1 | 2, ny: number): Int32Array {
  let bits = 4;
  while (1 << bits < 2 * ny) bits++;
  const size = 1 << bits, mask = size - 1, shift = 32 - bits;
  const slot = new Int32Array(size).fill(-1);
  for (let k = 0; k < ny; k++) {
    const lo = y[k * w], hi = w === 2 ? y[k * w + 1] : 0;
    let h = hashOf(lo, hi, shift);
    for (;;) {
      const s = slot[h];
      if (s < 0) {
        slot[h] = k;
        break;
      }
      if (y[s * w] === lo && (w === 1 || y[s * w + 1] === hi)) break; // keep the first occurrence
      h = (h + 1) & mask;
    }
  }
  const nx = x.length / w, out = new Int32Array(nx);
  for (let i = 0; i < nx; i++) {
    const lo = x[i * w], hi = w === 2 ? x[i * w + 1] : 0;
    let h = hashOf(lo, hi, shift), found = -1;
    for (;;) {
      const s = slot[h];
      if (s < 0) break;
      if (y[s * w] === lo && (w === 1 || y[s * w + 1] === hi)) {
        found = s;
        break;
      }
      h = (h + 1) & mask;
    }
    out[i] = found;
  }
  return out;
}
