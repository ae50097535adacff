/**
 * String functions: searching and replacing (`ss`, `ssr`, `like`),
 * splitting and joining (`vs`, `sv`, which also encode and decode numbers
 * in a base, as bits or as bytes), case (`upper`, `lower`) and trimming
 * (`trim`, `ltrim`, `rtrim`), and `.Q.s`, the console text of a value.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { intern, symName } from "../value/sym.ts";
import { Atom, Dict, Fn, List, Prim, str, Table, type Value, Vec } from "../value/value.ts";
import { apply1, project } from "./apply.ts";
import { add, multiply } from "./arith.ts";
import { atomic1 } from "./atomic.ts";
import { asI64, isSimple, type Simple } from "./convert.ts";
import { kw1, kw2 } from "./define.ts";
import { host } from "./host.ts";
import { like, matchesAt, type Pattern, patternOf } from "./like.ts";
import { isNull, longVec } from "./list.ts";

const EMPTY_SYM = intern("");

/** A string value from bytes. */
function chars(b: Uint8Array): Vec {
  return new Vec(10, b);
}

/** The bytes of a string or char atom; undefined for anything else. */
function bytesOf(x: Value): Uint8Array | undefined {
  if (x instanceof Vec && x.t === 10) return x.a as Uint8Array;
  if (x instanceof Atom && x.t === -10) return Uint8Array.of(x.v as number);
  return undefined;
}

/** Concatenates byte runs. */
function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const r = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    r.set(p, n);
    n += p.length;
  }
  return r;
}

// ------------------------------------------------------------------ case

/** Maps the characters of chars and symbols (atoms or vectors); other values are returned as they are. */
function caseMap(x: Simple, up: boolean): Value {
  const f = (s: string) => (up ? s.toUpperCase() : s.toLowerCase());
  const t = Math.abs(x.t);
  if (t === 10) {
    const shift = up ? 97 : 65, delta = up ? -32 : 32;
    if (x instanceof Atom) {
      const c = x.v as number;
      return new Atom(-10, c - shift < 26 && c >= shift ? c + delta : c);
    }
    const a = x.a as Uint8Array, r = new Uint8Array(a.length);
    for (let i = 0; i < a.length; i++) r[i] = a[i] - shift < 26 && a[i] >= shift ? a[i] + delta : a[i];
    return chars(r);
  }
  if (t !== 11) return x;
  if (x instanceof Atom) return new Atom(-11, intern(f(symName(x.v as number))));
  const ids = x.a as Int32Array, r = new Int32Array(ids.length), seen = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    let v = seen.get(ids[i]);
    if (v === undefined) seen.set(ids[i], v = intern(f(symName(ids[i]))));
    r[i] = v;
  }
  return new Vec(11, r);
}

/** `upper x` */
export function upper(x: Value): Value {
  return atomic1((s) => caseMap(s, true), x);
}

/** `lower x` */
export function lower(x: Value): Value {
  return atomic1((s) => caseMap(s, false), x);
}

// ------------------------------------------------------------------ trim

/** Drops leading (`left`) and trailing (`right`) nulls of vectors, through lists, dictionaries and tables. */
function trimBy(x: Value, left: boolean, right: boolean): Value {
  if (x instanceof Vec) {
    const nul = (isNull(x) as Vec).a as Uint8Array;
    let i = 0, j = x.n;
    if (left) { while (i < j && nul[i]) i++; }
    if (right) { while (j > i && nul[j - 1]) j--; }
    return i === 0 && j === x.n ? x : new Vec(x.t, x.a.slice(x.t === 2 ? i * 16 : i, x.t === 2 ? j * 16 : j));
  }
  if (x instanceof List) return new List(x.a.map((v) => trimBy(v, left, right)));
  if (x instanceof Dict) return new Dict(x.k, trimBy(x.v, left, right));
  if (x instanceof Table) return new Table(x.cols, x.data.map((c) => trimBy(c, left, right)));
  return x;
}

// ------------------------------------------------------------------ ss, ssr

/** Start positions of the non-overlapping matches of a star-free pattern, left to right. */
function search(s: Uint8Array, p: Pattern): number[] {
  const len = p.tokens.length;
  if (len === 0 || p.stars.length) return qerr("length", "ss needs a non-empty pattern without *");
  const at: number[] = [];
  for (let i = 0; i + len <= s.length;) {
    if (matchesAt(p, s, i)) {
      at.push(i);
      i += len;
    } else i++;
  }
  return at;
}

/** The bytes of a string argument ('type otherwise). */
function stringArg(x: Value, who: string): Uint8Array {
  if (x instanceof Vec && x.t === 10) return x.a as Uint8Array;
  return qerr("type", `${who} searches a string`);
}

/** `x ss y`: positions in string x of the matches of pattern y. */
export function ss(x: Value, y: Value): Value {
  return longVec(search(stringArg(x, "ss"), patternOf(y)));
}

/** `ssr[x;y;z]`: x with each match of pattern y replaced by z, or by z applied to the match. */
export function ssr(x: Value, y: Value, z: Value): Value {
  const s = stringArg(x, "ssr"), p = patternOf(y);
  const at = search(s, p), len = p.tokens.length;
  const fixed = z instanceof Fn ? undefined : bytesOf(z);
  if (!fixed && !(z instanceof Fn)) return qerr("type", "ssr replaces by a string or a function");
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const i of at) {
    parts.push(s.subarray(from, i));
    parts.push(fixed ?? replacement(z, s.subarray(i, i + len)));
    from = i + len;
  }
  parts.push(s.subarray(from));
  return chars(concat(parts));
}

/** What function `f` makes of a matched substring, as text. */
function replacement(f: Value, match: Uint8Array): Uint8Array {
  return bytesOf(apply1(f, chars(match.slice()))) ?? qerr("type", "ssr's function must return a string");
}

const SSR: Prim = new Prim(101, "ssr", 3, undefined, undefined, (a) => {
  if (a.length < 3) return project(SSR, a, 3);
  if (a.length > 3) return qerr("rank", "ssr takes 3 arguments");
  return ssr(a[0], a[1], a[2]);
});

// ------------------------------------------------------------------ vs

/** `x vs y`: split text by a delimiter, lines or path parts; encode numbers as bits, bytes or digits. */
export function vs(x: Value, y: Value): Value {
  if (x instanceof Atom && x.t === -11 && x.v === EMPTY_SYM) return vsNull(y);
  const delim = bytesOf(x);
  if (delim) return split(delim, y);
  if (x instanceof Atom && x.t === -1 && x.v === 0) return atomic1((v) => toBits(v), y);
  if (x instanceof Atom && x.t === -4 && x.v === 0) return atomic1((v) => toBytes(v), y);
  if (isIntegral(x)) return encode(x, y);
  return qerr("type", "vs splits by a char, string or `, or encodes by 0b, 0x0 or a base");
}

/** Splits string y at each occurrence of `delim`. */
function split(delim: Uint8Array, y: Value): Value {
  const s = stringArg(y, "vs");
  if (delim.length === 0) return qerr("length", "empty delimiter");
  const out: Value[] = [];
  let from = 0;
  for (let i = 0; i + delim.length <= s.length;) {
    if (startsWith(s, delim, i)) {
      out.push(chars(s.slice(from, i)));
      from = i += delim.length;
    } else i++;
  }
  out.push(chars(s.slice(from)));
  return new List(out);
}

function startsWith(s: Uint8Array, d: Uint8Array, at: number): boolean {
  for (let k = 0; k < d.length; k++) if (s[at + k] !== d[k]) return false;
  return true;
}

/** `` ` vs y``: a symbol split on dots, a file handle into directory and file, text into lines. */
function vsNull(y: Value): Value {
  if (y instanceof Atom && y.t === -11) {
    const name = symName(y.v as number);
    if (name.startsWith(":")) {
      const k = name.lastIndexOf("/");
      return symVec(k < 0 ? ["", name] : [name.slice(0, k), name.slice(k + 1)]);
    }
    return symVec(name.split("."));
  }
  if (y instanceof Vec && (y.t === 10 || y.t === 4)) {
    const lines = (split(Uint8Array.of(10), chars(y.a as Uint8Array)) as List).a as Vec[];
    if (lines.length > 1 && lines[lines.length - 1].n === 0) lines.pop();
    return new List(lines.map((l) => (l.n && l.a[l.n - 1] === 13 ? chars((l.a as Uint8Array).slice(0, -1)) : l)));
  }
  return qerr("type", "` vs splits a symbol, file handle or text");
}

function symVec(names: string[]): Vec {
  return new Vec(11, Int32Array.from(names, (s) => intern(s)));
}

/** Storage width in bytes of an atom of basic type `t` for `0x0 vs`. */
function widthOf(t: number): number {
  switch (t) {
    case 1:
    case 4:
    case 10:
      return 1;
    case 5:
      return 2;
    case 7:
    case 9:
    case 12:
    case 15:
    case 16:
      return 8;
    case 2:
      return 16;
    case 11:
      return qerr("type", "0x0 vs: symbols have no bytes");
    default:
      return 4;
  }
}

/** The big-endian bytes of an atom. */
function atomBytes(x: Atom): Uint8Array {
  const t = -x.t, w = widthOf(t);
  if (t === 2) return (x.v as Uint8Array).slice();
  const dv = new DataView(new ArrayBuffer(w));
  if (t === 9 || t === 15) dv.setFloat64(0, x.v as number);
  else if (t === 8) dv.setFloat32(0, x.v as number);
  else if (w === 8) dv.setBigInt64(0, x.v as bigint);
  else if (w === 4) dv.setInt32(0, x.v as number);
  else if (w === 2) dv.setInt16(0, x.v as number);
  else dv.setUint8(0, x.v as number);
  return new Uint8Array(dv.buffer);
}

/** `0x0 vs y`: the bytes of each atom. */
function toBytes(y: Simple): Value {
  if (y instanceof Atom) return new Vec(4, atomBytes(y));
  return new List(itemsOf(y).map((a) => new Vec(4, atomBytes(a as Atom))));
}

/** `0b vs y`: the bits of each integer atom. */
function toBits(y: Simple): Value {
  const t = Math.abs(y.t);
  if (t !== 5 && t !== 6 && t !== 7 && t !== 4 && t !== 1) return qerr("type", "0b vs encodes integers");
  const one = (a: Atom) => {
    const b = atomBytes(a), r = new Uint8Array(b.length * 8);
    for (let i = 0; i < r.length; i++) r[i] = (b[i >> 3] >> (7 - (i & 7))) & 1;
    return new Vec(1, r);
  };
  return y instanceof Atom ? one(y) : new List(itemsOf(y).map((a) => one(a as Atom)));
}

function isIntegral(x: Value): x is Simple {
  const t = Math.abs(x.t);
  return isSimple(x) && (t === 5 || t === 6 || t === 7);
}

/** Leaves of an integer atom, vector or nested list, as bigints. */
function leaves(y: Value, out: bigint[]): bigint[] {
  if (isIntegral(y)) {
    const v = asI64(y);
    if (typeof v === "bigint") out.push(v);
    else for (const e of v) out.push(e);
  } else if (y instanceof List) { for (const i of y.a) leaves(i, out); }
  else qerr("type", "vs encodes integers");
  return out;
}

/**
 * `x vs y` for integer x: the digits of y in base x (one digit per item of
 * a vector x, as many as the largest item of y needs for an atom x). For a
 * list y, digit k of the result has the shape of y.
 */
function encode(x: Simple, y: Value): Value {
  const xs = leaves(x, []), radix = x instanceof Atom ? undefined : xs;
  let n = radix ? radix.length : 1;
  if (!radix) {
    const b = xs[0];
    if (b < 2n) return qerr("domain", `vs: base ${b} (an atom base is 2 or more)`);
    for (const v of leaves(y, [])) {
      let m = 1;
      for (let a = v < 0n ? -v : v; a >= b; a /= b) m++;
      n = Math.max(n, m);
    }
  }
  const weights = new Array<bigint>(n);
  for (let k = n - 1, w = 1n; k >= 0; k--) {
    weights[k] = w;
    w *= radix ? radix[k] : xs[0];
  }
  const digit = (v: bigint, k: number) => {
    const b = radix ? radix[k] : xs[0], q = v / weights[k] - (v % weights[k] < 0n ? 1n : 0n);
    return ((q % b) + b) % b;
  };
  const rows = Array.from({ length: n }, (_, k) => mapLeaves(y, (v) => digit(v, k)));
  return isIntegral(y) && y instanceof Atom ? fromItems(rows) : new List(rows);
}

/** Maps the integer leaves of y (keeping its shape) to longs. */
function mapLeaves(y: Value, f: (v: bigint) => bigint): Value {
  if (y instanceof List) return new List(y.a.map((i) => mapLeaves(i, f)));
  const v = asI64(y as Simple);
  if (typeof v === "bigint") return new Atom(-7, f(v));
  return new Vec(7, BigInt64Array.from(v, f));
}

// ------------------------------------------------------------------ sv

/** `x sv y`: join strings or symbols; decode digits, bits or bytes into a number. */
export function sv(x: Value, y: Value): Value {
  if (x instanceof Atom && x.t === -11 && x.v === EMPTY_SYM) return svNull(y);
  const delim = bytesOf(x);
  if (delim) return chars(concat(joinParts(y, delim, false)));
  if (x instanceof Atom && x.t === -1 && x.v === 0) return fromBits(y);
  if (x instanceof Atom && x.t === -4 && x.v === 0) return fromBytes(y);
  if (isSimple(x) && Math.abs(x.t) >= 1 && Math.abs(x.t) <= 9) return decode(x, y);
  return qerr("type", "sv joins by a char, string or `, or decodes by 0b, 0x0 or a base");
}

/** The strings of list y with `sep` between them (after each when `after`). */
function joinParts(y: Value, sep: Uint8Array, after: boolean): Uint8Array[] {
  if (!(y instanceof List)) {
    if (y instanceof Vec && y.t === 10 && after) return [y.a as Uint8Array, sep];
    return qerr("type", "sv joins a list of strings");
  }
  const parts: Uint8Array[] = [];
  y.a.forEach((s, i) => {
    const b = bytesOf(s) ?? qerr("type", "sv joins strings");
    if (i > 0 && !after) parts.push(sep);
    parts.push(b);
    if (after) parts.push(sep);
  });
  return parts;
}

/** `` ` sv y``: symbols joined by dots (by slashes after a file handle), or strings as lines. */
function svNull(y: Value): Value {
  if (y instanceof Vec && y.t === 11) {
    const names = Array.from(y.a as Int32Array, symName);
    return new Atom(-11, intern(names.join(names[0]?.startsWith(":") ? "/" : ".")));
  }
  return chars(concat(joinParts(y, Uint8Array.of(10), true)));
}

/** `0b sv y`: 8, 16, 32 or 64 bits as a byte, short, int or long. */
function fromBits(y: Value): Value {
  if (!(y instanceof Vec && y.t === 1)) return qerr("type", "0b sv decodes a boolean vector");
  const b = y.a as Uint8Array, r = new Uint8Array(b.length >> 3);
  for (let i = 0; i < b.length; i++) r[i >> 3] |= b[i] << (7 - (i & 7));
  return bytesAtom(r);
}

/** `0x0 sv y`: 2, 4, 8 or 16 bytes as a short, int, long or guid. */
function fromBytes(y: Value): Value {
  if (!(y instanceof Vec && y.t === 4)) return qerr("type", "0x0 sv decodes a byte vector");
  return bytesAtom(y.a as Uint8Array);
}

/** The atom whose big-endian bytes are `b` (1, 2, 4, 8 or 16 of them). */
function bytesAtom(b: Uint8Array): Atom {
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  switch (b.length) {
    case 1:
      return new Atom(-4, b[0]);
    case 2:
      return new Atom(-5, dv.getInt16(0));
    case 4:
      return new Atom(-6, dv.getInt32(0));
    case 8:
      return new Atom(-7, dv.getBigInt64(0));
    case 16:
      return new Atom(-2, b.slice());
  }
  return qerr("length", "expected 8, 16, 32 or 64 bits (1, 2, 4, 8 or 16 bytes)");
}

/** `x sv y` for numeric x: the value of digits y in base x (a vector x gives each digit's radix). */
function decode(x: Simple, y: Value): Value {
  const ys = itemsOf(y);
  const xs = x instanceof Atom ? undefined : itemsOf(x);
  if (xs && xs.length !== ys.length) return qerr("length", "sv needs a radix per digit");
  let acc = ys.length ? ys[0] : new Atom(-7, 0n);
  for (let i = 1; i < ys.length; i++) acc = add(multiply(xs ? xs[i] : x, acc), ys[i]);
  return acc;
}

// ------------------------------------------------------------------ .Q.s

/** `.Q.s x`: the text the console shows for x, ending in a newline; the session binds it as `.Q.s`. */
export const DOTQ_S: Prim = kw1(".Q.s", (x) => str(host.render(x) + "\n"));

/** String keywords. */
export const STRING_KEYWORDS: readonly Prim[] = [
  kw2("like", like),
  kw1("upper", upper),
  kw1("lower", lower),
  kw1("trim", (x) => trimBy(x, true, true)),
  kw1("ltrim", (x) => trimBy(x, true, false)),
  kw1("rtrim", (x) => trimBy(x, false, true)),
  kw2("ss", ss),
  SSR,
  kw2("vs", vs),
  kw2("sv", sv),
];
