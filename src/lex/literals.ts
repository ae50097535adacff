/**
 * Parsing of q's literal forms into values: numbers with type suffixes,
 * nulls and infinities, temporals, booleans, bytes, and whole vectors of
 * juxtaposed items (`1 2 3h`, `2024.01.01 0Nd`), typed by q's rules.
 *
 * @module
 */

import { NH, NI, NJ, WH, WI, WJ } from "../value/nulls.ts";
import { NS_PER_DAY, validYmd, ymdToDays, ymToMonths } from "../value/temporal.ts";
import { ctorOf } from "../value/types.ts";
import { Atom, type Value, Vec } from "../value/value.ts";

/**
 * One scanned numeric item before vector typing: `t` is its explicit or
 * implied type (0 when it could still be any numeric type: a plain integer
 * or an untyped null/infinity), `v` its value in that type's element form,
 * and `num` the plain numeric value for retyping.
 */
export interface NumItem {
  t: number;
  v: number | bigint;
  /** Plain number (ints and floats) for conversion when the vector type is decided. */
  num: number;
  /** Exact integer text value when the item is an integer. */
  big?: bigint;
  /** True when written as a float (has `.` or exponent). */
  isFloat: boolean;
  /** 'N' or 'W' or '-W' for untyped nulls/infinities. */
  special?: "N" | "W" | "-W" | "n" | "w" | "-w";
  /** Months since 2000.01 when written `yyyy.mm`: a float alone, a month in `2000.01 2000.02m`. */
  ym?: number;
  /** True when a type letter was written on the item (`11:59:59.999u`): its type wins in a vector. */
  explicit?: boolean;
}

/** Clock types from narrowest to widest: minute, second, time, timespan. */
const CLOCK_RANK: Record<number, number> = { 17: 1, 18: 2, 19: 3, 16: 4 };

const SUFFIX_TYPE: Record<string, number> = {
  h: 5,
  i: 6,
  j: 7,
  e: 8,
  f: 9,
  p: 12,
  m: 13,
  d: 14,
  z: 15,
  n: 16,
  u: 17,
  v: 18,
  t: 19,
};

/** Regex (sticky) for a single numeric or temporal item; group 0 is the item. */
export const NUM_ITEM = new RegExp(
  [
    "-?0[NnWw][a-z]?(?![A-Za-z0-9_.])", // nulls and infinities with optional type letter
    "-?\\d{4}\\.\\d{2}\\.\\d{2}(?:[DT](?:\\d{2}(?::\\d{2}(?::\\d{2}(?:\\.\\d*)?)?)?)?)?[a-z]?", // date, timestamp, datetime
    "-?\\d{4}\\.\\d{2}m", // month
    "-?\\d+D(?:\\d{2}(?::\\d{2}(?::\\d{2}(?:\\.\\d*)?)?)?)?[a-z]?", // timespan 1D10:00
    "-?\\d{2,}:\\d{2}(?::\\d{2}(?:\\.\\d*)?)?[a-z]?", // minute, second, time, timespan
    "-?(?:\\d+\\.?\\d*|\\.\\d+)(?:e[-+]?\\d+)?[a-z]?", // numbers with optional suffix
  ].join("|"),
  "y",
);

/** Parses the text of one item matched by {@link NUM_ITEM}; undefined if malformed. */
export function parseNumItem(s: string): NumItem | undefined {
  const neg = s.startsWith("-");
  const body = neg ? s.slice(1) : s;
  // nulls / infinities
  const nw = /^0([NnWw])([a-z]?)$/.exec(body);
  if (nw) return specialItem(nw[1], nw[2], neg);
  if (/^\d{4}\.\d{2}\.\d{2}/.test(body)) return dateLike(body, neg);
  if (/^\d{4}\.\d{2}m$/.test(body)) {
    const y = +body.slice(0, 4), m = +body.slice(5, 7);
    if (m < 1 || m > 12) return undefined;
    const v = ymToMonths(y, m) * (neg ? -1 : 1);
    return { t: 13, v, num: v, isFloat: false };
  }
  if (/^\d+D/.test(body)) return timespanItem(body, neg);
  if (/^\d{2,}:/.test(body)) return clockItem(body, neg);
  // plain numbers
  const m = /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?([a-z]?)$/.exec(body);
  if (!m) return undefined;
  const [, digits, exp, suf] = m;
  const isFloat = digits.includes(".") || exp !== undefined;
  if (isFloat && suf && suf !== "e" && suf !== "f" && suf !== "z" && suf !== "d" && suf !== "p" && suf !== "n") {
    return undefined;
  }
  const num = Number(digits + (exp ?? "")) * (neg ? -1 : 1);
  if (suf === "b") {
    if (isFloat || !/^[01]+$/.test(digits)) return undefined;
    return undefined; // booleans are scanned separately
  }
  if (!suf) {
    if (isFloat) return { t: 9, v: num, num, isFloat, ym: yearMonth(s) };
    const big = BigInt(digits) * (neg ? -1n : 1n);
    return { t: 0, v: big, num, big, isFloat };
  }
  const t = SUFFIX_TYPE[suf];
  if (t === undefined) return undefined;
  const big = isFloat ? undefined : BigInt(digits) * (neg ? -1n : 1n);
  const item: NumItem = { t: 0, v: 0, num, big, isFloat };
  return retype(item, t);
}

/** Months since 2000.01 of a `yyyy.mm` text with a valid month, else undefined. */
function yearMonth(s: string): number | undefined {
  const m = /^(\d{4})\.(\d{2})$/.exec(s);
  return m && +m[2] >= 1 && +m[2] <= 12 ? ymToMonths(+m[1], +m[2]) : undefined;
}

function specialItem(c: string, letter: string, neg: boolean): NumItem | undefined {
  const isNull = c === "N" || c === "n";
  const lower = c === "n" || c === "w";
  const sp = (isNull ? (lower ? "n" : "N") : (lower ? (neg ? "-w" : "w") : (neg ? "-W" : "W"))) as NumItem["special"];
  if (neg && isNull) return undefined;
  const base: NumItem = { t: 0, v: 0, num: isNull ? NaN : neg ? -Infinity : Infinity, isFloat: lower, special: sp };
  if (!letter) return lower ? retype(base, 9) : base;
  const t = letter === "g" ? 2 : letter === "c" ? 10 : letter === "s" ? 11 : SUFFIX_TYPE[letter];
  if (t === undefined) return undefined;
  return retype(base, t);
}

function dateLike(body: string, neg: boolean): NumItem | undefined {
  if (neg) return undefined;
  const y = +body.slice(0, 4), mo = +body.slice(5, 7), d = +body.slice(8, 10);
  if (!validYmd(y, mo, d)) return undefined;
  const days = ymdToDays(y, mo, d);
  let rest = body.slice(10);
  let suf = "";
  if (/[a-z]$/.test(rest)) {
    suf = rest.slice(-1);
    rest = rest.slice(0, -1);
  }
  if (rest === "") {
    const item: NumItem = { t: 14, v: days, num: days, isFloat: false };
    return suf ? retypeTemporal(item, suf) : item;
  }
  const kind = rest[0];
  const clock = rest.slice(1);
  const ns = clockToNs(clock === "" ? "00:00" : clock, kind === "T" ? 3 : 9);
  if (ns === undefined) return undefined;
  if (kind === "D") {
    const v = BigInt(days) * NS_PER_DAY + ns;
    const item: NumItem = { t: 12, v, num: Number(v), isFloat: false };
    return suf ? retypeTemporal(item, suf) : item;
  }
  const v = days + Number(ns) / 86_400_000_000_000;
  return { t: 15, v, num: v, isFloat: true };
}

/** Nanoseconds of hh[:mm[:ss[.fff]]]; undefined when a field is out of range. */
function clockToNs(s: string, maxFrac: number): bigint | undefined {
  const m = /^(\d{2,})(?::(\d{2}))?(?::(\d{2}))?(?:\.(\d*))?$/.exec(s);
  if (!m) return undefined;
  const h = +m[1], mi = m[2] ? +m[2] : 0, se = m[3] ? +m[3] : 0;
  if (mi > 59 || se > 59) return undefined;
  const frac = (m[4] ?? "").slice(0, 9);
  if (frac.length > 9 || (m[4] ?? "").length > Math.max(maxFrac, 9)) return undefined;
  const fracNs = BigInt((frac + "000000000").slice(0, 9));
  return (BigInt(h) * 3600n + BigInt(mi) * 60n + BigInt(se)) * 1_000_000_000n + fracNs;
}

function timespanItem(body: string, neg: boolean): NumItem | undefined {
  let s = body;
  let suf = "";
  if (/[a-z]$/.test(s)) {
    suf = s.slice(-1);
    s = s.slice(0, -1);
  }
  const di = s.indexOf("D");
  const days = BigInt(s.slice(0, di));
  const clock = s.slice(di + 1);
  const ns = clock === "" ? 0n : clockToNs(clock, 9);
  if (ns === undefined) return undefined;
  let v = days * NS_PER_DAY + ns;
  if (neg) v = -v;
  const item: NumItem = { t: 16, v, num: Number(v), isFloat: false };
  return suf ? retypeTemporal(item, suf) : item;
}

function clockItem(body: string, neg: boolean): NumItem | undefined {
  let s = body;
  let suf = "";
  if (/[a-z]$/.test(s)) {
    suf = s.slice(-1);
    s = s.slice(0, -1);
  }
  const parts = s.split(":");
  const sign = neg ? -1 : 1;
  let item: NumItem;
  if (parts.length === 2) {
    const h = +parts[0], m = +parts[1];
    if (m > 59) return undefined;
    const v = sign * (h * 60 + m);
    item = { t: 17, v, num: v, isFloat: false };
  } else {
    const [hh, mm, ssf] = parts;
    const [ss, frac] = ssf.split(".");
    if (+mm > 59 || +ss > 59) return undefined;
    if (frac === undefined) {
      const v = sign * (+hh * 3600 + +mm * 60 + +ss);
      item = { t: 18, v, num: v, isFloat: false };
    } else if (frac.length <= 3) {
      const v = sign * ((+hh * 3600 + +mm * 60 + +ss) * 1000 + +(frac + "000").slice(0, 3));
      item = { t: 19, v, num: v, isFloat: false };
    } else {
      const ns = clockToNs(s, 9);
      if (ns === undefined) return undefined;
      const v = neg ? -ns : ns;
      item = { t: 16, v, num: Number(v), isFloat: false };
    }
  }
  return suf ? retypeTemporal(item, suf) : item;
}

/** Applies an explicit temporal suffix to a temporal item (e.g. `12:00:00.000n`). */
function retypeTemporal(item: NumItem, suf: string): NumItem | undefined {
  const t = SUFFIX_TYPE[suf];
  const r = t === undefined ? undefined : temporalTo(item, t);
  return r && { ...r, explicit: true };
}

/** Converts a temporal item to temporal type `t` (clocks through nanoseconds, truncating). */
function temporalTo(item: NumItem, t: number): NumItem | undefined {
  if (t === item.t) return item;
  // a clock written with a different unit letter: convert through nanoseconds
  const ns = toNs(item);
  if (ns === undefined) return undefined;
  switch (t) {
    case 16:
      return { t, v: ns, num: Number(ns), isFloat: false };
    case 19: {
      const v = Number(ns / 1_000_000n);
      return { t, v, num: v, isFloat: false };
    }
    case 18: {
      const v = Number(ns / 1_000_000_000n);
      return { t, v, num: v, isFloat: false };
    }
    case 17: {
      const v = Number(ns / 60_000_000_000n);
      return { t, v, num: v, isFloat: false };
    }
    case 12:
      return item.t === 14 ? { t, v: BigInt(item.v as number) * NS_PER_DAY, num: 0, isFloat: false } : undefined;
    default:
      return undefined;
  }
}

function toNs(item: NumItem): bigint | undefined {
  switch (item.t) {
    case 16:
      return item.v as bigint;
    case 17:
      return BigInt(item.v as number) * 60_000_000_000n;
    case 18:
      return BigInt(item.v as number) * 1_000_000_000n;
    case 19:
      return BigInt(item.v as number) * 1_000_000n;
    default:
      return undefined;
  }
}

/** Converts an untyped (t=0) or float item to type `t`; undefined if it cannot be. */
export function retype(item: NumItem, t: number): NumItem | undefined {
  if (item.t === t) return item;
  if (t === 13 && item.ym !== undefined) return { ...item, t, v: item.ym, num: item.ym, isFloat: false };
  const floatish = item.t === 9 && (item.special !== undefined || t === 8 || t === 15);
  if (item.t !== 0 && !floatish) return undefined;
  const sp = item.special;
  const out = (v: number | bigint): NumItem => ({ ...item, t, v });
  switch (t) {
    case 2:
    case 10:
    case 11:
      return sp === "N" ? out(0) : undefined;
    case 5:
      if (sp) return out(sp === "N" || sp === "n" ? NH : sp === "W" || sp === "w" ? WH : -WH);
      return item.isFloat ? undefined : out(wrapInt(item.big!, 16));
    case 6:
    case 13:
    case 14:
    case 17:
    case 18:
    case 19:
      if (sp) return out(sp === "N" || sp === "n" ? NI : sp === "W" || sp === "w" ? WI : -WI);
      return item.isFloat ? undefined : out(wrapInt(item.big!, 32));
    case 7:
    case 12:
    case 16:
      if (sp) return out(sp === "N" || sp === "n" ? NJ : sp === "W" || sp === "w" ? WJ : -WJ);
      return item.isFloat ? undefined : out(BigInt.asIntN(64, item.big!));
    case 8:
    case 9:
    case 15:
      if (sp) return out(sp === "N" || sp === "n" ? NaN : sp === "W" || sp === "w" ? Infinity : -Infinity);
      return out(t === 8 ? Math.fround(item.num) : item.num);
    default:
      return undefined;
  }
}

function wrapInt(b: bigint, bits: number): number {
  return Number(BigInt.asIntN(bits, b));
}

/**
 * Builds the value of a run of juxtaposed numeric items (one item gives an
 * atom): decides the common type as q does (an explicit suffix or temporal
 * type wins; any float makes floats; otherwise long). Undefined if the items
 * cannot share a type.
 */
export function numericValue(items: NumItem[]): Value | undefined {
  const t = vectorType(items);
  if (t === undefined) return undefined;
  const typed: NumItem[] = [];
  for (const it of items) {
    const r = it.t === t ? it : CLOCK_RANK[t] && CLOCK_RANK[it.t] ? temporalTo(it, t) : retype(it, t);
    if (!r) return undefined;
    typed.push(r);
  }
  if (t === 2) {
    return typed.length === 1 ? new Atom(-2, new Uint8Array(16)) : new Vec(2, new Uint8Array(16 * typed.length));
  }
  if (typed.length === 1) return new Atom(-t, typed[0].v);
  const C = ctorOf(t);
  const a = new C(typed.length);
  for (let i = 0; i < typed.length; i++) (a as unknown as (number | bigint)[])[i] = typed[i].v;
  return new Vec(t, a);
}

/**
 * The type of a run of items: a clock type written on the last item, else the
 * one type the typed items share (clocks widen to the widest, real and float
 * make real), else float if any item is a float, else long.
 */
function vectorType(items: NumItem[]): number | undefined {
  const last = items[items.length - 1];
  if (last.explicit && CLOCK_RANK[last.t]) return last.t;
  let t = 0;
  for (const it of items) {
    if (it.t === 0 || (it.t === 9 && (it.special || it.ym !== undefined))) continue;
    if (t === 0 || t === it.t) t = it.t;
    else if ((t === 9 && it.t === 8) || (t === 8 && it.t === 9)) t = 8;
    else if (CLOCK_RANK[t] && CLOCK_RANK[it.t]) t = CLOCK_RANK[it.t] > CLOCK_RANK[t] ? it.t : t;
    else return undefined;
  }
  return t !== 0 ? t : items.some((it) => it.t === 9) ? 9 : 7;
}
