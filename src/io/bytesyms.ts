/**
 * Symbols interned straight from bytes, for loading text: each distinct
 * field is decoded and interned once; every repeat costs a hash of its
 * words and one compare, with no string made.
 *
 * @module
 */

import { intern } from "../value/sym.ts";

const latin1 = new TextDecoder("latin1"), utf8 = new TextDecoder();

/** The text of bytes `buf[s, e)` (UTF-8; ASCII decoded without a decoder call). */
export function decodeBytes(buf: Uint8Array, s: number, e: number): string {
  let ascii = "";
  for (let i = s; i < e; i++) {
    if (buf[i] > 127) return utf8.decode(buf.subarray(s, e));
    if (e - s <= 32) ascii += String.fromCharCode(buf[i]);
  }
  return e - s <= 32 ? ascii : latin1.decode(buf.subarray(s, e));
}

/** Int32s per slot of {@link ByteSymbols}: id + 1 (0 empty), hash, length, the first 16 bytes, tail offset. */
const SLOT = 8;

/** The little-endian int32 of the bytes of `buf[p, min(p + 4, e))` (0 past `e`). */
function word(buf: Uint8Array, p: number, e: number): number {
  if (p + 4 <= e) return buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24);
  let w = 0;
  for (let k = 0; p + k < e; k++) w |= buf[p + k] << (8 * k);
  return w;
}

/** Hash of the bytes `buf[s, e)`, a word at a time. */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  return mix(
    buf,
    s,
    e,
    word(buf, s, e),
    len > 4 ? word(buf, s + 4, e) : 0,
    len > 8 ? word(buf, s + 8, e) : 0,
    len > 12 ? word(buf, s + 12, e) : 0,
  );
}

/** Hash of the text `buf[s, e)` whose first 16 bytes are the words `w0..w3`. */
function mix(buf: Uint8Array, s: number, e: number, w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul((e - s) ^ w0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ w1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13) ^ w2, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16) ^ w3, 0x27d4eb2f);
  for (let p = s + 16; p < e; p += 4) h = Math.imul(h ^ (h >>> 15) ^ word(buf, p, e), 0x9e3779b1);
  return h ^ (h >>> 16);
}

/**
 * Interns symbols from bytes: an open-addressing table keyed by the bytes
 * themselves, so each distinct field is decoded and interned once and every
 * repeat costs one hash over its words and one compare. A slot holds the
 * first 16 bytes inline (longer texts keep the rest in a pool), so a lookup
 * touches one cache line of the table.
 */
export class ByteSymbols {
  /**
   * With a `parent`, a text new to this table is looked up there (by its
   * bytes) before it is decoded and interned: many small tables can share
   * one large one, as the loads of `.Q.fs` chunks share {@link SHARED_SYMBOLS}.
   */
  constructor(private readonly parent?: ByteSymbols) {}

  private slots = new Int32Array(SLOT << 8);
  private pool = new Uint8Array(1024);
  private used = 0;
  private count = 0;

  /** True when the table outgrows the CPU's near caches: batched lookups ({@link resolve}) pay off. */
  get large(): boolean {
    return this.count > 4096;
  }

  /** Keeps the probe loads of {@link resolve} from being optimized away. */
  private touched = 0;

  /** The symbol id of the text `buf[s, e)`. */
  id(buf: Uint8Array, s: number, e: number): number {
    return this.find(buf, s, e, 0, false);
  }

  /**
   * Ids of many texts `buf[s[i], e[i])` into `out[first + i]`. Hashes them
   * all first, then, for each group of 16, touches their slots before
   * comparing: the cache misses of a large table overlap instead of queueing.
   */
  resolve(buf: Uint8Array, s: Int32Array, e: Int32Array, n: number, out: Int32Array, first: number): void {
    const h = n <= this.hashes.length ? this.hashes : (this.hashes = new Int32Array(2 * n));
    for (let i = 0; i < n; i++) h[i] = hashBytes(buf, s[i], e[i]);
    for (let g = 0; g < n; g += 16) {
      const end = Math.min(n, g + 16), slots = this.slots, mask = slots.length / SLOT - 1;
      let touched = 0;
      for (let i = g; i < end; i++) touched ^= slots[(h[i] & mask) * SLOT + 1];
      this.touched ^= touched;
      for (let i = g; i < end; i++) out[first + i] = this.find(buf, s[i], e[i], h[i], true);
    }
  }

  private hashes = new Int32Array(0);

  /** The id of `buf[s, e)` (whose hash is `h` when `hashed`), added when new. */
  private find(buf: Uint8Array, s: number, e: number, h: number, hashed: boolean): number {
    const len = e - s;
    const w0 = word(buf, s, e), w1 = len > 4 ? word(buf, s + 4, e) : 0;
    const w2 = len > 8 ? word(buf, s + 8, e) : 0, w3 = len > 12 ? word(buf, s + 12, e) : 0;
    if (!hashed) h = mix(buf, s, e, w0, w1, w2, w3);
    const slots = this.slots, mask = slots.length / SLOT - 1;
    for (let k = h & mask;; k = (k + 1) & mask) {
      const at = k * SLOT, id = slots[at] - 1;
      if (id < 0) return this.add(buf, s, e, h, at, w0, w1, w2, w3);
      if (
        slots[at + 1] === h && slots[at + 2] === len && slots[at + 3] === w0 && slots[at + 4] === w1 &&
        slots[at + 5] === w2 && slots[at + 6] === w3 && (len <= 16 || this.sameTail(slots[at + 7], buf, s + 16, e))
      ) return id;
    }
  }

  private sameTail(at: number, buf: Uint8Array, s: number, e: number): boolean {
    const pool = this.pool;
    for (let i = s; i < e; i++) if (pool[at++] !== buf[i]) return false;
    return true;
  }

  private add(
    buf: Uint8Array,
    s: number,
    e: number,
    h: number,
    at: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
  ): number {
    const id = this.parent ? this.parent.find(buf, s, e, h, true) : intern(decodeBytes(buf, s, e));
    const slots = this.slots;
    slots[at] = id + 1;
    slots[at + 1] = h;
    slots[at + 2] = e - s;
    slots[at + 3] = w0;
    slots[at + 4] = w1;
    slots[at + 5] = w2;
    slots[at + 6] = w3;
    if (e - s > 16) slots[at + 7] = this.keepTail(buf.subarray(s + 16, e));
    if (2 * ++this.count > slots.length / SLOT) this.rehash();
    return id;
  }

  /** Copies the bytes past the first 16 of a long text to the pool; their offset. */
  private keepTail(rest: Uint8Array): number {
    if (this.used + rest.length > this.pool.length) {
      const pool = new Uint8Array(2 * (this.used + rest.length));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(rest, this.used);
    this.used += rest.length;
    return this.used - rest.length;
  }

  private rehash(): void {
    const old = this.slots, slots = new Int32Array(old.length * 2), mask = slots.length / SLOT - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at] === 0) continue;
      let k = old[at + 1] & mask;
      while (slots[k * SLOT] !== 0) k = (k + 1) & mask;
      slots.set(old.subarray(at, at + SLOT), k * SLOT);
    }
    this.slots = slots;
  }
}

/** The symbols of every text load in this process, by bytes (symbol ids never change, so it stays true). */
export const SHARED_SYMBOLS: ByteSymbols = new ByteSymbols();
