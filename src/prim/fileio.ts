/**
 * File primitives: `read0`, `read1`, `hsym`, `hcount`, `hdel`, File Binary
 * `1:` (fixed-width records in, bytes out), the save family (`save`
 * `load` `rsave` `rload` `dsave`), and the internal functions `-8!x`
 * (serialize) and `-9!x` (deserialize). References: ref/read0.md,
 * ref/read1.md, ref/hsym.md, ref/hcount.md, ref/hdel.md,
 * ref/file-binary.md, ref/save.md, ref/load.md, ref/dsave.md,
 * kb/serialization.md.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import {
  deletePath,
  fileSize,
  isDirectory,
  readBytes,
  readValueFile,
  splitLines,
  writeAtomic,
  writeValueFile,
} from "../io/files.ts";
import { deserialize, serialize } from "../io/serialize.ts";
import { loadText, saveText } from "../io/stream.ts";
import { isLockFile } from "../storage/format.ts";
import { META_FILE } from "../storage/meta.ts";
import { partitionName } from "../storage/partitioned.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { intern, symName } from "../value/sym.ts";
import { ctorOf, elemSize, typeOfLetter } from "../value/types.ts";
import { Atom, Dict, isKeyed, List, Prim, Table, type Value, Vec } from "../value/value.ts";
import { kw1, kw2 } from "./define.ts";
import { symVector, unkey, xcols } from "./dict.ts";
import { xasc } from "./sort.ts";
import { host } from "./host.ts";
import { toInt } from "./list.ts";
import { filePath } from "./persist.ts";

/** The path of a file symbol argument, or 'type naming what `who` needs. */
function pathOf(x: Value, who: string): string {
  return filePath(x) ?? qerr("type", `${who} needs a file symbol such as \`:data.txt`);
}

/** A file descriptor: a file symbol, `(file;offset)` or `(file;offset;length)`. */
interface Descriptor {
  path: string;
  offset: number;
  length?: number;
}

/** Reads a file descriptor argument. */
function descriptor(x: Value, who: string): Descriptor {
  if (x instanceof Atom) return { path: pathOf(x, who), offset: 0 };
  const items = x instanceof List ? x.a : [];
  if (items.length < 2 || items.length > 3) return qerr("type", `${who} needs a file symbol or (file;offset;length)`);
  const offset = toInt(items[1]), length = items.length === 3 ? toInt(items[2]) : undefined;
  if (!(offset >= 0) || (length !== undefined && !(length >= 0))) {
    return qerr("domain", `${who}: offset and length must be non-negative`);
  }
  return { path: pathOf(items[0], who), offset, length };
}

/** The bytes a descriptor names. */
function descriptorBytes(d: Descriptor): Uint8Array {
  return readBytes(d.path, d.offset, d.length);
}

/** `read0 f`: the lines of a text file; `read0 (f;o;n)`: n chars from offset o. */
export function read0(x: Value): Value {
  const d = descriptor(x, "read0");
  if (x instanceof Atom) return new List(splitLines(readBytes(d.path)));
  return new Vec(10, descriptorBytes(d));
}

/** `read1 f`: the bytes of a file; `read1 (f;o;n)`: up to n bytes from offset o. */
export function read1(x: Value): Value {
  return new Vec(4, descriptorBytes(descriptor(x, "read1")));
}

/** Applies `f` to a symbol atom, or to each symbol of a vector, giving symbols. */
function eachSym(x: Value, who: string, f: (s: string) => string): Value {
  if (x instanceof Atom && x.t === -11) return new Atom(-11, intern(f(symName(x.v as number))));
  if (!(x instanceof Vec && x.t === 11)) return qerr("type", `${who} needs a symbol or symbols`);
  return symVector(Array.from(x.a as Int32Array, (id) => f(symName(id))));
}

/** `hsym x`: symbols as file symbols (prefixed with `:` unless they have one). */
export function hsym(x: Value): Value {
  return eachSym(x, "hsym", (s) => (s.startsWith(":") ? s : `:${s}`));
}

/** `hcount f`: a file's size in bytes. */
export function hcount(x: Value): Value {
  return new Atom(-7, BigInt(fileSize(pathOf(x, "hcount"))));
}

/** `hdel f`: deletes a file or empty directory; returns f. */
export function hdel(x: Value): Value {
  deletePath(pathOf(x, "hdel"));
  return x;
}

// ---------------------------------------------------------------- 1: File Binary

const utf8 = new TextDecoder();

/** One field of a fixed-width record. */
interface Field {
  /** Type letter: a q type, ` ` to skip, `*` for a string, `s` for a symbol. */
  letter: string;
  width: number;
  offset: number;
}

/** Type letters and widths from the left argument of `1:`; which comes first sets the byte order. */
function recordLayout(x: Value): { fields: Field[]; size: number; bigEndian: boolean } {
  const parts = x instanceof List && x.a.length === 2 ? x.a : qerr("type", "1: needs (types;widths) on the left");
  const isText = (v: Value) => v.t === 10 || v.t === -10;
  const bigEndian = !isText(parts[0]);
  const [types, widths] = bigEndian ? [parts[1], parts[0]] : parts;
  if (!isText(types)) return qerr("type", "1: needs a string of type letters and a list of widths");
  const codes = types instanceof Vec ? (types.a as Uint8Array) : [(types as Atom).v as number];
  const letters = Array.from(codes, (c) => String.fromCharCode(c));
  const ws = itemsOf(widths).map(toInt);
  if (ws.length !== letters.length) return qerr("length", "1: needs one width per type letter");
  if (!ws.every((w) => w >= 0)) return qerr("domain", "1: widths must be non-negative integers");
  const fields: Field[] = [];
  let size = 0;
  letters.forEach((letter, i) => {
    fields.push({ letter, width: ws[i], offset: size });
    size += ws[i];
  });
  if (!(size > 0)) return qerr("domain", "1: records must be at least one byte wide");
  return { fields, size, bigEndian };
}

/** One column of `n` records of `size` bytes from `bytes`. */
function binaryColumn(bytes: Uint8Array, f: Field, n: number, size: number, bigEndian: boolean): Value {
  if (f.letter === "*" || f.letter === "s") {
    const cells = Array.from({ length: n }, (_, i) => bytes.slice(i * size + f.offset, i * size + f.offset + f.width));
    if (f.letter === "*") return new List(cells.map((c) => new Vec(10, c)));
    return symVector(cells.map((c) => utf8.decode(c.subarray(0, endOfText(c)))));
  }
  const t = typeOfLetter(f.letter) ?? qerr("type", `1: unknown type letter ${JSON.stringify(f.letter)}`);
  const w = elemSize(t);
  if (w !== f.width) return qerr("length", `1: type ${f.letter} is ${w} bytes wide, not ${f.width}`);
  const a = new (ctorOf(t))(t === 2 ? n * w : n);
  const out = new Uint8Array(a.buffer);
  for (let i = 0; i < n; i++) {
    const src = i * size + f.offset, dst = i * w;
    for (let j = 0; j < w; j++) out[dst + j] = bytes[src + (bigEndian ? w - 1 - j : j)];
  }
  return new Vec(t, a);
}

/** Length of the text in a fixed-width cell (up to its first NUL). */
function endOfText(c: Uint8Array): number {
  const z = c.indexOf(0);
  return z < 0 ? c.length : z;
}

/** The bytes `1:` reads records from: bytes or chars (atom or vector), or a file or file descriptor. */
function recordBytes(y: Value): Uint8Array {
  if (y instanceof Vec && (y.t === 4 || y.t === 10)) return y.a as Uint8Array;
  if (y instanceof Atom && (y.t === -4 || y.t === -10)) return Uint8Array.of(y.v as number);
  return descriptorBytes(descriptor(y, "1:"));
}

/** `(types;widths) 1: y`: the records in y (bytes, a string, a file or descriptor) as a list of columns. */
function readBinary(x: Value, y: Value): Value {
  const { fields, size, bigEndian } = recordLayout(x);
  const bytes = recordBytes(y);
  const n = Math.floor(bytes.length / size);
  return new List(fields.filter((f) => f.letter !== " ").map((f) => binaryColumn(bytes, f, n, size, bigEndian)));
}

/** `` `:f 1: bytes``: writes the bytes (or chars) to the file; returns the file symbol. */
function writeBinary(x: Value, y: Value): Value {
  const path = pathOf(x, "1:");
  if (!(y instanceof Vec && (y.t === 4 || y.t === 10))) return qerr("type", "1: writes a byte vector or a string");
  writeAtomic(path, y.a as Uint8Array);
  return x;
}

/** `x 1: y`: File Binary, reading records or writing bytes (reference: ref/file-binary.md). */
export function fileBinary(x: Value, y: Value): Value {
  return filePath(x) !== undefined ? writeBinary(x, y) : readBinary(x, y);
}

// ---------------------------------------------------------------- -8! -9!

/** `-8!x`: the IPC message serializing x, as bytes. */
export function toBytes(x: Value): Value {
  return new Vec(4, serialize(x));
}

/** `-9!x`: the value an IPC message (a byte vector) serializes. */
export function fromBytes(x: Value): Value {
  if (!(x instanceof Vec && x.t === 4)) return qerr("type", "-9! needs a byte vector (as -8! makes)");
  return deserialize(x.a as Uint8Array);
}

// ---------------------------------------------------------------- save family

/** A name given to `save`/`load`: `[path/]v[.ext]`, with or without a leading colon. */
interface SaveName {
  /** The file path. */
  path: string;
  /** The global variable: the file name without its extension. */
  name: string;
  /** The extension, lower case, or "". */
  ext: string;
  /** The path ended in `/`: the table is splayed there. */
  splayed: boolean;
}

/** Splits a `save`/`load` name into path, variable and extension. */
function saveName(s: string): SaveName {
  const given = s.startsWith(":") ? s.slice(1) : s, splayed = given.endsWith("/");
  const path = splayed ? given.replace(/\/+$/, "") : given;
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (!base) return qerr("type", `${s} does not name a file`);
  return dot > 0 && !splayed
    ? { path, name: base.slice(0, dot), ext: base.slice(dot + 1).toLowerCase(), splayed }
    : { path, name: base, ext: "", splayed };
}

/** Text formats of `save`/`load` (by extension); others are binary (no extension) or not available. */
const TEXT_EXTENSIONS = new Set(["csv", "txt"]);

/** Fails for an extension `save`/`load` cannot handle. */
function unsupported(n: SaveName): never {
  return qerr("nyi", `${n.path}: .${n.ext} files cannot be saved or loaded (use no extension, .csv or .txt)`);
}

/** A table to write as text: a keyed table is written with its key columns; other values cannot be. */
function textTable(v: Value, n: SaveName): Table {
  if (isKeyed(v)) return unkey(v as Dict);
  return v instanceof Table ? v : qerr("type", `${n.path}: only tables can be saved as .${n.ext}`);
}

/** Writes global `n.name` to its file in the format its extension names. */
function saveOne(s: string): string {
  const n = saveName(s);
  const v = host.lookup(n.name);
  if (n.splayed) {
    host.storage.set(`${n.path}/`, v);
    return `:${n.path}/`;
  }
  if (n.ext === "") writeValueFile(n.path, v);
  else if (TEXT_EXTENSIONS.has(n.ext)) saveText(n.path, textTable(v, n));
  else unsupported(n);
  return `:${n.path}`;
}

/** `save x`: writes each named global to a file of its name; returns the file symbols (reference: ref/save.md). */
export function save(x: Value): Value {
  return eachSym(x, "save", saveOne);
}

/** The value of a data file, or of a directory as a dictionary of its entries' values. */
function loadPath(path: string): Value {
  if (!isDirectory(path)) return readValueFile(path); // missing: reading the file names it in the error
  const names = [...Deno.readDirSync(path)].map((e) => e.name).filter((n) => !isLockFile(n)).sort();
  if (names.includes(META_FILE)) return host.storage.get(`${path}/`);
  return new Dict(symVector(names), fromItems(names.map((e) => loadPath(`${path}/${e}`))));
}

/** Reads a file named as `save` names it into the global of its name. */
function loadOne(s: string): string {
  const n = saveName(s);
  const v = n.splayed
    ? host.storage.get(`${n.path}/`)
    : n.ext === ""
    ? loadPath(n.path)
    : TEXT_EXTENSIONS.has(n.ext)
    ? loadText(n.path)
    : unsupported(n);
  host.assign(n.name, v);
  return n.name;
}

/** `load x`: reads each named data file (or directory) into the global of its name; returns the names. */
export function load(x: Value): Value {
  return eachSym(x, "load", loadOne);
}

/** The name of a global table argument (an optional leading colon is dropped). */
function tableName(s: string): string {
  return s.startsWith(":") ? s.slice(1) : s;
}

/** `rsave x`: splays the table named x to the directory of its name; returns `` `:x/`` (reference: ref/save.md). */
export function rsave(x: Value): Value {
  return eachSym(x, "rsave", (s) => {
    const name = tableName(s);
    host.storage.set(`${name}/`, host.lookup(name));
    return `:${name}/`;
  });
}

/** `rload x`: reads the splayed table in directory x into the global x; returns x (reference: ref/load.md). */
export function rload(x: Value): Value {
  return eachSym(x, "rload", (s) => {
    const name = tableName(s);
    host.assign(name, host.storage.get(`${name}/`));
    return name;
  });
}

/** True when every value of `x` occurs in one contiguous run (what the parted attribute needs). */
function isParted(x: Vec): boolean {
  const n = x.n, seen = new Set<unknown>();
  const item = x.t === 2
    ? (i: number) => (x.a as Uint8Array).subarray(16 * i, 16 * i + 16).join()
    : (i: number) => x.a[i];
  for (let i = 0; i < n; i++) {
    const v = item(i);
    if (i > 0 && Object.is(v, item(i - 1))) continue;
    if (seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

/** The table with the parted attribute on its first column ('u-fail when it is not parted). */
function partedFirst(t: Table, name: string): Table {
  const first = t.data[0];
  if (!(first instanceof Vec)) return t;
  if (!isParted(first)) return qerr("u-fail", `${name}: its first column ${t.cols[0]} is not parted (sort it first)`);
  return new Table(t.cols, [new Vec(first.t, first.a, 3), ...t.data.slice(1)], t.rows);
}

/** The directory a `dsave` path names: a file symbol, or one followed by partition names. */
function dsaveDir(x: Value): string {
  if (x instanceof Atom) return pathOf(x, "dsave");
  if (!(x instanceof Vec && x.t === 11 && x.n > 0)) return qerr("type", "dsave needs a file symbol or symbols");
  const parts = Array.from(x.a as Int32Array, symName);
  return [pathOf(new Atom(-11, intern(parts[0])), "dsave"), ...parts.slice(1)].join("/");
}

/**
 * `x dsave y`: splays each table named in y under directory x (symbols
 * enumerated, the first column parted); returns y (reference: ref/dsave.md).
 */
export function dsave(x: Value, y: Value): Value {
  const dir = dsaveDir(x);
  eachSym(y, "dsave", (name) => {
    const t = host.lookup(name);
    if (!(t instanceof Table)) return qerr("type", `dsave: ${name} is not a table (keyed tables need 0!)`);
    host.storage.set(`${dir}/${name}/`, partedFirst(t, name));
    return name;
  });
  return y;
}

/**
 * `.Q.en[dir;t]`: enters the symbols of t's symbol columns in `dir/sym` and
 * returns t. Its symbols stay symbols: Lsmer enumerates symbol columns
 * against the database's list whenever a table is written under `dir`.
 */
function enumerateIn(dir: Value, t: Value): Value {
  host.storage.enumerate(pathOf(dir, ".Q.en"), t);
  return t;
}

/**
 * `.Q.dpft[d;p;f;t]`: saves global table t as partition p of database d
 * (`d/p/t/`), sorted by column f and with f first, its symbols enumerated
 * against `d/sym`; returns t (reference: ref/dotq.md#dpft).
 */
function dpft([d, p, f, t]: Value[]): Value {
  const root = pathOf(d, ".Q.dpft");
  if (!(p instanceof Atom) || ![-14, -13, -6, -7].includes(p.t)) {
    return qerr("type", ".Q.dpft: the partition is a date, month or int");
  }
  const kind = p.t === -14 ? "date" : p.t === -13 ? "month" : "int";
  if (!(t instanceof Atom && t.t === -11) || !(f instanceof Atom && f.t === -11)) {
    return qerr("type", ".Q.dpft: the field and table are symbols, as in .Q.dpft[`:db;2024.01.02;`sym;`trade]");
  }
  const name = symName(t.v as number);
  const v = host.lookup(name), table = isKeyed(v) ? unkey(v as Dict) : v;
  if (!(table instanceof Table)) return qerr("type", `.Q.dpft: ${name} is not a table`);
  const sorted = xcols(f, xasc(f, table));
  host.storage.set(`${root}/${partitionName(kind, Number(p.v))}/${name}/`, sorted);
  return t;
}

/** Globals defined here, for the session to bind. */
export const FILE_IO_GLOBALS: ReadonlyMap<string, Value> = new Map([
  [".Q.en", kw2(".Q.en", enumerateIn)],
  [".Q.dpft", new Prim(102, ".Q.dpft", 4, undefined, undefined, dpft)],
]);

/** Keywords that read and write files. */
export const FILE_IO_KEYWORDS: readonly Prim[] = [
  kw1("read0", read0),
  kw1("read1", read1),
  kw1("hsym", hsym),
  kw1("hcount", hcount),
  kw1("hdel", hdel),
  kw1("save", save),
  kw1("load", load),
  kw1("rsave", rsave),
  kw1("rload", rload),
  kw2("dsave", dsave),
];
