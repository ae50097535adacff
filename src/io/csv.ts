/**
 * Text data for `0:`: loading delimited (CSV) and fixed-width records into
 * columns, and preparing tables as delimited lines.
 *
 * Loading works on bytes: a flat loop splits records into fields and each
 * column parses its field straight into a typed array with the byte parsers
 * of fields.ts (no string per numeric field); symbols are interned once per
 * distinct field by hashing its bytes. Text outside the common forms falls
 * back to Tok (`"D"$"…"`), so the results are Tok's. A {@link TextLoader}
 * keeps its state between calls, so a file can be fed to it in chunks of
 * whole records (stream.ts).
 *
 * Reference: ref/file-text.md (Load CSV, Load Fixed, Prepare Text,
 * Key-Value Pairs), ref/tok.md.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fmtItem } from "../fmt/items.ts";
import { tok } from "../prim/cast.ts";
import { isNullElem, nullOf } from "../value/nulls.ts";
import { symName } from "../value/sym.ts";
import { typeOfLetter } from "../value/types.ts";
import { ByteSymbols, decodeBytes, SHARED_SYMBOLS } from "./bytesyms.ts";
import { type Atom, List, text, type Value, Vec } from "../value/value.ts";
import { parseClock, parseDate, parseDecimal, parseInteger, parseMonth, putI64, putTimestamp } from "./fields.ts";

// ------------------------------------------------------------------ types

/** The type read for an upper-case type letter of `0:` (`*` reads strings: 0), or undefined. */
function letterType(letter: string): number | undefined {
  if (letter === "*") return 0;
  return letter >= "A" && letter <= "Z" ? typeOfLetter(letter.toLowerCase()) : undefined;
}

/** One field of a record: the column type it is read as, or null to skip it (a blank). */
export type FieldType = { letter: string; t: number } | null;

/** The field types of a `0:` type string; a clear `'type` error for any other letter. */
export function parseTypes(types: string, where: string): FieldType[] {
  if (types.length === 0) return qerr("length", `${where}: no column types given`);
  return [...types].map((letter) => {
    if (letter === " ") return null;
    const t = letterType(letter);
    if (t === undefined) {
      return qerr(
        "type",
        `${where}: unknown column type ${JSON.stringify(letter)} (use BGXHIJEFCSPMDZNUVT, * or blank)`,
      );
    }
    return { letter, t };
  });
}

// ------------------------------------------------------------------ columns

const EMPTY_U8 = new Uint8Array(0), EMPTY_I16 = new Int16Array(0), EMPTY_I32 = new Int32Array(0);
const EMPTY_F32 = new Float32Array(0), EMPTY_F64 = new Float64Array(0);
const NO_SYMBOLS = new ByteSymbols();

/** Bytes Tok reads as true (ref/tok.md, truthy characters): 1 at those codes. */
const TRUTHY = new Uint8Array(256);
for (const c of "txyTXY1") TRUTHY[c.charCodeAt(0)] = 1;

/** Where a column of type `t` keeps its items while loading (strings: their bytes in `u8`, their ends in `i32`). */
type Store = "u8" | "i16" | "i32" | "i64" | "f32" | "f64" | "strs";

function storeOf(t: number): Store {
  if (t === 0) return "strs";
  if (t === 1 || t === 2 || t === 4 || t === 10) return "u8";
  if (t === 5) return "i16";
  if (t === 7 || t === 12 || t === 16) return "i64";
  if (t === 8) return "f32";
  if (t === 9 || t === 15) return "f64";
  return "i32";
}

/** Nanoseconds per unit of minute, second and time. */
const CLOCK_UNIT: Record<number, number> = { 17: 60e9, 18: 1e9, 19: 1e6 };

/**
 * One column being loaded: items are parsed into a growing typed array of
 * the column's storage type (64-bit items as int32 halves). One class with a
 * field per storage type keeps every array access monomorphic.
 */
class Column {
  n = 0;
  private cap = 0;
  private u8 = EMPTY_U8;
  private i16 = EMPTY_I16;
  private i32 = EMPTY_I32;
  private f32 = EMPTY_F32;
  private f64 = EMPTY_F64;
  /** Bytes of strings held in `u8` (a `*` column). */
  private used = 0;
  private readonly store: Store;
  private readonly tokLetter: string;

  /** Symbols seen in this column (each column has its own: small tables stay in cache; misses go to the shared one). */
  private readonly syms: ByteSymbols;

  constructor(readonly t: number, letter: string, small = false) {
    this.store = storeOf(t);
    this.syms = t !== 11 ? NO_SYMBOLS : small ? SHARED_SYMBOLS : new ByteSymbols(SHARED_SYMBOLS);
    this.tokLetter = letter.toLowerCase();
  }

  /** Makes room for `n` items in all. */
  reserve(n: number): void {
    if (n <= this.cap) return;
    const w = this.t === 2 ? 16 : this.store === "i64" ? 2 : 1;
    switch (this.store) {
      case "u8":
        this.u8 = resized(this.u8, n * w);
        break;
      case "i16":
        this.i16 = resized(this.i16, n);
        break;
      case "i32":
      case "i64":
      case "strs":
        this.i32 = resized(this.i32, n * w);
        break;
      case "f32":
        this.f32 = resized(this.f32, n);
        break;
      case "f64":
        this.f64 = resized(this.f64, n);
        break;
    }
    this.cap = n;
  }

  /** Appends the item read from `buf[s, e)` (blanks around it ignored, except for strings). */
  add(buf: Uint8Array, s: number, e: number): void {
    if (this.n === this.cap) this.reserve(Math.max(1024, this.cap * 2));
    const i = this.n++;
    if (this.t === 0) return this.addString(i, buf, s, e);
    while (s < e && buf[s] === 32) s++;
    while (e > s && buf[e - 1] === 32) e--;
    this.item(i, buf, s, e);
  }

  /** Item `i` from the trimmed text `buf[s, e)`. */
  private item(i: number, buf: Uint8Array, s: number, e: number): void {
    if (s === e) this.putNull(i);
    else if (!this.fast(i, buf, s, e)) this.putTok(i, buf, s, e);
  }

  /** Appends the bytes of a string (a `*` field, kept as it is). */
  private addString(i: number, buf: Uint8Array, s: number, e: number): void {
    const used = this.used + e - s;
    if (used > this.u8.length) this.u8 = resized(this.u8, Math.max(used, 2 * this.u8.length, 4096));
    this.u8.set(buf.subarray(s, e), this.used);
    this.i32[i] = this.used = used;
  }

  /** Bounds of the fields given to {@link addFields}. */
  private starts = EMPTY_I32;
  private stops = EMPTY_I32;

  /**
   * Appends field `f` of `rows` records split by a loader (`nf` fields a
   * record; field k spans `ends[k - 1] + 1` to `ends[k]`); a carriage
   * return ending the `last` field of a record is dropped. Each type runs
   * its own loop over the fields; symbols of a large table are looked up
   * together ({@link ByteSymbols.resolve}).
   */
  addFields(buf: Uint8Array, ends: Int32Array, f: number, nf: number, rows: number, last: boolean): void {
    if (this.n + rows > this.cap) this.reserve(Math.max(this.n + rows, 2 * this.cap));
    if (this.starts.length < rows) {
      this.starts = new Int32Array(rows);
      this.stops = new Int32Array(rows);
    }
    const starts = this.starts, stops = this.stops, trim = this.t !== 0, first = this.n;
    for (let r = 0, k = f + 1; r < rows; r++, k += nf) {
      let s = ends[k - 1] + 1, e = ends[k];
      if (last && e > s && buf[e - 1] === CR) e--;
      if (trim) {
        while (s < e && buf[s] === 32) s++;
        while (e > s && buf[e - 1] === 32) e--;
      }
      starts[r] = s;
      stops[r] = e;
    }
    this.n += rows;
    if (this.t === 11 && this.syms.large) this.syms.resolve(buf, starts, stops, rows, this.i32, first);
    else if (this.t === 0) { for (let r = 0; r < rows; r++) this.addString(first + r, buf, starts[r], stops[r]); }
    else for (let r = 0; r < rows; r++) this.item(first + r, buf, starts[r], stops[r]);
  }

  /** Parses the common forms of each type into item `i`; false when the text needs Tok. */
  private fast(i: number, buf: Uint8Array, s: number, e: number): boolean {
    let v: number;
    switch (this.t) {
      case 11:
        this.i32[i] = this.syms.id(buf, s, e);
        return true;
      case 9:
        v = parseDecimal(buf, s, e);
        if (v === v) this.f64[i] = v;
        return v === v;
      case 7:
        v = parseInteger(buf, s, e, 15);
        if (v === v) putI64(this.i32, i, 0, v);
        return v === v;
      case 6:
        v = parseInteger(buf, s, e, 9);
        if (v === v) this.i32[i] = v;
        return v === v;
      case 8:
        v = parseDecimal(buf, s, e);
        if (v === v) this.f32[i] = v;
        return v === v;
      case 5:
        v = parseInteger(buf, s, e, 4);
        if (v === v) this.i16[i] = v;
        return v === v;
      case 1:
        this.u8[i] = TRUTHY[buf[s]];
        return true;
      case 10:
        this.u8[i] = buf[s];
        return true;
      case 14:
        v = parseDate(buf, s, e);
        if (v === v) this.i32[i] = v;
        return v === v;
      case 13:
        v = parseMonth(buf, s, e);
        if (v === v) this.i32[i] = v;
        return v === v;
      case 12:
        return putTimestamp(this.i32, i, buf, s, e);
      case 16:
        v = parseClock(buf, s, e);
        if (v === v) putI64(this.i32, i, 0, v);
        return v === v;
      case 17:
      case 18:
      case 19:
        v = parseClock(buf, s, e);
        if (v === v) this.i32[i] = Math.floor(v / CLOCK_UNIT[this.t]);
        return v === v;
      default:
        return false;
    }
  }

  /** Item `i` from Tok of the text (the forms the fast paths leave, and anything malformed: null). */
  private putTok(i: number, buf: Uint8Array, s: number, e: number): void {
    this.put(i, (tok(this.tokLetter, new Vec(10, buf.slice(s, e))) as Atom).v);
  }

  private putNull(i: number): void {
    this.put(i, this.t === 2 ? new Uint8Array(16) : nullOf(this.t));
  }

  /** Stores a raw item value (as atoms hold them) at `i`. */
  private put(i: number, v: number | bigint | Uint8Array): void {
    if (typeof v === "bigint") {
      const x = BigInt.asIntN(64, v);
      putI64(this.i32, i, Number(x >> 32n), Number(x & 0xffffffffn));
    } else if (v instanceof Uint8Array) this.u8.set(v, i * 16);
    else if (this.store === "u8") this.u8[i] = v;
    else if (this.store === "i16") this.i16[i] = v;
    else if (this.store === "i32") this.i32[i] = v;
    else if (this.store === "f32") this.f32[i] = v;
    else this.f64[i] = v;
  }

  /** The items loaded so far as a list value; the column starts empty again. */
  take(): Value {
    const n = this.n, t = this.t;
    let out: Value;
    switch (this.store) {
      case "strs":
        out = this.strings();
        break;
      case "u8":
        out = new Vec(t, fitted(this.u8, t === 2 ? 16 * n : n));
        break;
      case "i16":
        out = new Vec(t, fitted(this.i16, n));
        break;
      case "i32":
        out = new Vec(t, fitted(this.i32, n));
        break;
      case "i64": {
        const halves = fitted(this.i32, 2 * n);
        out = new Vec(t, new BigInt64Array(halves.buffer, halves.byteOffset, n));
        break;
      }
      case "f32":
        out = new Vec(t, fitted(this.f32, n));
        break;
      case "f64":
        out = new Vec(t, fitted(this.f64, n));
        break;
    }
    this.clear();
    return out;
  }

  /** The strings loaded: views of one buffer holding them all (no allocation per string). */
  private strings(): List {
    const pool = fitted(this.u8, this.used), ends = this.i32, out = new Array<Vec>(this.n);
    for (let i = 0, at = 0; i < this.n; at = ends[i++]) out[i] = new Vec(10, pool.subarray(at, ends[i]));
    return new List(out);
  }

  private clear(): void {
    this.n = this.cap = 0;
    this.u8 = EMPTY_U8;
    this.i16 = EMPTY_I16;
    this.i32 = EMPTY_I32;
    this.f32 = EMPTY_F32;
    this.f64 = EMPTY_F64;
    this.used = 0;
  }
}

type Typed = Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** `a` with length `n` (the first items copied). */
function resized<A extends Typed>(a: A, n: number): A {
  const b = new (a.constructor as { new (n: number): A })(n);
  b.set(a.length > n ? a.subarray(0, n) as A : a);
  return b;
}

/** The first `n` items of `a`: a view when little is wasted, otherwise a copy. */
function fitted<A extends Typed>(a: A, n: number): A {
  if (a.length === n) return a;
  return (n >= a.length * 0.9 ? a.subarray(0, n) : a.slice(0, n)) as A;
}

// ------------------------------------------------------------------ loading

/** How records are laid out. */
export interface TextFormat {
  /** One q type letter per field (`*` string, blank skip). */
  types: string;
  /** Field delimiter byte (delimited records). */
  delim?: number;
  /** Field widths (fixed-width records) instead of a delimiter. */
  widths?: number[];
  /** The first record holds column names. */
  header?: boolean;
  /** Quoted fields may hold line breaks (the `flag` of `0:`). */
  multiline?: boolean;
  /** Name of the data (a file path) for error messages. */
  source?: string;
  /**
   * The whole input is small (a `.Q.fs` chunk, a few strings): symbol
   * columns look their fields up in the shared table rather than building
   * their own, which pays off only over many records.
   */
  small?: boolean;
}

const NL = 10, CR = 13, QUOTE = 34;
/** Records split at a time before the columns parse them (their field ends stay in the CPU cache). */
const BATCH = 8192;

/**
 * Loads records into columns. Feed it whole records with {@link parse}
 * (each chunk ending after a record's line break), then {@link take} the
 * columns; it keeps line numbers, header and symbols between chunks.
 */
export class TextLoader {
  /** Column names from the header record, once read. */
  names: string[] | undefined;
  private readonly slots: (Column | null)[];
  private readonly fields: FieldType[];
  private readonly source: string;
  /** Lines consumed so far (the current record starts on line `line + 1`). */
  private line = 0;
  private scratch = new Uint8Array(256);
  private readonly recordBytes: number;
  /** Fixed-width records: true when each ends with a line break (decided on the first data seen). */
  private lineRecords: boolean | undefined;

  constructor(readonly format: TextFormat) {
    this.source = format.source ?? "text";
    this.fields = parseTypes(format.types, this.source);
    this.slots = this.fields.map((f) => f && new Column(f.t, f.letter, format.small));
    const w = format.widths;
    if (w && w.length !== this.fields.length) {
      qerr("length", `${this.source}: ${this.fields.length} column types but ${w.length} field widths`);
    }
    if (w?.some((x) => !(Number.isInteger(x) && x >= 0))) {
      qerr("domain", `${this.source}: field widths must be non-negative integers`);
    }
    this.recordBytes = w ? w.reduce((a, b) => a + b, 0) : 0;
    if (w && format.header) qerr("type", `${this.source}: fixed-width records have no header`);
  }

  /** Types of the columns kept (skipped fields left out), in order. */
  get kept(): { letter: string; t: number }[] {
    return this.fields.filter((f) => f !== null);
  }

  /** Makes room for `rows` more records in every column. */
  reserve(rows: number): void {
    for (const c of this.slots) c?.reserve(c.n + rows);
  }

  /**
   * The end of the last whole record in `buf[start, end)` (the index after
   * its line break; `start` when there is none yet).
   */
  recordsEnd(buf: Uint8Array, start: number, end: number): number {
    if (this.format.widths && !this.isLineRecords(buf, start, end)) {
      const rb = this.recordBytes || 1;
      return start + Math.floor((end - start) / rb) * rb;
    }
    if (!this.format.multiline) {
      const nl = buf.lastIndexOf(NL, end - 1);
      return nl >= start ? nl + 1 : start;
    }
    let cut = start, quoted = false;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b === QUOTE) quoted = !quoted;
      else if (b === NL && !quoted) cut = i + 1;
    }
    return cut;
  }

  /**
   * Parses the whole records in `buf[start, end)`: delimited data must end
   * with a line break; fixed-width data ends after a record.
   */
  parse(buf: Uint8Array, start: number, end: number): void {
    if (this.format.widths) this.parseFixed(buf, start, end);
    else this.parseDelimited(buf, start, end);
  }

  /** The columns loaded so far (skipped fields left out); loading continues into empty columns. */
  take(): Value[] {
    const out: Value[] = [];
    for (const c of this.slots) if (c) out.push(c.take());
    return out;
  }

  /** Records loaded and not yet taken. */
  get rows(): number {
    for (const c of this.slots) if (c) return c.n;
    return 0;
  }

  // ---------------------------------------------------------------- delimited

  /**
   * Delimited records go in batches: {@link split} finds the fields of many
   * records, then each column parses its own fields in one tight loop
   * (symbols looked up together). From a record with a quoted field on,
   * the rest of the chunk goes a record at a time ({@link parseRecord}).
   */
  private parseDelimited(buf: Uint8Array, start: number, end: number): void {
    let p = start;
    if (this.format.header && this.names === undefined && p < end) p = this.readHeader(buf, p);
    while (p < end) {
      const next = this.split(buf, p, end);
      if (next === p) break;
      p = next;
    }
    while (p < end) p = this.parseRecord(buf, p, end);
  }

  /** Field ends of a batch of records (see {@link split}): field k spans `ends[k - 1] + 1` to `ends[k]`. */
  private ends = new Int32Array(0);

  /**
   * Splits up to {@link BATCH} records from `p` into fields (stopping before
   * a record with a quoted field) and has the columns parse them; returns
   * where it stopped.
   */
  private split(buf: Uint8Array, p: number, end: number): number {
    const slots = this.slots, nf = slots.length, last = nf - 1, delim = this.format.delim ?? 44;
    if (this.ends.length < BATCH * nf + 1) this.ends = new Int32Array(BATCH * nf + 1);
    const ends = this.ends;
    ends[0] = p - 1;
    let rows = 0, k = 1, b: number;
    records: for (; rows < BATCH && p < end; rows++) {
      const record = p;
      for (let f = 0; f < nf; f++) {
        if (buf[p] === QUOTE) {
          p = record;
          break records;
        }
        while ((b = buf[p]) !== delim && b !== NL) p++;
        if ((b === NL) !== (f === last)) {
          this.line += rows;
          this.fieldCountError(buf, p, f, delim);
        }
        ends[k++] = p++;
      }
    }
    for (let f = 0; f < nf; f++) slots[f]?.addFields(buf, ends, f, nf, rows, f === last);
    this.line += rows;
    return p;
  }

  /** Parses the record at `p` field by field (any field may be quoted); returns where the next starts. */
  private parseRecord(buf: Uint8Array, p: number, end: number): number {
    const slots = this.slots, last = slots.length - 1, delim = this.format.delim ?? 44;
    let extra = 0;
    for (let f = 0;; f++) {
      let src = buf, s = p, e: number, b: number;
      if (buf[p] === QUOTE) {
        const q = this.quoted(buf, p, end);
        extra += q.lines;
        s = q.s;
        e = q.e;
        src = q.src;
        p = q.next;
      } else {
        while ((b = buf[p]) !== delim && b !== NL) p++;
        e = p;
        if (f === last && e > s && buf[e - 1] === CR) e--;
      }
      b = buf[p];
      if ((b === NL) !== (f === last)) this.fieldCountError(buf, p, f, delim);
      slots[f]?.add(src, s, e);
      p++;
      if (f === last) break;
    }
    this.line += 1 + extra;
    return p;
  }

  /**
   * A quoted field starting at `p`: its text (between the quotes, doubled
   * quotes made single; in `scratch` when that changed it), the index of the
   * delimiter or line break after it, and the line breaks inside it.
   */
  private quoted(
    buf: Uint8Array,
    p: number,
    end: number,
  ): { src: Uint8Array; s: number; e: number; next: number; lines: number } {
    const multiline = !!this.format.multiline, delim = this.format.delim ?? 44;
    let q = p + 1, doubled = false, lines = 0;
    for (;; q++) {
      if (q >= end) this.fail(`unterminated quoted field`);
      const c = buf[q];
      if (c === QUOTE) {
        if (buf[q + 1] !== QUOTE) break;
        doubled = true;
        q++;
      } else if (c === NL) {
        if (!multiline) break;
        lines++;
      }
    }
    const s = p + 1, e = q;
    let next = buf[q] === QUOTE ? q + 1 : q, b: number;
    while ((b = buf[next]) !== delim && b !== NL) next++;
    if (!doubled) return { src: buf, s, e, next, lines };
    return { src: this.undouble(buf, s, e), s: 0, e: this.undoubled, next, lines };
  }

  private undoubled = 0;

  /** Copies `buf[s, e)` to `scratch` with each doubled quote made single. */
  private undouble(buf: Uint8Array, s: number, e: number): Uint8Array {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(2 * (e - s));
    const out = this.scratch;
    let n = 0;
    for (let i = s; i < e; i++) {
      out[n++] = buf[i];
      if (buf[i] === QUOTE) i++;
    }
    this.undoubled = n;
    return out;
  }

  /** Reads the header record at `p` as column names; returns where the data starts. */
  private readHeader(buf: Uint8Array, p: number): number {
    const nl = buf.indexOf(NL, p);
    const header = new TextLoader({
      types: "*".repeat(this.fields.length),
      delim: this.format.delim,
      source: this.source,
    });
    header.parse(buf, p, nl + 1);
    const cells = (header.take() as List[]).map((c) => c.a[0] as Vec<Uint8Array>);
    this.names = [];
    this.fields.forEach((f, i) => {
      if (f) this.names!.push(decodeBytes(cells[i].a, 0, cells[i].n).trim());
    });
    this.line++;
    return nl + 1;
  }

  private fieldCountError(buf: Uint8Array, p: number, f: number, delim: number): never {
    let found = f + 1;
    if (buf[p] !== NL) { for (let i = p; buf[i] !== NL && buf[i] !== undefined; i++) if (buf[i] === delim) found++; }
    return this.fail(`${found} field${found === 1 ? "" : "s"}, expected ${this.fields.length}`);
  }

  /** A `'length` error naming the source and the line of the current record. */
  private fail(what: string): never {
    return qerr("length", `${this.source}: line ${this.line + 1}: ${what}`);
  }

  // ---------------------------------------------------------------- fixed width

  /** Whether fixed-width records end with line breaks: decided once, from the first record. */
  private isLineRecords(buf: Uint8Array, start: number, end: number): boolean {
    if (this.lineRecords === undefined && end > start) {
      const nl = buf.indexOf(NL, start);
      this.lineRecords = nl >= 0 && nl < end && nl - start <= this.recordBytes + 1;
    }
    return this.lineRecords ?? true;
  }

  private parseFixed(buf: Uint8Array, start: number, end: number): void {
    const lines = this.isLineRecords(buf, start, end), widths = this.format.widths!, size = this.recordBytes;
    for (let p = start; p < end;) {
      let e: number, next: number;
      if (lines) {
        next = buf.indexOf(NL, p);
        if (next < 0 || next >= end) next = end;
        e = next > p && buf[next - 1] === CR ? next - 1 : next;
        next++;
      } else {
        e = next = p + size;
        if (e > end) {
          if (isBlank(buf, p, end)) return;
          e = end;
        }
      }
      if (e - p !== size) this.fail(`record of ${e - p} characters, expected ${size}`);
      for (let f = 0, s = p; f < widths.length; s += widths[f++]) this.slots[f]?.add(buf, s, s + widths[f]);
      this.line++;
      p = next;
    }
  }
}

/** True when `buf[s, e)` holds only line-break characters. */
function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== NL && buf[i] !== CR) return false;
  return true;
}

/** Bytes of records given as strings (a list of char vectors): each followed by a line break. */
export function joinRecords(records: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const r of records) n += r.length + 1;
  const out = new Uint8Array(n);
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
    out[at++] = NL;
  }
  return out;
}

/** Inputs below this many bytes are {@link TextFormat.small}. */
const SMALL_INPUT = 1 << 22;

/** Loads all of `bytes` (whole records; a last record without a line break is fine). */
export function loadBytes(format: TextFormat, bytes: Uint8Array): { names?: string[]; columns: Value[] } {
  const data = format.widths || bytes.length === 0 || bytes[bytes.length - 1] === NL ? bytes : joinRecords([bytes]);
  const loader = new TextLoader({ ...format, small: data.length < SMALL_INPUT });
  loader.parse(data, 0, data.length);
  return { names: loader.names, columns: loader.take() };
}

// ------------------------------------------------------------------ key-value pairs

/**
 * Key-value pairs (`"S=;" 0: "one=1;two=2"`): `spec` is the key type (S, I
 * or J), the separator between key and value, optionally `*` (values may be
 * quoted, protecting separators), and the separator between pairs. Returns
 * the keys and the values (strings).
 */
export function keyValues(spec: string, text: Uint8Array): [Value, List] {
  if (spec.length !== 3 && spec.length !== 4) return qerr("length", "key-value spec is key type, separators and *");
  const keyType = letterType(spec[0]);
  if (keyType !== 11 && keyType !== 6 && keyType !== 7) return qerr("type", `key type ${spec[0]}: use S, I or J`);
  if (spec.length === 4 && spec[2] !== "*") return qerr("domain", "the third character of a 4-character spec is *");
  const kv = spec.charCodeAt(1), sep = spec.charCodeAt(spec.length - 1), quotes = spec.length === 4;
  const keys = new Column(keyType, spec[0]), vals: Vec[] = [], n = text.length;
  for (let p = 0; p < n;) {
    let k = p;
    while (k < n && text[k] !== kv && text[k] !== sep) k++;
    keys.add(text, p, k);
    const s = k < n && text[k] === kv ? k + 1 : k;
    let e = s, after = s;
    if (quotes && text[s] === QUOTE) {
      e = text.indexOf(QUOTE, s + 1);
      if (e < 0) e = n;
      vals.push(new Vec(10, text.slice(s + 1, e)));
      after = e;
    }
    while (after < n && text[after] !== sep) after++;
    if (e === s) vals.push(new Vec(10, text.slice(s, after)));
    p = after + 1;
  }
  return [keys.take(), new List(vals)];
}

// ------------------------------------------------------------------ prepare text

/** Text of item `i` of a column for a delimited line, or undefined when the column cannot be written. */
type CellText = (i: number) => string;

/**
 * The text of a column's cells as `0:` writes them: the item form q shows
 * (nulls empty), temporals in ISO 8601 (`2022-03-14`), lists of strings as
 * the strings; undefined for any other column (q: 'type).
 */
export function cellText(col: Value, precision: number): CellText | undefined {
  if (col instanceof List) {
    if (!col.a.every((s) => s instanceof Vec && s.t === 10)) return undefined;
    return (i) => text(col.a[i] as Vec);
  }
  if (!(col instanceof Vec)) return undefined;
  const t = col.t, a = col.a;
  switch (t) {
    case 2:
      return (i) => fmtItem(2, (a as Uint8Array).subarray(16 * i, 16 * i + 16), precision);
    case 10:
      return (i) => String.fromCharCode(a[i] as number);
    case 11:
      return (i) => symName(a[i] as number);
    case 12:
    case 13:
    case 14:
    case 15:
      return (i) => isNullElem(t, a[i]) ? "" : iso(fmtItem(t, a[i], precision));
  }
  return (i) => (t !== 1 && t !== 4 && isNullElem(t, a[i])) ? "" : fmtItem(t, a[i], precision);
}

/** A q date text (`2022.03.14…`) in ISO 8601 (`2022-03-14…`). */
function iso(s: string): string {
  return s.slice(0, 10).replaceAll(".", "-") + s.slice(10);
}

/**
 * `text` quoted (embedded quotes doubled) when it holds the delimiter or a
 * line break, or starts with a quote: what a load would otherwise misread.
 */
function quoteCell(text: string, delim: string): string {
  const quote = text.includes(delim) || text.includes("\n") || text.includes("\r") || text.startsWith('"');
  return quote ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Formats rows as delimited lines (Prepare Text): `names` (when given) as
 * the first line, then one line per row; `'type` for a column that is
 * neither a vector nor a list of strings.
 */
export class LineWriter {
  private readonly cells: CellText[];
  /** Number of data rows. */
  readonly rows: number;

  constructor(
    readonly columns: readonly Value[],
    readonly delim: string,
    precision: number,
    readonly names?: readonly string[],
  ) {
    this.cells = columns.map((c, j) =>
      cellText(c, precision) ??
        qerr("type", `column ${names?.[j] ?? j} is neither a vector nor a list of strings`)
    );
    this.rows = columns.length ? (columns[0] instanceof List ? columns[0].a.length : (columns[0] as Vec).n) : 0;
    if (columns.some((c) => (c instanceof List ? c.a.length : (c as Vec).n) !== this.rows)) qerr("length");
  }

  /** The header line (undefined without names). */
  header(): string | undefined {
    return this.names?.map((n) => quoteCell(n, this.delim)).join(this.delim);
  }

  /** Line for row `i`. */
  line(i: number): string {
    let s = "";
    for (let j = 0; j < this.cells.length; j++) {
      if (j) s += this.delim;
      s += quoteCell(this.cells[j](i), this.delim);
    }
    return s;
  }

  /** All lines, header first. */
  lines(): string[] {
    const out: string[] = [];
    const h = this.header();
    if (h !== undefined) out.push(h);
    for (let i = 0; i < this.rows; i++) out.push(this.line(i));
    return out;
  }
}
