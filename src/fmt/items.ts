/**
 * Text of single items of basic types, as q's console writes them: the item
 * form (no type suffix; used inside vectors and table cells) and the atom
 * form (with the suffix that makes it re-readable, `1i`, `0Nd`, `1.5e`).
 *
 * @module
 */

import { symName } from "../value/sym.ts";
import { daysToYmd, NS_PER_DAY } from "../value/temporal.ts";
import { isNullElem, NH, NI, NJ, WI, WJ } from "../value/nulls.ts";
import type { AtomValue } from "../value/value.ts";

/** Formats a float like C's `%.{P}g` (P = 0 means 17 significant digits). */
export function fmtG(x: number, precision: number): string {
  if (x !== x) return "0n";
  if (x === Infinity) return "0w";
  if (x === -Infinity) return "-0w";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const p = precision <= 0 ? 17 : Math.min(precision, 17);
  const e = x.toExponential(p - 1);
  const ei = e.indexOf("e");
  const exp = Number(e.slice(ei + 1));
  if (exp < -4 || exp >= p) {
    let mant = e.slice(0, ei);
    if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  let s = x.toFixed(Math.max(0, p - 1 - exp));
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;
const pad3 = (n: number) => String(n).padStart(3, "0");
const pad4 = (n: number) => String(n).padStart(4, "0");

/** yyyy.mm.dd of a day count. */
export function fmtDate(days: number): string {
  const [y, m, d] = daysToYmd(days);
  if (y < 1 || y > 9999) return "0000.00.00";
  return `${pad4(y)}.${pad2(m)}.${pad2(d)}`;
}

/** yyyy.mm of a month count. */
export function fmtMonth(months: number): string {
  const y = 2000 + Math.floor(months / 12);
  const m = months - (y - 2000) * 12 + 1;
  return `${pad4(y)}.${pad2(m)}`;
}

/** hh:mm:ss.nnnnnnnnn of nanoseconds within a day (0 ≤ ns < 1 day). */
function clockNs(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = Number(ns - s * 1_000_000_000n);
  const sec = Number(s);
  return `${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}.${
    String(frac).padStart(9, "0")
  }`;
}

/** yyyy.mm.ddDhh:mm:ss.nnnnnnnnn of nanoseconds since 2000.01.01. */
export function fmtTimestamp(ns: bigint): string {
  let days = ns / NS_PER_DAY;
  let rem = ns - days * NS_PER_DAY;
  if (rem < 0n) {
    rem += NS_PER_DAY;
    days -= 1n;
  }
  return `${fmtDate(Number(days))}D${clockNs(rem)}`;
}

/** [-]dDhh:mm:ss.nnnnnnnnn of a timespan in nanoseconds. */
export function fmtTimespan(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const days = a / NS_PER_DAY;
  return `${neg ? "-" : ""}${days}D${clockNs(a - days * NS_PER_DAY)}`;
}

/** hh:mm, hh:mm:ss or hh:mm:ss.mmm of a minute/second/time count. */
function fmtClock(v: number, t: number): string {
  const neg = v < 0;
  let a = Math.abs(v);
  let out: string;
  if (t === 17) out = `${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
  else if (t === 18) out = `${pad2(Math.floor(a / 3600))}:${pad2(Math.floor(a / 60) % 60)}:${pad2(a % 60)}`;
  else {
    const ms = a % 1000;
    a = Math.floor(a / 1000);
    out = `${pad2(Math.floor(a / 3600))}:${pad2(Math.floor(a / 60) % 60)}:${pad2(a % 60)}.${pad3(ms)}`;
  }
  return neg ? "-" + out : out;
}

/** yyyy.mm.ddThh:mm:ss.mmm of fractional days since 2000.01.01. */
export function fmtDatetime(x: number): string {
  const totalMs = Math.round(x * 86_400_000);
  const days = Math.floor(totalMs / 86_400_000);
  return `${fmtDate(days)}T${fmtClock(totalMs - days * 86_400_000, 19)}`;
}

/** 8-4-4-4-12 hex of the 16 bytes of a guid starting at `off`. */
export function fmtGuid(b: Uint8Array, off = 0): string {
  let s = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
    s += b[off + i].toString(16).padStart(2, "0");
  }
  return s;
}

/** Two lower-case hex digits of a byte. */
export function hex2(v: number): string {
  return v.toString(16).padStart(2, "0");
}

/** q's escaped form of a char (inside double quotes). */
export function escapeChar(c: number): string {
  if (c === 34) return '\\"';
  if (c === 92) return "\\\\";
  if (c === 10) return "\\n";
  if (c === 13) return "\\r";
  if (c === 9) return "\\t";
  if (c < 32 || c >= 127) return "\\" + c.toString(8).padStart(3, "0");
  return String.fromCharCode(c);
}

/** A quoted string literal of raw bytes, escaped as q escapes them. */
export function quoteBytes(a: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < a.length; i++) s += escapeChar(a[i]);
  return s + '"';
}

/** Letter shown after a null/infinity atom of each temporal type (months always show `m`). */
const NULL_LETTER: Record<number, string> = {
  12: "p",
  14: "d",
  15: "z",
  16: "n",
  17: "u",
  18: "v",
  19: "t",
};

/** The letter after a temporal null or infinity atom (`0Nd`); empty for months, which always end in `m`. */
export function nullLetter(t: number): string {
  return NULL_LETTER[t] ?? "";
}

/**
 * The item text of element `v` of basic type `t`: no type suffix. Temporal
 * nulls and infinities keep their type letter (`0Nd`) unless `bare`, as
 * inside a vector (`2000.01.01 0N`).
 */
export function fmtItem(t: number, v: AtomValue, precision: number, bare = false): string {
  switch (t) {
    case 1:
      return v ? "1" : "0";
    case 2:
      return fmtGuid(v as Uint8Array);
    case 4:
      return hex2(v as number);
    case 5: // q has no display for short infinities: 0Wh shows as 32767h
      return v === NH ? "0N" : String(v);
    case 6:
      return v === NI ? "0N" : v === WI ? "0W" : v === -WI ? "-0W" : String(v);
    case 7:
      return v === NJ ? "0N" : v === WJ ? "0W" : v === -WJ ? "-0W" : String(v);
    case 8:
    case 9: {
      const x = v as number;
      if (t === 8 && x !== x) return "0N";
      return fmtG(x, precision);
    }
    case 10:
      return String.fromCharCode(v as number);
    case 11:
      return symName(v as number);
    default:
      return fmtTemporalItem(t, v as number | bigint, bare ? "" : nullLetter(t));
  }
}

function fmtTemporalItem(t: number, v: number | bigint, L: string): string {
  const sp = typeof v === "bigint"
    ? v === NJ ? "0N" : v === WJ ? "0W" : v === -WJ ? "-0W" : ""
    : t === 15
    ? v !== v ? "0N" : v === Infinity ? "0w" : v === -Infinity ? "-0w" : ""
    : v === NI
    ? "0N"
    : v === WI
    ? "0W"
    : v === -WI
    ? "-0W"
    : "";
  if (sp) return sp + L;
  if (typeof v === "bigint") return t === 12 ? fmtTimestamp(v) : fmtTimespan(v);
  if (t === 15) return fmtDatetime(v);
  if (t === 13) return fmtMonth(v);
  if (t === 14) return fmtDate(v);
  return fmtClock(v, t);
}

/**
 * The text q's `string` gives an item of basic type `t`, as dictionaries,
 * tables and matrices show it: the item form, with nulls empty (guids,
 * booleans, bytes and chars have no empty form).
 */
export function strItem(t: number, v: AtomValue, precision: number): string {
  if (t === 1 || t === 2 || t === 4 || t === 10 || !isNullElem(t, v as number | bigint)) {
    return fmtItem(t, v, precision);
  }
  return "";
}

/** The console text of an atom of basic type `t` (with q's suffixes). */
export function fmtAtom(t: number, v: AtomValue, precision: number): string {
  switch (t) {
    case 1:
      return (v ? "1" : "0") + "b";
    case 4:
      return "0x" + hex2(v as number);
    case 5:
      return (v === NH ? "0N" : fmtItem(5, v, precision)) + "h";
    case 6:
      return (v === NI ? "0N" : fmtItem(6, v, precision)) + "i";
    case 8: {
      const x = v as number;
      if (x !== x) return "0Ne";
      if (x === Infinity) return "0we";
      if (x === -Infinity) return "-0we";
      return fmtG(x, precision) + "e";
    }
    case 9: {
      const s = fmtG(v as number, precision);
      return /[.enw]/.test(s) ? s : s + "f";
    }
    case 10:
      return `"${escapeChar(v as number)}"`;
    case 11:
      return "`" + symName(v as number);
    case 13: {
      const s = fmtItem(13, v, precision);
      return s + "m";
    }
    default:
      return fmtItem(t, v, precision);
  }
}
