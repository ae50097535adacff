/**
 * File Text `0:` in its five forms, the `csv` delimiter, and `.Q.fs` /
 * `.Q.fsn` (reference: ref/file-text.md, ref/dotq.md#fs-file-streaming):
 *
 * - `","  0: t`                  Prepare Text: a table as delimited lines
 * - `` `:f 0: lines``            Save Text: lines written to a file
 * - `("SJF";",") 0: y`           Load CSV (enlisted delimiter: header → table)
 * - `("SJF";3 5 8) 0: y`         Load Fixed (field widths)
 * - `"S=;" 0: text`              Key-Value Pairs
 *
 * The loads take a file symbol, `(file;offset;length)`, a list of strings,
 * or one string (one record: a list of atoms). The work is in src/io.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { joinRecords, keyValues, LineWriter, loadBytes, type TextFormat } from "../io/csv.ts";
import { readBytes, writeAtomic } from "../io/files.ts";
import { fileStream, type Loaded, loadFile } from "../io/stream.ts";
import { fromItems, vecItem } from "../value/items.ts";
import { Atom, char, Dict, isKeyed, List, long, Prim, str, Table, text, type Value, Vec } from "../value/value.ts";
import { apply1 } from "./apply.ts";
import { kw2 } from "./define.ts";
import { host } from "./host.ts";
import { toInt } from "./list.ts";
import { filePath } from "./persist.ts";

/** `x 0: y` */
export function fileText(x: Value, y: Value): Value {
  if (x instanceof Atom && x.t === -10) return prepareText(String.fromCharCode(x.v as number), y);
  const path = filePath(x);
  if (path !== undefined) return saveLines(x, path, y);
  if (x instanceof Vec && x.t === 10) return new List(keyValues(text(x), bytesOf(y, "key-value pairs")));
  if (x instanceof List && (x.n === 2 || x.n === 3)) return loadText(x.a, y);
  return qerr("type", "0: takes a delimiter, a file symbol, (types;delimiter) or (types;widths) on the left");
}

// ------------------------------------------------------------------ prepare and save

/** Prepare Text: the rows of a table (header first) or of a list of columns as delimited strings. */
function prepareText(delim: string, y: Value): Value {
  const t = isKeyed(y) ? unkeyed(y as Dict) : y;
  let w: LineWriter;
  if (t instanceof Table) w = new LineWriter(t.data, delim, host.precision(), t.cols);
  else if (t instanceof List) w = new LineWriter(t.a, delim, host.precision());
  else return qerr("type", "Prepare Text takes a table or a list of columns");
  return new List(w.lines().map(str));
}

/** The columns of a keyed table as one table (`0!t`). */
function unkeyed(kt: Dict): Table {
  const k = kt.k as Table, v = kt.v as Table;
  return new Table([...k.cols, ...v.cols], [...k.data, ...v.data]);
}

/** Save Text: writes each string as a line of file `path`; returns the file symbol. */
function saveLines(handle: Value, path: string, y: Value): Value {
  const lines = y instanceof List
    ? y.a.map((s) => charBytes(s, "Save Text"))
    : qerr("type", "Save Text takes a list of strings");
  writeAtomic(path, joinRecords(lines));
  return handle;
}

// ------------------------------------------------------------------ load

/** The text of a char atom or string. */
function charsOf(x: Value, what: string): string {
  if (x instanceof Vec && x.t === 10) return text(x);
  if (x instanceof Atom && x.t === -10) return String.fromCharCode(x.v as number);
  return qerr("type", `${what} must be a string`);
}

/** The record layout of a `0:` left argument `(types; delimiter or widths[; flag])`. */
function formatOf(spec: Value[]): TextFormat {
  const [types, sep, flag] = spec;
  const format: TextFormat = {
    types: charsOf(types, "the column types"),
    multiline: flag !== undefined && isTrue(flag),
  };
  if (sep instanceof Atom && sep.t === -10) return { ...format, delim: sep.v as number };
  if (sep instanceof Vec && sep.t === 10 && sep.n === 1) return { ...format, delim: sep.a[0] as number, header: true };
  if (sep instanceof Vec && (sep.t === 6 || sep.t === 7) || sep instanceof Atom && (sep.t === -6 || sep.t === -7)) {
    const widths = sep instanceof Vec ? Array.from(sep.a as ArrayLike<number | bigint>, Number) : [Number(sep.v)];
    return { ...format, widths };
  }
  return qerr("type", "the delimiter is a char (enlisted for a header) or the field widths are ints");
}

/** True for a non-zero boolean or integer atom (the multiline flag). */
function isTrue(x: Value): boolean {
  return toInt(x) !== 0;
}

/** Load CSV / Load Fixed of a file, a file range, a list of strings, or one string. */
function loadText(spec: Value[], y: Value): Value {
  const format = formatOf(spec);
  const path = filePath(y);
  if (path !== undefined) return result(loadFile(path, format));
  if (y instanceof List && y.n === 3 && filePath(y.a[0]) !== undefined) {
    const file = filePath(y.a[0])!;
    const bytes = readBytes(file, toInt(y.a[1]), toInt(y.a[2]));
    return result(loadBytes({ ...format, source: file }, bytes));
  }
  if (y instanceof Vec && y.t === 10 && !format.header) {
    // one record: a list of atoms
    const { columns } = loadBytes(format, joinRecords([y.a as Uint8Array]));
    return fromItems(columns.map((c) => c instanceof Vec ? vecItem(c, 0) : (c as List).a[0]));
  }
  return result(loadBytes(format, bytesOf(y, "0:")));
}

/** A table when there was a header, else the list of columns. */
function result({ names, columns }: Loaded): Value {
  return names ? new Table(names, columns) : new List(columns);
}

/** The bytes of a string, or of a list of strings as lines. */
function bytesOf(y: Value, what: string): Uint8Array {
  if (y instanceof Vec && y.t === 10) return y.a as Uint8Array;
  if (y instanceof List) return joinRecords(y.a.map((s) => charBytes(s, what)));
  return qerr("type", `${what} reads a string, a list of strings or a file`);
}

/** The bytes of a string or char atom (one record or line). */
function charBytes(s: Value, what: string): Uint8Array {
  if (s instanceof Vec && s.t === 10) return s.a as Uint8Array;
  if (s instanceof Atom && s.t === -10) return Uint8Array.of(s.v as number);
  return qerr("type", `${what} reads strings`);
}

// ------------------------------------------------------------------ .Q.fs

/** `.Q.fs[f;file]`, `.Q.fsn[f;file;size]`: applies f to lumps of whole lines; returns the bytes read. */
function fs(f: Value, file: Value, size?: Value): Value {
  const path = filePath(file) ?? qerr("type", ".Q.fs reads a file symbol such as `:data.csv");
  const n = size === undefined ? undefined : toInt(size);
  if (n !== undefined && !(n > 0)) return qerr("domain", ".Q.fsn takes a positive chunk size");
  return long(fileStream((lines) => void apply1(f, lines), path, n));
}

/** Globals defined here, for the session to bind: `csv` (the char `","`), `.Q.fs` and `.Q.fsn`. */
export const TEXT_IO_GLOBALS: ReadonlyMap<string, Value> = new Map<string, Value>([
  [".q.csv", char(44)],
  [".Q.fs", kw2(".Q.fs", (f, file) => fs(f, file))],
  [".Q.fsn", new Prim(102, ".Q.fsn", 3, undefined, undefined, ([f, file, size]) => fs(f, file, size))],
]);
