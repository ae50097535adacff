/**
 * q's binary serialization (its IPC format), used by `-8!x`, `-9!x`,
 * `` `:f set x`` and, later, sockets.
 *
 * A message is an 8-byte header then one serialized value (the body):
 *
 * | offset | size | field |
 * | --- | --- | --- |
 * | 0 | 1 | byte order: 1 little-endian (the only order written or read here) |
 * | 1 | 1 | message type: 0 async, 1 sync, 2 response |
 * | 2 | 1 | 1 when the body is compressed |
 * | 3 | 1 | reserved |
 * | 4 | 4 | total length in bytes, header included (u32) |
 *
 * A value is its type byte (q's type number, atoms negative) and then:
 *
 * - atom: its element (a symbol is NUL-terminated UTF-8, a guid 16 bytes);
 * - vector (1..19) and general list (0): attribute byte, i32 count, the
 *   elements (symbols NUL-terminated) or, for a list, each item's value;
 * - dictionary 99 (127 when its key has the sorted attribute): key, value;
 * - table 98: attribute byte, then the dictionary of column names to columns;
 * - lambda 100: NUL-terminated namespace (empty for the root), then its
 *   source as a char vector; operators 101/102 and iterators 103: one byte,
 *   the operator's internal code (`value(+)`); projection 104 and
 *   composition 105: i32 count then the function and its arguments (an
 *   elided argument is `::`); derived functions 106..111: the function;
 * - error -128: NUL-terminated text (decoding one signals it).
 *
 * Decoding checks every count against the bytes left, so truncated or
 * malformed input is a `'badmsg` error naming the fault, never a crash.
 * Compressed messages (q compresses large messages between hosts) are
 * decompressed with q's published algorithm (kx `c.java`).
 *
 * @module
 */

import { qerr, QError } from "../err/qerror.ts";
import { parse } from "../parse/parser.ts";
import { project } from "../prim/apply.ts";
import { K_FORMS } from "../eval/parsetree.ts";
import { host } from "../prim/host.ts";
import { ITERATOR_GLYPHS } from "../prim/iterate.ts";
import { GLYPHS, UNARY_FORMS } from "../prim/verbs.ts";
import { intern, symName } from "../value/sym.ts";
import { ctorOf, elemSize, isBasic, type TypedArray } from "../value/types.ts";
import {
  Atom,
  type AtomValue,
  Comp,
  Derived,
  Dict,
  Fn,
  ITERATORS,
  Lambda,
  List,
  NIL,
  Prim,
  Proj,
  rankOf,
  Table,
  type Value,
  Vec,
} from "../value/value.ts";

/** IPC message types (header byte 1). */
export const MSG = { async: 0, sync: 1, response: 2 } as const;

/** Bytes in a message header. */
export const HEADER_BYTES = 8;

/** The operators in the order of their internal codes (`value(+)` is 1; `::` is unary code 0). */
const OPERATOR_CODES = ":+-*%&|^=<>$,#_~!?@.";
/** The iterators in the order of their codes (type 103), as their derived types 106..111 run. */
const ITERATOR_CODES = Object.keys(ITERATORS);
/** Nesting deeper than this is refused (it would overflow the stack). */
const MAX_DEPTH = 1000;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

// ---------------------------------------------------------------- encoding

/** A growable little-endian byte buffer. */
class Out {
  buf = new Uint8Array(64);
  view = new DataView(this.buf.buffer);
  n = 0;

  /** Makes room for `k` more bytes. */
  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(x: number): void {
    this.room(1);
    this.buf[this.n++] = x;
  }
  i32(x: number): void {
    this.room(4);
    this.view.setInt32(this.n, x, true);
    this.n += 4;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  /** A NUL-terminated UTF-8 string (a symbol, a namespace, an error). */
  cstr(s: string): void {
    this.room(3 * s.length + 1);
    const { written } = utf8.encodeInto(s, this.buf.subarray(this.n));
    const text = this.buf.subarray(this.n, this.n + written);
    if (text.includes(0)) qerr("type", `cannot serialize the symbol ${JSON.stringify(s)}: it contains a NUL byte`);
    this.n += written;
    this.buf[this.n++] = 0;
  }
  /** The bytes written. */
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** The bytes of a typed array (the host is little-endian, as q's format). */
function rawBytes(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes one element of basic type `t`. */
function putElem(o: Out, t: number, v: AtomValue): void {
  if (t === 11) return o.cstr(symName(v as number));
  if (t === 2) return o.bytes(v as Uint8Array);
  const size = elemSize(t);
  o.room(size);
  const at = o.n;
  o.n += size;
  if (size === 1) o.view.setUint8(at, v as number);
  else if (size === 2) o.view.setInt16(at, v as number, true);
  else if (t === 8) o.view.setFloat32(at, v as number, true);
  else if (size === 4) o.view.setInt32(at, v as number, true);
  else if (typeof v === "bigint") o.view.setBigInt64(at, v, true);
  else o.view.setFloat64(at, v as number, true);
}

/** Writes a count, refusing what q's format cannot hold. */
function putCount(o: Out, n: number): void {
  if (n > 0x7fffffff) qerr("limit", `cannot serialize a list of ${n} items (more than 2^31-1)`);
  o.i32(n);
}

/** Writes a vector: type, attribute, count, elements. */
function putVec(o: Out, x: Vec): void {
  o.u8(x.t);
  o.u8(x.attr);
  putCount(o, x.n);
  if (x.t !== 11) return o.bytes(rawBytes(x.a));
  const ids = x.a as Int32Array;
  for (let i = 0; i < ids.length; i++) o.cstr(symName(ids[i]));
}

/** Writes a sequence of values preceded by its type, attribute (for lists) and count. */
function putItems(o: Out, type: number, items: readonly Value[], depth: number, attr: boolean): void {
  o.u8(type);
  if (attr) o.u8(0);
  putCount(o, items.length);
  for (const v of items) put(o, v, depth + 1);
}

/** The column names of a table as a symbol vector. */
function colNames(t: Table): Vec {
  const ids = new Int32Array(t.cols.length);
  for (let i = 0; i < ids.length; i++) ids[i] = intern(t.cols[i]);
  return new Vec(11, ids);
}

/** The internal code of an operator glyph (`+` is 1), or -1. */
function operatorCode(glyph: string): number {
  return glyph.length === 1 ? OPERATOR_CODES.indexOf(glyph) : -1;
}

/** Writes a primitive as q does: operator, unary form or iterator by code; other keywords cannot be. */
function putPrim(o: Out, p: Prim): void {
  const name = p.name;
  if (name === "::") return o.bytes(Uint8Array.of(101, 0));
  if (ITERATOR_GLYPHS.get(name) === p) return o.bytes(Uint8Array.of(103, ITERATOR_CODES.indexOf(name)));
  if (GLYPHS.get(name) === p && operatorCode(name) >= 0) return o.bytes(Uint8Array.of(102, operatorCode(name)));
  const unary = K_FORMS.get(name) ?? (name.endsWith(":") && UNARY_FORMS.get(name[0]) === p ? name[0] : "");
  if (operatorCode(unary) > 0) return o.bytes(Uint8Array.of(101, operatorCode(unary)));
  qerr("type", `cannot serialize the primitive ${name} (only operators, their unary forms and iterators can be)`);
}

/** Writes a function value. */
function putFn(o: Out, f: Fn, depth: number): void {
  if (f instanceof Lambda) {
    o.u8(100);
    o.cstr("");
    return putVec(o, new Vec(10, utf8.encode(f.src)));
  }
  if (f instanceof Prim) return putPrim(o, f);
  if (f instanceof Proj) return putItems(o, 104, [f.f, ...f.args.map((a) => a ?? NIL)], depth, false);
  if (f instanceof Comp) return putItems(o, 105, f.fs, depth, false);
  if (f instanceof Derived) {
    o.u8(f.t);
    return put(o, f.f, depth + 1);
  }
  qerr("type", "this function cannot be serialized");
}

/** Writes any value. */
function put(o: Out, x: Value, depth: number): void {
  if (depth > MAX_DEPTH) qerr("limit", `cannot serialize values nested more than ${MAX_DEPTH} deep`);
  if (x instanceof Atom) {
    o.u8(x.t & 255);
    return putElem(o, -x.t, x.v);
  }
  if (x instanceof Vec) return putVec(o, x);
  if (x instanceof List) return putItems(o, 0, x.a, depth, true);
  if (x instanceof Dict) {
    o.u8(x.k instanceof Vec && x.k.attr === 1 ? 127 : 99);
    put(o, x.k, depth + 1);
    return put(o, x.v, depth + 1);
  }
  if (x instanceof Table) {
    o.bytes(Uint8Array.of(98, 0, 99));
    putVec(o, colNames(x));
    return putItems(o, 0, x.data, depth, true);
  }
  return putFn(o, x, depth);
}

/** The serialized form of `x` without a message header (a message's or file's body), after `prefix`. */
export function encodeValue(x: Value, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const o = new Out();
  o.bytes(prefix);
  put(o, x, 0);
  return o.done();
}

/** `-8!x`: the IPC message of `x` (header then body), little-endian and uncompressed. */
export function serialize(x: Value, msgType: number = MSG.async): Uint8Array {
  const o = new Out();
  o.bytes(Uint8Array.of(1, msgType, 0, 0, 0, 0, 0, 0));
  put(o, x, 0);
  if (o.n > 0xffffffff) qerr("limit", `a message of ${o.n} bytes is longer than q's 4 GB limit`);
  o.view.setUint32(4, o.n, true);
  return o.done();
}

/** A response carrying an error, as q sends one: type -128 and the error's text. */
export function errorReply(text: string): Uint8Array {
  const t = new TextEncoder().encode(text);
  const b = new Uint8Array(HEADER_BYTES + 1 + t.length + 1);
  b.set([1, MSG.response, 0, 0]);
  new DataView(b.buffer).setUint32(4, b.length, true);
  b[HEADER_BYTES] = 0x80;
  b.set(t, HEADER_BYTES + 1);
  return b;
}

// ---------------------------------------------------------------- decoding

/** A bounds-checked reader over bytes; every fault is a `'badmsg` naming the source and offset. */
class In {
  readonly view: DataView;
  pos: number;
  constructor(readonly b: Uint8Array, readonly what: string, start = 0) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.pos = start;
  }
  fail(why: string): never {
    return qerr("badmsg", `${this.what}: ${why} (at byte ${this.pos})`);
  }
  /** Claims `k` more bytes, returning where they start. */
  take(k: number): number {
    if (k > this.b.length - this.pos) this.fail(`truncated: ${k} more bytes needed, ${this.b.length - this.pos} left`);
    const at = this.pos;
    this.pos += k;
    return at;
  }
  u8(): number {
    return this.b[this.take(1)];
  }
  /** A count: a non-negative i32. */
  count(): number {
    const n = this.view.getInt32(this.take(4), true);
    return n < 0 ? this.fail(`negative count ${n}`) : n;
  }
  /** A NUL-terminated UTF-8 string. */
  cstr(): string {
    const b = this.b, start = this.pos;
    let end = start, ascii = true;
    for (; end < b.length && b[end] !== 0; end++) if (b[end] > 127) ascii = false;
    if (end === b.length) this.fail("truncated: a string has no terminating NUL");
    this.pos = end + 1;
    const text = b.subarray(start, end);
    return ascii && text.length < 256
      ? String.fromCharCode.apply(null, text as unknown as number[])
      : fromUtf8.decode(text);
  }
}

/** Reads one element of basic type `t` as an atom's payload. */
function getElem(r: In, t: number): AtomValue {
  if (t === 11) return intern(r.cstr());
  if (t === 2) return r.b.slice(r.take(16), r.pos);
  const size = elemSize(t);
  const at = r.take(size);
  if (size === 1) return r.b[at];
  if (size === 2) return r.view.getInt16(at, true);
  if (t === 8) return r.view.getFloat32(at, true);
  if (size === 4) return r.view.getInt32(at, true);
  if (t === 7 || t === 12 || t === 16) return r.view.getBigInt64(at, true);
  return r.view.getFloat64(at, true);
}

/** Reads a vector of basic type `t` (after its type byte). */
function getVec(r: In, t: number): Vec {
  const attr = r.u8();
  if (attr > 4) r.fail(`bad attribute ${attr}`);
  const n = r.count();
  if (t === 11) {
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = intern(r.cstr());
    return new Vec(11, ids, attr);
  }
  const at = r.take(n * elemSize(t));
  return new Vec(t, itemsFromBytes(t, r.b.subarray(at, r.pos)), attr);
}

/** A new typed array of basic type `t` holding a copy of the little-endian items in `bytes`. */
export function itemsFromBytes(t: number, bytes: Uint8Array): TypedArray {
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  return new (ctorOf(t))(copy);
}

/** Reads `n` values. */
function getItems(r: In, n: number, depth: number): Value[] {
  if (n > r.b.length - r.pos) r.fail(`truncated: ${n} items cannot fit in ${r.b.length - r.pos} bytes`);
  const items = new Array<Value>(n);
  for (let i = 0; i < n; i++) items[i] = get(r, depth + 1);
  return items;
}

/** The number of items of a decoded dictionary part or column. */
function itemCount(x: Value): number {
  if (x instanceof Vec || x instanceof List) return x.n;
  if (x instanceof Table) return x.data.length ? itemCount(x.data[0]) : 0;
  return -1;
}

/** Reads a table (after its type byte): attribute, then a dictionary of names to equal-length columns. */
function getTable(r: In, depth: number): Table {
  if (r.u8() > 4) r.fail("bad table attribute");
  if (r.u8() !== 99) r.fail("a table must hold a dictionary");
  const names = get(r, depth + 1);
  const cols = get(r, depth + 1);
  if (!(names instanceof Vec && names.t === 11)) return r.fail("table column names must be a symbol vector");
  const none = cols instanceof Vec && cols.n === 0;
  const data = cols instanceof List ? cols.a : none ? [] : r.fail("table columns must be a list");
  if (data.length !== names.n) r.fail(`a table has ${names.n} names but ${data.length} columns`);
  const rows = data.length ? itemCount(data[0]) : 0;
  if (rows < 0) r.fail("table columns must be lists");
  for (const c of data) if (itemCount(c) !== rows || c instanceof Table) r.fail("table columns differ in length");
  return new Table(Array.from(names.a as Int32Array, symName), data, rows);
}

/** Reads a dictionary (after its type byte 99, or 127 for a sorted one). */
function getDict(r: In, depth: number, sorted: boolean): Dict {
  const k = get(r, depth + 1);
  const v = get(r, depth + 1);
  const n = itemCount(k);
  if (n < 0 || n !== itemCount(v)) r.fail("a dictionary's key and value differ in length");
  if (sorted && k instanceof Vec) k.attr = 1;
  return new Dict(k, v);
}

/** Compiles a serialized lambda's source, refusing text that is not exactly one lambda. */
function getLambda(r: In, depth: number): Lambda {
  r.cstr(); // namespace: lambdas are compiled in the root namespace
  const src = get(r, depth + 1);
  if (!(src instanceof Vec && src.t === 10)) return r.fail("a lambda's source must be a string");
  const text = fromUtf8.decode(src.a as Uint8Array);
  let nodes;
  try {
    nodes = parse(text);
  } catch (e) {
    if (e instanceof QError) r.fail(`a lambda's source does not parse: ${e.message}`);
    throw e;
  }
  if (nodes.length !== 1 || nodes[0].k !== "lambda") r.fail("a lambda's source is not a single lambda");
  const f = host.evalText(text);
  return f instanceof Lambda ? f : r.fail("a lambda's source is not a lambda");
}

/** Reads an operator, unary form or iterator by its code. */
function getPrim(r: In, type: number): Value {
  const code = r.u8();
  const glyph = type === 103 ? ITERATOR_CODES[code] : OPERATOR_CODES[code];
  if (type === 101 && code === 0) return NIL;
  const p = glyph === undefined
    ? undefined
    : type === 101
    ? UNARY_FORMS.get(glyph)
    : type === 102
    ? GLYPHS.get(glyph)
    : ITERATOR_GLYPHS.get(glyph);
  return p ?? r.fail(`unknown primitive ${type}/${code}`);
}

/** Reads a projection: the function then its arguments (`::` is an elided argument). */
function getProjection(r: In, depth: number): Proj {
  const [f, ...args] = getItems(r, r.count(), depth);
  if (!(f instanceof Fn) || args.length === 0) return r.fail("a projection needs a function and arguments");
  return project(f, args.map((a) => (a === NIL ? undefined : a)), rankOf(f));
}

/** Reads a function value of type 100..111 (after its type byte). */
function getFn(r: In, type: number, depth: number): Value {
  if (type === 100) return getLambda(r, depth);
  if (type <= 103) return getPrim(r, type);
  if (type === 104) return getProjection(r, depth);
  if (type === 105) {
    const fs = getItems(r, r.count(), depth);
    return fs.length >= 2 ? new Comp(fs) : r.fail("a composition needs two or more functions");
  }
  return new Derived(get(r, depth + 1), ITERATOR_CODES[type - 106]);
}

/** Reads any value. */
function get(r: In, depth: number): Value {
  if (depth > MAX_DEPTH) r.fail(`values nested more than ${MAX_DEPTH} deep`);
  const type = r.u8();
  const signed = type > 127 ? type - 256 : type;
  if (signed === -128) throw new QError(r.cstr());
  if (signed < 0) return isBasic(-signed) ? new Atom(signed, getElem(r, -signed)) : r.fail(`unknown type ${signed}`);
  if (type === 0) {
    r.u8();
    return new List(getItems(r, r.count(), depth));
  }
  if (isBasic(type)) return getVec(r, type);
  if (type === 98) return getTable(r, depth);
  if (type === 99 || type === 127) return getDict(r, depth, type === 127);
  if (type >= 100 && type <= 111) return getFn(r, type, depth);
  if (type >= 20 && type <= 97) r.fail(`type ${type} (an enumeration or mapped list) is not sent by q`);
  return r.fail(`unknown type ${type}`);
}

/** Decodes a body that must fill `bytes` from `start` exactly; `what` names the source in errors. */
export function decodeValue(bytes: Uint8Array, what = "message", start = 0): Value {
  const r = new In(bytes, what, start);
  const v = get(r, 0);
  if (r.pos !== bytes.length) r.fail(`${bytes.length - r.pos} bytes follow the value`);
  return v;
}

/** The body of a message after checking its header (and decompressing it when flagged). */
function messageBody(bytes: Uint8Array, what: string): Uint8Array {
  const r = new In(bytes, what);
  if (bytes.length < HEADER_BYTES) r.fail(`${bytes.length} bytes is shorter than the 8-byte header`);
  if (bytes[0] !== 1) {
    return bytes[0] === 0 ? qerr("nyi", `${what}: big-endian messages are not supported`) : r.fail("bad byte order");
  }
  if (bytes[1] > 2) r.fail(`bad message type ${bytes[1]}`);
  const length = r.view.getUint32(4, true);
  if (length !== bytes.length) r.fail(`the header says ${length} bytes but there are ${bytes.length}`);
  if (bytes[2] === 0) return bytes;
  return bytes[2] === 1 ? uncompress(bytes, what) : r.fail(`bad compression flag ${bytes[2]}`);
}

/** `-9!x`: the value of an IPC message (as `-8!` makes or q sends). */
export function deserialize(bytes: Uint8Array, what = "message"): Value {
  return decodeValue(messageBody(bytes, what), what, HEADER_BYTES);
}

// ---------------------------------------------------------------- compression (q's algorithm, kx c.java)

/**
 * Decompresses a message flagged compressed: bytes 8..11 hold the
 * uncompressed length; then groups of a flag byte and eight tokens, each a
 * literal byte or (flag bit set) a back-reference: a hash of two bytes
 * naming where they last occurred, and a count of further bytes to copy.
 */
export function uncompress(b: Uint8Array, what = "message"): Uint8Array {
  const r = new In(b, what, HEADER_BYTES);
  const total = r.view.getUint32(r.take(4), true);
  if (total < HEADER_BYTES || total > HEADER_BYTES + 256 * b.length) r.fail(`bad uncompressed length ${total}`);
  const dst = new Uint8Array(total);
  dst.set(b.subarray(0, HEADER_BYTES));
  dst[2] = 0;
  new DataView(dst.buffer).setUint32(4, total, true);
  const seen = new Int32Array(256);
  let s = HEADER_BYTES, p = s, flags = 0, bit = 0;
  while (s < total) {
    if (bit === 0) {
      flags = r.u8();
      bit = 1;
    }
    let n = 0;
    if (flags & bit) {
      let from = seen[r.u8()];
      n = r.u8();
      if (from < HEADER_BYTES || s + 2 + n > total) r.fail("bad back-reference in compressed data");
      dst[s++] = dst[from++];
      dst[s++] = dst[from++];
      for (let m = 0; m < n; m++) dst[s + m] = dst[from + m];
    } else dst[s++] = b[r.take(1)];
    while (p < s - 1) seen[dst[p] ^ dst[p + 1]] = p++;
    if (flags & bit) p = s += n;
    bit = (bit << 1) & 255;
  }
  return dst;
}

/**
 * Compresses a message (header included) as q does, or returns it as it is
 * when compression would not halve it.
 */
export function compress(y: Uint8Array): Uint8Array {
  const t = y.length;
  const out = new Uint8Array(t >> 1);
  if (out.length < 32) return y;
  out.set(y.subarray(0, 4));
  out[2] = 1;
  const view = new DataView(out.buffer);
  view.setUint32(8, t, true);
  const seen = new Int32Array(256);
  let bit = 0, flags = 0, c = 12, d = 12, s = HEADER_BYTES, h = 0, h0 = 0, s0 = 0;
  for (; s < t; bit = (bit << 1) & 255) {
    if (bit === 0) {
      if (d > out.length - 17) return y;
      bit = 1;
      out[c] = flags;
      c = d++;
      flags = 0;
    }
    let literal = s > t - 3;
    let p = 0;
    if (!literal) {
      h = y[s] ^ y[s + 1];
      p = seen[h];
      literal = p === 0 || y[s] !== y[p];
    }
    if (s0 > 0) {
      seen[h0] = s0;
      s0 = 0;
    }
    if (literal) {
      h0 = h;
      s0 = s;
      out[d++] = y[s++];
    } else {
      seen[h] = s;
      flags |= bit;
      p += 2;
      const r = (s += 2), q = Math.min(s + 255, t);
      while (y[p] === y[s] && ++s < q) ++p;
      out[d++] = h;
      out[d++] = s - r;
    }
  }
  out[c] = flags;
  view.setUint32(4, d, true);
  return out.slice(0, d);
}
