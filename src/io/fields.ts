/**
 * Byte-level parsers for one field of text, as `0:` reads them: each takes
 * the bytes `buf[s, e)` (already trimmed) and returns the value, or NaN when
 * the text is not in the common form it handles, in which case the caller
 * falls back to Tok (`"J"$"…"`, src/prim/cast.ts), whose semantics these
 * fast paths agree with on every text they accept. No strings are made.
 *
 * @module
 */

import { ymdToDays } from "../value/temporal.ts";

/** Exact powers of ten representable as doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** 2^53: integers below it are exact doubles. */
const EXACT = 9007199254740992;

/** Digit value of byte `b`, or a value above 9 when it is not a digit. */
function digit(b: number): number {
  return (b - 48) >>> 0;
}

/**
 * An integer written as `-?digits` with at most `max` digits (so it fits the
 * type without wrapping), or NaN.
 */
export function parseInteger(buf: Uint8Array, s: number, e: number, max: number): number {
  let i = s, neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  if (i === e || e - i > max) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = digit(buf[i]);
    if (d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/**
 * A decimal number `-?digits[.digits][e[+-]digits]` (or `-?.digits…`; a lower-case `e` as Tok),
 * correctly rounded: the digits as an exact integer below 2^53 scaled by an
 * exact power of ten (at most 10^22) is one IEEE operation. Anything else
 * (more digits, larger exponents, `0n`, `0w`) gives NaN.
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s, neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  let m = 0, digits = 0, scale = 0, d = 0;
  for (; i < e && (d = digit(buf[i])) <= 9; i++, digits++) m = m * 10 + d;
  if (i < e && buf[i] === 46) {
    for (i++; i < e && (d = digit(buf[i])) <= 9; i++, digits++, scale++) m = m * 10 + d;
  }
  if (digits === 0 || m >= EXACT) return NaN;
  let exp = 0;
  if (i < e && buf[i] === 101) {
    i++;
    const negExp = buf[i] === 45;
    if (negExp || buf[i] === 43) i++;
    if (i === e || e - i > 3) return NaN;
    for (; i < e && (d = digit(buf[i])) <= 9; i++) exp = exp * 10 + d;
    if (negExp) exp = -exp;
  }
  if (i !== e) return NaN;
  const p = exp - scale;
  if (p < -22 || p > 22) return NaN;
  const v = p < 0 ? m / POW10[-p] : m * POW10[p];
  return neg ? -v : v;
}

/** Two digits at `i` as a number, or NaN. */
function two(buf: Uint8Array, i: number): number {
  const a = digit(buf[i]), b = digit(buf[i + 1]);
  return a > 9 || b > 9 ? NaN : a * 10 + b;
}

/** Four digits at `i` as a number, or NaN. */
function four(buf: Uint8Array, i: number): number {
  return two(buf, i) * 100 + two(buf, i + 2);
}

/** True for the date separators Tok accepts: `.`, `-`, `/`. */
function isDateSep(b: number): boolean {
  return b === 46 || b === 45 || b === 47;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 2000.01.01 of a valid y.m.d, or NaN. */
function days(y: number, m: number, d: number): number {
  if (!(m >= 1 && m <= 12 && d >= 1)) return NaN;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > MONTH_DAYS[m - 1] + (leap ? 1 : 0)) return NaN;
  return ymdToDays(y, m, d);
}

/** Days since 2000.01.01 of `yyyy?mm?dd` (`?` one of `.-/`) or `yyyymmdd`, or NaN. */
export function parseDate(buf: Uint8Array, s: number, e: number): number {
  if (e - s === 10 && isDateSep(buf[s + 4]) && isDateSep(buf[s + 7])) {
    return days(four(buf, s), two(buf, s + 5), two(buf, s + 8));
  }
  if (e - s === 8) return days(four(buf, s), two(buf, s + 4), two(buf, s + 6));
  return NaN;
}

/** Months since 2000.01 of `yyyy.mm` or `yyyy-mm`, or NaN. */
export function parseMonth(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 7 || (buf[s + 4] !== 46 && buf[s + 4] !== 45)) return NaN;
  const y = four(buf, s), m = two(buf, s + 5);
  return m >= 1 && m <= 12 ? (y - 2000) * 12 + m - 1 : NaN;
}

/**
 * Nanoseconds of a time of day `hh:mm[:ss[.f…]]` (minutes and seconds at
 * most 59; fraction digits past nine ignored), or NaN.
 */
export function parseClock(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 5 || buf[s + 2] !== 58) return NaN;
  const h = two(buf, s), m = two(buf, s + 3);
  if (!(m <= 59)) return NaN;
  let secs = h * 3600 + m * 60, frac = 0;
  if (n > 5) {
    if (n < 8 || buf[s + 5] !== 58) return NaN;
    const sec = two(buf, s + 6);
    if (!(sec <= 59)) return NaN;
    secs += sec;
    if (n > 8) {
      if (buf[s + 8] !== 46) return NaN;
      for (let i = s + 9, scale = 100_000_000; i < e; i++, scale = Math.floor(scale / 10)) {
        const d = digit(buf[i]);
        if (d > 9) return NaN;
        frac += d * scale;
      }
    }
  }
  return secs * 1e9 + frac;
}

/** Nanoseconds in a day, split as `KH * 2^32 + KL` for exact 64-bit arithmetic in doubles. */
const DAY_NS = 86_400_000_000_000, TWO32 = 4294967296;
const KH = Math.floor(DAY_NS / TWO32), KL = DAY_NS - KH * TWO32;

/**
 * Stores `hi * 2^32 + low` (`low` any exact integer) as item `i` of a
 * 64-bit column seen as int32 halves (little-endian).
 */
export function putI64(h: Int32Array, i: number, hi: number, low: number): void {
  const carry = Math.floor(low / TWO32);
  h[2 * i] = low - carry * TWO32;
  h[2 * i + 1] = hi + carry;
}

/**
 * Parses a timestamp `yyyy?mm?dd[D|T| ]hh:mm…` (or a date alone) and stores
 * its nanoseconds since 2000.01.01 as item `i` of `h`; false when the text
 * is not in that form.
 */
export function putTimestamp(h: Int32Array, i: number, buf: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 10) return false;
  const d = parseDate(buf, s, s + 10);
  if (d !== d) return false;
  let clock = 0;
  if (n > 10) {
    const sep = buf[s + 10];
    if (sep !== 68 && sep !== 84 && sep !== 32) return false;
    clock = parseClock(buf, s + 11, e);
    if (clock !== clock) return false;
  }
  putI64(h, i, d * KH, d * KL + clock);
  return true;
}
