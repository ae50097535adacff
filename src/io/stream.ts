/**
 * Text files in chunks: loading a file of records in large reads (with a
 * progress bar on a terminal), q's `.Q.fs` / `.Q.fsn` (a function applied
 * to lumps of whole lines), streaming a CSV file into a splayed table with
 * bounded memory, and `save` / `load` of `.csv` and `.txt` files.
 *
 * References: ref/dotq.md (`.Q.fs`, `.Q.fsn`), kb/loading-from-large-files.md,
 * ref/save.md (text formats).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { host } from "../prim/host.ts";
import type { ColumnMeta } from "../storage/meta.ts";
import { SplayedTable } from "../storage/table.ts";
import { List, Table, text, type Value, type Vec } from "../value/value.ts";
import { LineWriter, loadBytes, type TextFormat, TextLoader } from "./csv.ts";
import { onFile, readBytes, splitLines, writeAtomic } from "./files.ts";

/** Bytes read at a time when loading a file. */
export const CHUNK_BYTES = 1 << 24;
/** Bytes read at a time when streaming into a splayed table: little data on the JS heap at once. */
export const SPLAY_CHUNK_BYTES = 1 << 20;
/** Bytes per lump of `.Q.fs` (q's default). */
export const FS_CHUNK_BYTES = 131_000;

const NL = 10;

// ------------------------------------------------------------------ progress

/** A progress bar on stderr, drawn only when stderr is a terminal. */
export class Progress {
  private last = 0;
  private readonly t0 = performance.now();
  private readonly encoder = new TextEncoder();

  private constructor(private readonly label: string, private readonly total: number) {}

  /** A bar for `total` bytes, or undefined when stderr is not a terminal. */
  static start(label: string, total: number): Progress | undefined {
    return Deno.stderr.isTerminal() && total > 0 ? new Progress(label, total) : undefined;
  }

  /** Shows `done` bytes (redrawn at most ten times a second). */
  update(done: number): void {
    const now = performance.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const frac = Math.min(1, done / this.total), width = 30, filled = Math.round(frac * width);
    const mb = (b: number) => (b / 1e6).toFixed(0);
    const rate = done / 1e6 / Math.max(1e-3, (now - this.t0) / 1000);
    this.draw(
      `\r${this.label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
        `${mb(done)}/${mb(this.total)} MB ${rate.toFixed(0)} MB/s`,
    );
  }

  /** Clears the bar. */
  done(): void {
    this.draw("\r\x1b[2K");
  }

  private draw(s: string): void {
    Deno.stderr.writeSync(this.encoder.encode(s));
  }
}

// ------------------------------------------------------------------ chunked reading

/** Where the whole records in `buf[0, len)` end (0 when there is none yet). */
export type RecordsEnd = (buf: Uint8Array, len: number) => number;
/** Receives whole records in `buf[0, end)`; the buffer is reused afterwards. */
export type RecordsSink = (buf: Uint8Array, end: number) => void;

/** Options of {@link readRecords}. */
export interface ReadOptions {
  /** Bytes per read (default {@link CHUNK_BYTES}). */
  chunkBytes?: number;
  /** Label of a progress bar (shown only on a terminal); none when undefined. */
  progress?: string;
}

/** Reads into `buf[from, to)` until it is full or the file ends; the bytes read. */
function readInto(file: Deno.FsFile, path: string, buf: Uint8Array, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const got = onFile(path, () => file.readSync(buf.subarray(at, to)));
    if (got === null) break;
    at += got;
  }
  return at - from;
}

/**
 * Reads the file `path` in large chunks and hands `sink` whole records
 * only (as `end` finds them), carrying a partial record over to the next
 * read; a record longer than a chunk grows the buffer. The last record
 * gets a line break if it has none. Returns the bytes read.
 */
export function readRecords(path: string, end: RecordsEnd, sink: RecordsSink, opts: ReadOptions = {}): number {
  const file = onFile(path, () => Deno.openSync(path, { read: true }));
  let total = 0, bar: Progress | undefined;
  try {
    const size = onFile(path, () => file.statSync().size);
    bar = opts.progress === undefined ? undefined : Progress.start(opts.progress, size);
    let buf: Uint8Array = new Uint8Array((opts.chunkBytes ?? CHUNK_BYTES) + 1), len = 0;
    for (;;) {
      if (len === buf.length - 1) buf = larger(buf);
      const got = readInto(file, path, buf, len, buf.length - 1);
      len += got;
      total += got;
      bar?.update(total);
      if (len < buf.length - 1) {
        if (len > 0 && buf[len - 1] !== NL) buf[len++] = NL;
        if (len > 0) sink(buf, len);
        return total;
      }
      const cut = end(buf, len);
      if (cut === 0) continue;
      sink(buf, cut);
      buf.copyWithin(0, cut, len);
      len -= cut;
    }
  } finally {
    file.close();
    bar?.done();
  }
}

/** A buffer twice as large holding the same bytes. */
function larger(buf: Uint8Array): Uint8Array {
  const b = new Uint8Array(buf.length * 2);
  b.set(buf);
  return b;
}

// ------------------------------------------------------------------ loading a file

/** Columns loaded from text, with the names from a header record. */
export interface Loaded {
  names?: string[];
  columns: Value[];
}

/**
 * Loads a whole file of records (the `0:` of a file symbol) in chunks of
 * {@link CHUNK_BYTES}; after the first chunk the columns are sized for the
 * whole file, so they are not copied as they grow.
 */
export function loadFile(path: string, format: TextFormat, opts: ReadOptions = {}): Loaded {
  const loader = new TextLoader({ ...format, source: path });
  const size = onFile(path, () => Deno.statSync(path).size);
  let first = true;
  readRecords(path, (buf, len) => loader.recordsEnd(buf, 0, len), (buf, end) => {
    loader.parse(buf, 0, end);
    if (first && end < size) loader.reserve(Math.ceil((loader.rows * (size - end) / end) * 1.02));
    first = false;
  }, { progress: `loading ${path}`, ...opts });
  return { names: loader.names, columns: loader.take() };
}

// ------------------------------------------------------------------ .Q.fs

/**
 * `.Q.fsn[f;file;size]`: applies `f` to the lines (strings) of each lump
 * of about `size` bytes of whole lines of `path`; returns the bytes read.
 */
export function fileStream(f: (lines: List) => void, path: string, size = FS_CHUNK_BYTES): number {
  return readRecords(
    path,
    (buf, len) => buf.lastIndexOf(NL, len - 1) + 1,
    (buf, end) => f(new List(splitLines(buf.subarray(0, end)))),
    { chunkBytes: size },
  );
}

// ------------------------------------------------------------------ into a splayed table

/** Options of {@link csvToSplayed}. */
export interface SplayOptions {
  /** q type letters, one per field (`*` strings, blank skips). */
  types: string;
  /** Field delimiter (default `,`). */
  delim?: string;
  /** The first line holds column names (default true unless `names` are given). */
  header?: boolean;
  /** Column names (for the kept fields), instead of or overriding the header. */
  names?: string[];
  /** Bytes per chunk (default {@link SPLAY_CHUNK_BYTES}): memory use is a few times this. */
  chunkBytes?: number;
  /** Show a progress bar on a terminal. */
  progress?: boolean;
  /** fsync each append (see storage/table.ts). */
  sync?: boolean;
}

/**
 * Streams the CSV file `path` into splayed table `table` of database `db`
 * (created when it does not exist, appended to when it does), one chunk
 * at a time, so memory stays bounded whatever the file's size. Returns the
 * table's row count.
 */
export function csvToSplayed(path: string, db: string, table: string, opts: SplayOptions): number {
  const header = opts.header ?? opts.names === undefined;
  const loader = new TextLoader({ types: opts.types, delim: delimCode(opts.delim ?? ","), header, source: path });
  let t: SplayedTable | undefined;
  const open = () => (t ??= openTable(db, table, schemaOf(loader, opts.names), !!opts.sync));
  try {
    readRecords(path, (buf, len) => loader.recordsEnd(buf, 0, len), (buf, end) => {
      loader.parse(buf, 0, end);
      open().append(loader.take());
    }, {
      chunkBytes: opts.chunkBytes ?? SPLAY_CHUNK_BYTES,
      progress: opts.progress ? `${path} -> ${db}/${table}` : undefined,
    });
    return open().count;
  } finally {
    (t as SplayedTable | undefined)?.close();
  }
}

/** The byte of a one-character delimiter. */
function delimCode(d: string): number {
  return d.length === 1 ? d.charCodeAt(0) : qerr("length", `the delimiter is one character, not ${JSON.stringify(d)}`);
}

/** Column descriptions of a loader's kept fields, named by `names` or its header. */
function schemaOf(loader: TextLoader, names: string[] | undefined): ColumnMeta[] {
  const kept = loader.kept, cols = names ?? loader.names ?? [];
  if (cols.length !== kept.length) {
    qerr("length", `${kept.length} columns to load but ${cols.length} names (${cols.join(", ")})`);
  }
  return kept.map((f, i) => ({ name: cols[i], type: f.t || 10, nested: f.t === 0, attr: 0 }));
}

/** Opens table `name` of `db` as the writer, creating it with `columns` when it does not exist. */
function openTable(db: string, name: string, columns: ColumnMeta[], sync: boolean): SplayedTable {
  let exists = true;
  try {
    Deno.statSync(`${db}/${name}/.meta`);
  } catch {
    exists = false;
  }
  return exists ? SplayedTable.open(db, name, { write: true, sync }) : SplayedTable.create(db, name, columns, { sync });
}

// ------------------------------------------------------------------ save / load text

/** The delimiter of a text file by its name: `,` for `.csv`, tab for `.txt`. */
function textDelimiter(path: string): string {
  if (/\.csv$/i.test(path)) return ",";
  if (/\.txt$/i.test(path)) return "\t";
  return qerr("type", `${path}: text files are .csv or .txt`);
}

/** Lines encoded as bytes, each followed by a line break (built in batches: no giant string). */
export function linesToBytes(count: number, line: (i: number) => string): Uint8Array {
  const encoder = new TextEncoder(), parts: Uint8Array[] = [];
  let size = 0;
  for (let from = 0; from < count; from += 65536) {
    let s = "";
    for (let i = from; i < Math.min(count, from + 65536); i++) s += line(i) + "\n";
    const b = encoder.encode(s);
    parts.push(b);
    size += b.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Writes table `t` as text (q's `save` of `t.csv` / `t.txt`): a header of
 * column names, then a line per row, comma- or tab-separated by the file
 * name; written to a temporary file and renamed, so a failure leaves no
 * half-written file.
 */
export function saveText(path: string, t: Table): void {
  const w = new LineWriter(t.data, textDelimiter(path), host.precision(), t.cols);
  writeAtomic(path, linesToBytes(w.rows + 1, (i) => (i === 0 ? w.header()! : w.line(i - 1))));
}

/** Patterns of the text of each inferred column type, tried in order. */
const INFERRED: [string, RegExp][] = [
  ["J", /^-?\d{1,18}$/],
  ["F", /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$|^-?0[nw]$/i],
  ["D", /^\d{4}-\d{2}-\d{2}$/],
  ["M", /^\d{4}-\d{2}$/],
  ["P", /^\d{4}-\d{2}-\d{2}[DT]\d{2}:\d{2}(:\d{2}(\.\d*)?)?$/],
  ["N", /^-?\d+D\d{2}:\d{2}:\d{2}(\.\d*)?$/],
  ["T", /^\d{2}:\d{2}:\d{2}\.\d{3}$/],
  ["V", /^\d{2}:\d{2}:\d{2}$/],
  ["U", /^\d{2}:\d{2}$/],
  ["G", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ["C", /^[^0-9]$/],
  ["S", /^[^ "]*$/],
];

/** The type letter for a column of sample texts: the first pattern all non-empty texts match, else `*`. */
export function inferType(texts: readonly string[]): string {
  const present = texts.filter((s) => s !== "");
  if (present.length === 0) return "S";
  return INFERRED.find(([, re]) => present.every((s) => re.test(s)))?.[0] ?? "*";
}

/**
 * Reads a text file written by {@link saveText} (or any file with a header
 * line) back as a table; column types are inferred from the rows in the
 * first MB (longs, floats, temporals, guids, chars, symbols, else strings).
 */
export function loadText(path: string): Table {
  const delim = textDelimiter(path).charCodeAt(0);
  const sample = readBytes(path, 0, 1 << 20);
  const whole = sample.length < 1 << 20 ? sample.length : sample.lastIndexOf(NL) + 1;
  const format = { types: "*".repeat(fieldCount(sample, delim)), delim, source: path };
  const texts = loadBytes(format, sample.subarray(0, whole)).columns as List[];
  const types = texts.map((c) => inferType(c.a.slice(1).map((s) => text(s as Vec))));
  const { names, columns } = loadFile(path, { types: types.join(""), delim, header: true });
  return names ? new Table(names, columns) : qerr("length", `${path}: no header line`);
}

/** Number of fields in the first line of `text` (delimiters outside quotes, plus one). */
function fieldCount(text: Uint8Array, delim: number): number {
  let n = 1, quoted = false;
  for (let i = 0; i < text.length && (quoted || text[i] !== NL); i++) {
    if (text[i] === 34) quoted = !quoted;
    else if (text[i] === delim && !quoted) n++;
  }
  return n;
}
