/**
 * Cast `$` in its forms: `"i"$x`, `` `int$x``, `6h$x` convert between
 * types (numbers round as q rounds; temporals convert between units);
 * `"I"$"42"` parses strings (Tok); `` `$"abc"`` makes symbols; and
 * `string x` renders items as text.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { strItem } from "../fmt/items.ts";
import { fmtFn as fmtFnText } from "../fmt/show.ts";
import { parseNumItem, retype } from "../lex/literals.ts";
import { emptyLike, fromItems, itemsOf, nullAtom } from "../value/items.ts";
import { NI, NJ, WJ } from "../value/nulls.ts";
import { intern, symName } from "../value/sym.ts";
import { daysToYmd, NS_PER_DAY, validYmd, ymdToDays, ymToMonths } from "../value/temporal.ts";
import { ctorOf, isTemporal, TYPE_LETTERS, typeOfLetter, typeOfName } from "../value/types.ts";
import { Atom, Dict, Fn, isAtom, List, Table, text, type Value, Vec } from "../value/value.ts";
import { host } from "./host.ts";
import { asF64, asI64, f2i, f2j, isSimple, type Simple } from "./convert.ts";
import { kw1 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** `x$y` */
export function cast(x: Value, y: Value): Value {
  if (x instanceof Atom && x.t === -10) {
    const c = String.fromCharCode(x.v as number);
    if (c === "*") return y;
    if (c >= "A" && c <= "Z") return tok(c.toLowerCase(), y);
    const t = c === "s" ? 11 : typeOfLetter(c);
    if (t === undefined) return qerr("domain", `unknown type letter ${c}`);
    return castTo(t, y);
  }
  if (x instanceof Atom && x.t === -11) {
    const name = symName(x.v as number);
    if (name === "") return toSymbol(y);
    const t = typeOfName(name);
    if (t !== undefined) return castTo(t, y);
    if (FIELDS.has(name)) return field(name, y);
    return qerr("nyi", `enumeration against ${name}`);
  }
  if (x instanceof Atom && (x.t === -5 || x.t === -6 || x.t === -7)) {
    const n = Number(x.v), t = Math.abs(n);
    if (t === 0) return y;
    if (!(t >= 1 && t <= 19 && t !== 3)) return qerr("domain", `no type ${n}h`);
    return n < 0 ? tok(TYPE_LETTERS[t], y) : castTo(t, y);
  }
  if (x instanceof Vec || x instanceof List) {
    const xs = itemsOf(x);
    if (isAtom(y)) return fromItems(xs.map((xi) => cast(xi, y)));
    const ys = itemsOf(y);
    if (xs.length !== ys.length) return qerr("length");
    return fromItems(xs.map((xi, i) => cast(xi, ys[i])));
  }
  return qerr("type", "cast needs a type on the left");
}

/** Converts any value's items to basic type `t`. */
export function castTo(t: number, y: Value): Value {
  if (y instanceof Dict) return new Dict(y.k, castTo(t, y.v));
  if (y instanceof Table) return new Table(y.cols, y.data.map((c) => castTo(t, c)));
  if (y instanceof List) {
    if (y.a.length === 0) return emptyLike(nullAtom(t));
    if (t === 11 && y.a.every((s) => s instanceof Vec && s.t === 10 || s instanceof Atom && s.t === -10)) {
      return toSymbol(y);
    }
    return fromItems(y.a.map((v) => castTo(t, v)));
  }
  if (y instanceof Fn) return qerr("type");
  const ty = Math.abs(y.t);
  if (ty === t) return y;
  if (t === 11) return toSymbol(y);
  if (ty === 11) return qerr("type", "cannot cast a symbol to a number");
  if (t === 10 && ty !== 4 && !(ty >= 5 && ty <= 7) && ty !== 1) return qerr("type");
  if (t === 2 || ty === 2) return qerr("type");
  return convertSimple(t, y as Simple);
}

function convertSimple(t: number, y: Simple): Value {
  const ty = Math.abs(y.t);
  const single = y instanceof Atom;
  const v = single ? new Vec(ty, ty === 2 ? y.v as Uint8Array : new (ctorOf(ty))([y.v] as never)) : y;
  let out: Vec;
  if (isTemporal(t) || isTemporal(ty)) out = temporal(t, ty, v);
  else out = numeric(t, v);
  return single ? new Atom(-t, out.a[0]) : out;
}

function numeric(t: number, v: Vec): Vec {
  const n = v.n;
  if (t === 9 || t === 8) {
    const f = asF64(v) as Float64Array;
    return new Vec(t, t === 8 ? Float32Array.from(f) : f);
  }
  if (t === 7) return new Vec(7, asI64(v) as BigInt64Array);
  const f = asF64(v) as Float64Array;
  const r = new (ctorOf(t))(n) as Int32Array;
  for (let i = 0; i < n; i++) {
    const x = f[i];
    if (t === 1) r[i] = x !== 0 && x === x ? 1 : 0;
    else if (t === 4 || t === 10) r[i] = x !== x ? 0 : Math.round(x) & 255;
    else if (t === 5) {
      r[i] = x !== x ? -32768 : Math.max(-32767, Math.min(32767, Math.sign(x) * Math.round(Math.abs(x))));
    } else r[i] = f2i(x);
  }
  return new Vec(t, r);
}

/** Nanoseconds since 2000.01.01 (or a timespan) for each item of a temporal vector. */
function toNs(ty: number, v: Vec): BigInt64Array {
  const n = v.n;
  const r = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v.a[i];
    switch (ty) {
      case 12:
      case 16:
        r[i] = x as bigint;
        break;
      case 14:
        r[i] = x === NI ? NJ : daysToNsClamped(x as number);
        break;
      case 13:
        r[i] = x === NI ? NJ : daysToNsClamped(monthToDays(x as number));
        break;
      case 15:
        r[i] = x !== x ? NJ : f2j((x as number) * 864e11);
        break;
      case 17:
        r[i] = x === NI ? NJ : BigInt(x as number) * 60_000_000_000n;
        break;
      case 18:
        r[i] = x === NI ? NJ : BigInt(x as number) * 1_000_000_000n;
        break;
      case 19:
        r[i] = x === NI ? NJ : BigInt(x as number) * 1_000_000n;
        break;
    }
  }
  return r;
}

/** Days since 2000.01.01 as nanoseconds; beyond the timestamp range, ±0W (reference: basics/datatypes.md). */
function daysToNsClamped(d: number): bigint {
  if (d >= 106752) return WJ;
  if (d <= -106752) return -WJ;
  return BigInt(d) * NS_PER_DAY;
}

function monthToDays(m: number): number {
  return ymdToDays(2000 + Math.floor(m / 12), (((m % 12) + 12) % 12) + 1, 1);
}

const DAY = NS_PER_DAY;
const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));
const mod = (a: bigint, b: bigint) => ((a % b) + b) % b;

function temporal(t: number, ty: number, v: Vec): Vec {
  const n = v.n;
  if (!isTemporal(ty)) {
    // numbers into a temporal type: the raw count in that type's unit
    if (t === 15) return new Vec(15, asF64(v) as Float64Array);
    if (t === 12 || t === 16) return new Vec(t, asI64(v) as BigInt64Array);
    return new Vec(t, numeric(6, v).a);
  }
  if (!isTemporal(t)) {
    // temporal to a number: its raw count
    return numeric(t, ty === 15 ? v : new Vec(ty === 12 || ty === 16 ? 7 : 6, v.a));
  }
  if (t === 15 && (ty === 13 || ty === 14)) {
    return new Vec(
      15,
      Float64Array.from(v.a as Int32Array, (d) => d === NI ? NaN : ty === 13 ? monthToDays(d) : d),
    );
  }
  const ns = toNs(ty, v);
  const out = new (ctorOf(t))(n);
  for (let i = 0; i < n; i++) {
    const x = ns[i];
    const isNull = x === NJ;
    switch (t) {
      case 12:
      case 16:
        (out as BigInt64Array)[i] = x;
        break;
      case 14:
        (out as Int32Array)[i] = isNull ? NI : Number(floorDiv(x, DAY));
        break;
      case 13: {
        if (isNull) (out as Int32Array)[i] = NI;
        else {
          const [y, m] = daysToYmd(Number(floorDiv(x, DAY)));
          (out as Int32Array)[i] = ymToMonths(y, m);
        }
        break;
      }
      case 15:
        (out as Float64Array)[i] = isNull ? NaN : Number(x) / 864e11;
        break;
      default: {
        // time of day (or span) in minutes, seconds, milliseconds
        const unit = t === 17 ? 60_000_000_000n : t === 18 ? 1_000_000_000n : 1_000_000n;
        const within = ty === 12 || ty === 14 || ty === 15 || ty === 13 ? mod(x, DAY) : x;
        (out as Int32Array)[i] = isNull ? NI : Number(floorDiv(within, unit));
      }
    }
  }
  return new Vec(t, out);
}

/** `` `$x``: symbols from strings (or chars). */
function toSymbol(y: Value): Value {
  if (y instanceof Vec && y.t === 10) return new Atom(-11, intern(text(y).trim()));
  if (y instanceof Atom && y.t === -10) return new Atom(-11, intern(String.fromCharCode(y.v as number)));
  if (y instanceof Atom && y.t === -11) return y;
  if (y instanceof Vec && y.t === 11) return y;
  if (y instanceof List) {
    const items = y.a.map(toSymbol);
    return items.length === 0 ? new Vec(11, new Int32Array(0)) : fromItems(items);
  }
  return qerr("type", "symbols are made from strings");
}

// ------------------------------------------------------------------ Tok

/** `"I"$"42"`: parse strings as values of the type with that letter. */
export function tok(letter: string, y: Value): Value {
  const t = letter === "s" ? 11 : typeOfLetter(letter);
  if (t === undefined) return qerr("domain");
  if (y instanceof List) {
    const items = y.a.map((s) => tok(letter, s));
    return items.length === 0 ? emptyLike(nullAtom(t)) : fromItems(items);
  }
  if (y instanceof Atom && y.t === -10) return tokOne(t, String.fromCharCode(y.v as number));
  if (!(y instanceof Vec && y.t === 10)) return qerr("type", "Tok parses strings");
  return tokOne(t, text(y).trim());
}

function tokOne(t: number, s: string): Atom {
  switch (t) {
    case 1:
      return new Atom(-1, TRUTHY.has(s[0]) ? 1 : 0);
    case 2:
      return guidFrom(s);
    case 4:
      return /^(0x)?[0-9a-fA-F]{1,2}$/.test(s) ? new Atom(-4, parseInt(s.replace(/^0x/, ""), 16)) : nullAtom(4);
    case 10:
      return new Atom(-10, s.charCodeAt(0) || 32);
    case 11:
      return new Atom(-11, intern(s));
    case 12:
    case 15:
      return orNull(t, stampNs(s), (ns) => (t === 12 ? ns : Number(ns) / 864e11));
    case 13:
      return orNull(t, monthText(s), (m) => m);
    case 14:
      return orNull(t, dateText(s), (d) => d);
    case 16:
    case 17:
    case 18:
    case 19:
      return orNull(t, clockNs(s) ?? spanItem(s), (ns) => (t === 16 ? ns : Number(ns / CLOCK_UNIT[t])));
  }
  if (t === 6 && /^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    return new Atom(-6, s.split(".").reduce((a, b) => (a << 8) | Number(b), 0) | 0);
  }
  const item = parseNumItem(s === "" ? "0N" : s);
  // integers parse only from integer text: "I"$"42.0" is 0Ni (reference: Q for Mortals §7.3.3)
  if (!item || (item.isFloat && t <= 7 && !item.special)) return nullAtom(t);
  const typed = retype(item, t);
  return typed ? new Atom(-t, typed.v) : nullAtom(t);
}

/** The atom of type `t` made from a parsed value, or its null when the text did not parse. */
function orNull<T>(t: number, v: T | undefined, f: (v: T) => number | bigint): Atom {
  return v === undefined ? nullAtom(t) : new Atom(-t, f(v));
}

/** Characters that Tok reads as true (reference: ref/tok.md, truthy characters). */
const TRUTHY = new Set("txyTXY1");

/** Nanoseconds in a unit of each clock type. */
const CLOCK_UNIT: Record<number, bigint> = { 17: 60_000_000_000n, 18: 1_000_000_000n, 19: 1_000_000n };

/** Nanoseconds from 1970.01.01 to 2000.01.01. */
const UNIX_EPOCH_NS = 946_684_800_000_000_000n;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** A month number from digits or a three-letter name. */
function monthNum(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : MONTHS.indexOf(s.toLowerCase()) + 1;
}

/** A year from four digits, or two (below 50 in the 2000s). */
function yearNum(s: string): number {
  const y = Number(s);
  return s.length === 4 ? y : y < 50 ? 2000 + y : 1900 + y;
}

const SEP = "[./-]";
const DATE_FORMS: [RegExp, (m: string[]) => [number, number, number]][] = [
  [new RegExp(`^(\\d{4})${SEP}(\\d{1,2}|[A-Za-z]{3})${SEP}(\\d{1,2})$`), (m) => [+m[1], monthNum(m[2]), +m[3]]],
  [
    new RegExp(`^(\\d{1,2}|[A-Za-z]{3})${SEP}(\\d{1,2})${SEP}(\\d{4}|\\d{2})$`),
    (m) => [yearNum(m[3]), monthNum(m[1]), +m[2]],
  ],
  [/^(\d{4}|\d{2})(\d{2})(\d{2})$/, (m) => [yearNum(m[1]), +m[2], +m[3]]],
  [/^(\d{1,2})([A-Za-z]{3})(\d{4}|\d{2})$/, (m) => [yearNum(m[3]), monthNum(m[2]), +m[1]]],
];

/**
 * Days since 2000.01.01 of a date text in one of Tok's formats (reference:
 * ref/tok.md, date formats, with `\z 0`): `yyyy.mm.dd` (separators `.`, `-`
 * or `/`, the month also as `MMM`), `mm/dd/yyyy`, `[yy]yymmdd`, `ddMMM[yy]yy`.
 */
function dateText(s: string): number | undefined {
  for (const [re, ymd] of DATE_FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const [y, mo, d] = ymd(m);
    return validYmd(y, mo, d) ? ymdToDays(y, mo, d) : undefined;
  }
  return undefined;
}

/** Months since 2000.01 of `yyyy.mm` (or `yyyy-mm`) text or of a date text. */
function monthText(s: string): number | undefined {
  const m = /^(\d{4})[.-](\d{2})$/.exec(s);
  if (m) return +m[2] >= 1 && +m[2] <= 12 ? ymToMonths(+m[1], +m[2]) : undefined;
  const d = dateText(s);
  if (d === undefined) return undefined;
  const [y, mo] = daysToYmd(d);
  return ymToMonths(y, mo);
}

/**
 * Nanoseconds since 2000.01.01 of a timestamp text: a date, then `D`, `T`,
 * a blank or (after `yyyymmdd`) a dash, then a time of day; or seconds since
 * the Unix epoch (9 to 11 digits, optionally a fraction).
 */
function stampNs(s: string): bigint | undefined {
  const unix = /^(\d{9,11})(?:\.(\d*))?$/.exec(s);
  if (unix) return BigInt(unix[1]) * 1_000_000_000n + fracNs(unix[2] ?? "") - UNIX_EPOCH_NS;
  const m = /^(\d{8})-(.*)$/.exec(s) ?? /^([^DT ]+)(?:[DT ](.*))?$/.exec(s);
  const days = m ? dateText(m[1]) : undefined;
  if (days === undefined) return undefined;
  const clock = m![2] ? clockNs(m![2]) : 0n;
  return clock === undefined ? undefined : BigInt(days) * NS_PER_DAY + clock;
}

/** Nanoseconds of a fraction of a second written as digits (to 9 places). */
function fracNs(digits: string): bigint {
  return BigInt(digits.slice(0, 9).padEnd(9, "0"));
}

/**
 * Nanoseconds of a time of day: `hh:mm[:ss[.fff…]]`, or digits only
 * `hhmm[ss[fff…]]` (reference: ref/tok.md, `"T"$"123456789"`).
 */
function clockNs(s: string): bigint | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d*))?)?$/.exec(s) ?? /^(\d{2})(\d{2})(\d{2})?(\d*)$/.exec(s);
  if (!m || +m[2] > 59 || +(m[3] ?? 0) > 59) return undefined;
  return (BigInt(m[1]) * 3600n + BigInt(m[2]) * 60n + BigInt(m[3] ?? 0)) * 1_000_000_000n + fracNs(m[4] ?? "");
}

/** Nanoseconds of a timespan text such as `1D12:00` (as its literal). */
function spanItem(s: string): bigint | undefined {
  const item = parseNumItem(s);
  return item && item.t === 16 ? item.v as bigint : undefined;
}

function guidFrom(s: string): Atom {
  const hex = s.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return nullAtom(2);
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new Atom(-2, b);
}

// ------------------------------------------------------------------ string

/** `string x`: the text of each item (a string per atom). */
export function string(x: Value): Value {
  if (x instanceof Atom) {
    if (x.t === -10) return new Vec(10, Uint8Array.of(x.v as number));
    return new Vec(10, new TextEncoder().encode(strItem(-x.t, x.v, host.precision())));
  }
  if (x instanceof Vec) {
    const out: Value[] = [];
    for (let i = 0; i < x.n; i++) {
      out.push(string(new Atom(-x.t, x.t === 2 ? x.a.slice(i * 16, i * 16 + 16) as Uint8Array : x.a[i])));
    }
    return new List(out);
  }
  if (x instanceof List) return new List(x.a.map(string));
  if (x instanceof Dict) return new Dict(x.k, string(x.v));
  if (x instanceof Table) return new Table(x.cols, x.data.map(string));
  return new Vec(10, new TextEncoder().encode(fmtFnText(x)));
}

// ------------------------------------------------------------------ fields

const FIELDS = new Set(["year", "month", "mm", "dd", "hh", "uu", "ss", "date", "time", "minute", "second", "week"]);

/** True when `name` is a temporal field accessible as `x.name` or `` `name$x``. */
export function isField(name: string): boolean {
  return FIELDS.has(name);
}

/** Extracts a temporal field (`year`, `mm`, `dd`, `hh`, `uu`, `ss`, `date`, `time`, …). */
export function field(name: string, y: Value): Value {
  if (!isSimple(y)) {
    if (y instanceof List) return fromItems(y.a.map((v) => field(name, v)));
    return qerr("type");
  }
  const ty = Math.abs(y.t);
  switch (name) {
    case "date":
      return castTo(14, y);
    case "time":
      return castTo(19, y);
    case "minute":
      return castTo(17, y);
    case "second":
      return castTo(18, y);
    case "month":
      return castTo(13, y);
  }
  if (!isTemporal(ty)) return qerr("type");
  const ns = toNs(ty, y instanceof Atom ? new Vec(ty, new (ctorOf(ty))([y.v] as never)) : y);
  const r = new Int32Array(ns.length);
  for (let i = 0; i < ns.length; i++) {
    const x = ns[i];
    if (x === NJ) {
      r[i] = NI;
      continue;
    }
    const days = Number(floorDiv(x, DAY));
    const within = ty === 16 ? x : mod(x, DAY);
    switch (name) {
      case "year":
        r[i] = daysToYmd(days)[0];
        break;
      case "mm":
        r[i] = daysToYmd(days)[1];
        break;
      case "dd":
        r[i] = daysToYmd(days)[2];
        break;
      case "hh":
        r[i] = Number(within / 3_600_000_000_000n);
        break;
      case "uu":
        r[i] = Number((within / 60_000_000_000n) % 60n);
        break;
      case "ss":
        r[i] = Number((within / 1_000_000_000n) % 60n);
        break;
      case "week":
        r[i] = Math.floor((days + 2) / 7);
        break;
    }
  }
  return y instanceof Atom ? new Atom(-6, r[0]) : new Vec(6, r);
}

/** Casting keywords. */
export const CAST_KEYWORDS: readonly Prim[] = [kw1("string", string)];
