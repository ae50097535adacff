/**
 * One column of a splayed table on disk. A simple column is one file of
 * fixed-width values; a nested column (each row a vector, e.g. strings) is
 * two: `name` holds each row's end offset (int64) and `name#` the items.
 * Symbol columns hold int32 indices into the database's symbol list.
 *
 * Reads are zero-copy typed-array views over the mapped files (symbol
 * columns are translated to the session's symbol ids). Appends write past
 * the committed rows and raise the header count; the table publishes the
 * new row count afterwards.
 *
 * @module
 */

import { openStoreFile, type StoreFile } from "../../ffi/file.ts";
import { ctorOf, elemSize, isBasic, TYPE_NAMES, type TypedArray } from "../value/types.ts";
import { Atom, count, List, type Value, Vec } from "../value/value.ts";
import { osCall, storageError } from "./errors.ts";
import {
  COUNT_OFFSET,
  decodeHeader,
  encodeCount,
  encodeHeader,
  FileKind,
  FORMAT_VERSION,
  type Header,
  HEADER_SIZE,
} from "./format.ts";
import type { ColumnMeta } from "./meta.ts";
import type { SymFile } from "./symfile.ts";

/** Element width on disk (symbols are int32 indices). */
function width(type: number): number {
  return type === 11 ? 4 : elemSize(type);
}

function header(kind: FileKind, type: number, count: number, attr = 0): Header {
  return {
    version: FORMAT_VERSION,
    kind,
    attr,
    type,
    codec: 0,
    elemSize: kind === FileKind.Offsets ? 8 : width(type),
    count,
  };
}

/** Bytes of a typed array, without copying. */
function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A column's files, open for reading or appending. */
export class ColumnFiles {
  private constructor(
    readonly meta: ColumnMeta,
    private readonly values: StoreFile,
    private readonly data: StoreFile | null,
    private readonly paths: [string, string | null],
  ) {}

  /** Creates the (empty) files of a new column. */
  static create(dir: string, meta: ColumnMeta, sync: boolean): void {
    const path = `${dir}/${meta.name}`;
    const write = (p: string, h: Header) =>
      osCall(p, "create", () => {
        const f = openStoreFile(p, { fresh: true });
        try {
          f.write(0, encodeHeader(h));
          if (sync) f.sync();
        } finally {
          f.close();
        }
      });
    if (meta.nested) {
      write(path, header(FileKind.Offsets, meta.type, 0, meta.attr));
      write(`${path}#`, header(FileKind.Data, meta.type, 0));
    } else write(path, header(FileKind.Values, meta.type, 0, meta.attr));
  }

  /** Opens a column's files and checks their headers against the table's metadata. */
  static open(dir: string, meta: ColumnMeta, write: boolean): ColumnFiles {
    if (!isBasic(meta.type)) {
      storageError("corrupt", `${dir}/.meta`, `column ${meta.name} has unknown type ${meta.type}`);
    }
    const path = `${dir}/${meta.name}`;
    const open = (p: string) => {
      try {
        Deno.statSync(p);
      } catch {
        storageError("corrupt", p, `column file is missing (column ${meta.name})`);
      }
      return osCall(p, "open", () => openStoreFile(p, { write }));
    };
    const values = open(path);
    const data = meta.nested ? open(`${path}#`) : null;
    const col = new ColumnFiles(meta, values, data, [path, meta.nested ? `${path}#` : null]);
    col.checkHeader(values, path, meta.nested ? FileKind.Offsets : FileKind.Values, meta.nested ? 8 : width(meta.type));
    if (data) col.checkHeader(data, `${path}#`, FileKind.Data, width(meta.type));
    return col;
  }

  private checkHeader(f: StoreFile, path: string, kind: FileKind, size: number): Header {
    if (f.size() < HEADER_SIZE) storageError("corrupt", path, `file is ${f.size()} bytes, shorter than its header`);
    const h = decodeHeader(f.peek(0, HEADER_SIZE));
    if (typeof h === "string") return storageError("corrupt", path, h);
    if (h.version !== FORMAT_VERSION) {
      storageError("version", path, `format version ${h.version}; this borf reads version ${FORMAT_VERSION}`);
    }
    if (h.kind !== kind) storageError("corrupt", path, `file kind ${h.kind}, expected ${kind}`);
    if (h.type !== this.meta.type) {
      storageError(
        "corrupt",
        path,
        `holds ${TYPE_NAMES[h.type] ?? `type ${h.type}`} but the table says ${TYPE_NAMES[this.meta.type]}`,
      );
    }
    if (h.elemSize !== size) storageError("corrupt", path, `element size ${h.elemSize}, expected ${size}`);
    if (h.codec !== 0) storageError("nyi", path, `codec ${h.codec} is not supported by this borf`);
    return h;
  }

  private headerCount(f: StoreFile): number {
    return (decodeHeader(f.peek(0, HEADER_SIZE)) as Header).count;
  }

  /** Rows the column files hold (may exceed the committed count after a crash). */
  written(): number {
    return this.headerCount(this.values);
  }

  /** Item count of the data file of a nested column after `rows` rows. */
  private dataEnd(rows: number): number {
    if (rows === 0) return 0;
    const off = this.values.peek(HEADER_SIZE + (rows - 1) * 8, 8);
    return Number(new BigInt64Array(off.buffer, 0, 1)[0]);
  }

  /** Checks that the files hold at least `rows` committed rows. */
  check(rows: number): void {
    const [vp, dp] = this.paths;
    const need = HEADER_SIZE + rows * (this.meta.nested ? 8 : width(this.meta.type));
    if (this.written() < rows || this.values.size() < need) {
      storageError(
        "corrupt",
        vp,
        `holds ${
          Math.max(0, Math.floor((this.values.size() - HEADER_SIZE) / (this.meta.nested ? 8 : width(this.meta.type))))
        } rows but ${rows} are committed (file truncated)`,
      );
    }
    if (this.data) {
      const items = this.dataEnd(rows);
      if (items < 0 || this.data.size() < HEADER_SIZE + items * width(this.meta.type)) {
        storageError("corrupt", dp!, `holds fewer items than its ${rows} committed rows need`);
      }
    }
  }

  /** Cuts the files back to `rows` rows: drops a torn tail left by an interrupted append. */
  trim(rows: number): void {
    const [vp, dp] = this.paths;
    const w = this.meta.nested ? 8 : width(this.meta.type);
    if (this.data) {
      const items = this.dataEnd(rows);
      osCall(dp!, "trim", () => {
        this.data!.truncate(HEADER_SIZE + items * width(this.meta.type));
        this.data!.write(COUNT_OFFSET, encodeCount(items));
      });
    }
    osCall(vp, "trim", () => {
      this.values.truncate(HEADER_SIZE + rows * w);
      this.values.write(COUNT_OFFSET, encodeCount(rows));
    });
  }

  /** The first `rows` rows as a value: a vector view, or a list of vector views. */
  read(rows: number, syms: SymFile): Value {
    const t = this.meta.type;
    if (!this.meta.nested) return new Vec(t, this.typed(this.values, t, rows, syms), this.meta.attr);
    const offs = this.values.read(HEADER_SIZE, rows * 8);
    const ends = new BigInt64Array(offs.buffer, offs.byteOffset, rows);
    const total = rows ? Number(ends[rows - 1]) : 0;
    const items = this.typed(this.data!, t, total, syms);
    const out = new Array<Value>(rows);
    let start = 0;
    for (let i = 0; i < rows; i++) {
      const end = Number(ends[i]);
      out[i] = new Vec(t, items.subarray(t === 2 ? start * 16 : start, t === 2 ? end * 16 : end));
      start = end;
    }
    return new List(out);
  }

  /** `n` elements of type t after the header; symbol indices become session symbol ids. */
  private typed(f: StoreFile, t: number, n: number, syms: SymFile): TypedArray {
    const bytes = f.read(HEADER_SIZE, n * width(t));
    if (t === 11) return syms.toIds(new Int32Array(bytes.buffer, bytes.byteOffset, n));
    const C = ctorOf(t);
    return new C(bytes.buffer as ArrayBuffer, bytes.byteOffset, t === 2 ? n * 16 : n);
  }

  /**
   * Appends rows after the first `rows` committed ones: writes the values
   * (and items), then raises the header counts. `v` must already be of the
   * column's type (checked by the table).
   */
  append(rows: number, v: Value, syms: SymFile, sync: boolean): void {
    const [vp, dp] = this.paths;
    const t = this.meta.type;
    if (!this.meta.nested) {
      const a = this.encode(v as Vec, syms, sync);
      osCall(vp, "append", () => {
        this.values.write(HEADER_SIZE + rows * width(t), bytesOf(a));
        if (sync) this.values.sync();
        this.values.write(COUNT_OFFSET, encodeCount(rows + count(v)));
      });
      return;
    }
    const list = (v as List).a as Vec[];
    let items = this.dataEnd(rows);
    const ends = new BigInt64Array(list.length);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < list.length; i++) {
      const a = this.encode(list[i], syms, sync);
      parts.push(bytesOf(a));
      items += list[i].n;
      ends[i] = BigInt(items);
    }
    const start = this.dataEnd(rows);
    osCall(dp!, "append", () => {
      let off = HEADER_SIZE + start * width(t);
      for (const p of parts) {
        this.data!.write(off, p);
        off += p.length;
      }
      if (sync) this.data!.sync();
      this.data!.write(COUNT_OFFSET, encodeCount(items));
    });
    osCall(vp, "append", () => {
      this.values.write(HEADER_SIZE + rows * 8, bytesOf(ends));
      if (sync) this.values.sync();
      this.values.write(COUNT_OFFSET, encodeCount(rows + list.length));
    });
  }

  /** The on-disk elements of a vector (symbols as database indices). */
  private encode(v: Vec, syms: SymFile, sync: boolean): TypedArray {
    return v.t === 11 ? syms.enumerate(v.a as Int32Array, sync) : v.a;
  }

  /** Closes the files. */
  close(): void {
    this.values.close();
    this.data?.close();
  }
}

/** True when `v` can be appended to a column described by `meta`. */
export function fits(meta: ColumnMeta, v: Value): boolean {
  if (!meta.nested) return v instanceof Vec && v.t === meta.type;
  return v instanceof List && v.a.every((r) => r instanceof Vec && r.t === meta.type);
}

/** The column description for an in-memory column value, or a reason it cannot be stored. */
export function describe(name: string, v: Value): ColumnMeta | string {
  if (v instanceof Vec) return { name, type: v.t, nested: false, attr: v.attr };
  if (v instanceof List) {
    const first = v.a[0];
    if (first === undefined) return `column ${name} is an empty general list: its type is unknown`;
    if (first instanceof Vec && v.a.every((r) => r instanceof Vec && r.t === first.t)) {
      return { name, type: first.t, nested: true, attr: 0 };
    }
    if (first instanceof Atom) return `column ${name} mixes atoms of different types`;
    return `column ${name} holds items of different types; only lists of one vector type can be stored`;
  }
  return `column ${name} is not a list`;
}
