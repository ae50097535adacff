/**
 * The database's symbol list, `db/sym`, shared by its tables: symbol
 * columns store int32 indices into it (q's enumeration). It only grows:
 * new symbols are written after the last committed one, then the header
 * count is raised. Writers of different tables serialise on `sym.lock`.
 *
 * @module
 */

import { openStoreFile, type StoreFile } from "../../ffi/file.ts";
import * as c from "../../ffi/libc.ts";
import { intern, symName } from "../value/sym.ts";
import { osCall, storageError } from "./errors.ts";
import { IntList, NameList } from "./names.ts";
import {
  COUNT_OFFSET,
  decodeHeader,
  encodeCount,
  encodeHeader,
  FileKind,
  FORMAT_VERSION,
  HEADER_SIZE,
} from "./format.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A database's symbol list. Names are interned into the process symbol
 * table lazily, when a column that uses them is read, so opening a
 * database with millions of symbols costs one decode of the list; a
 * writer interns them all on its first append to find which are new.
 */
export class SymFile {
  /** Text of each database symbol index. */
  private names = new NameList();
  /** Interned (process) symbol id of each database symbol index, -1 until interned. */
  private ids = new IntList();
  /** Database index + 1 of each interned symbol id (0: not in this database); complete once `indexed`. */
  private slot = new Int32Array(0);
  /** Whether every database symbol has been interned and recorded in `slot`. */
  private indexed = false;
  /** Byte offset just past the last committed symbol. */
  private end = HEADER_SIZE;

  private constructor(readonly path: string, private file: StoreFile, readonly writable: boolean) {}

  /** Opens (with `write`, creating when missing) the symbol list of database `dir`. */
  static open(dir: string, write: boolean): SymFile {
    const path = `${dir}/sym`;
    let exists = true;
    try {
      Deno.statSync(path);
    } catch {
      exists = false;
    }
    if (!exists && !write) return new SymFile(path, emptyReader(path), false);
    const file = osCall(path, "open", () => openStoreFile(path, { write, create: write }));
    const s = new SymFile(path, file, write);
    if (!exists || file.size() === 0) {
      osCall(path, "write", () => file.write(0, encodeHeader(symHeader(0))));
    }
    s.refresh();
    return s;
  }

  /** Number of committed symbols. */
  get count(): number {
    return this.names.length;
  }

  /** Reads symbols committed since the last look (by this or another process). */
  refresh(): void {
    this.file.invalidate();
    if (this.file.size() === 0) return;
    const h = decodeHeader(this.file.peek(0, HEADER_SIZE));
    if (typeof h === "string") storageError("corrupt", this.path, h);
    if (h.version !== FORMAT_VERSION) {
      storageError("version", this.path, `format version ${h.version}; this borf reads ${FORMAT_VERSION}`);
    }
    if (h.kind !== FileKind.Symbols) storageError("corrupt", this.path, "not a symbol list");
    if (h.count === this.names.length) return;
    const size = this.file.size();
    const bytes = this.file.read(0, size);
    // the new symbols: h.count - known names, each ended by a NUL, decoded in one go
    const want = h.count - this.names.length;
    let pos = this.end, seen = 0;
    while (seen < want) {
      const nul = bytes.indexOf(0, pos);
      if (nul < 0) {
        storageError("corrupt", this.path, `holds ${this.names.length + seen} of its ${h.count} symbols (truncated)`);
      }
      seen++;
      pos = nul + 1;
    }
    this.add(decoder.decode(bytes.subarray(this.end, pos)), want);
    this.end = pos;
  }

  /** Appends `count` names (each followed by a NUL in `text`) to the in-memory list. */
  private add(text: string, count: number): void {
    const from = this.names.length;
    this.names.append(text, count);
    this.ids.fill(-1, count);
    if (this.indexed) { for (let k = from; k < this.names.length; k++) this.record(k); }
  }

  /** The process symbol id of database index `k`, interning it on first use. */
  private idOf(k: number): number {
    let id = this.ids.at(k);
    if (id < 0) this.ids.set(k, id = intern(this.names.get(k)));
    return id;
  }

  /** Database index of interned symbol `id`, or -1 (interns the whole list on first use). */
  private indexOf(id: number): number {
    if (!this.indexed) {
      this.indexed = true;
      for (let k = 0; k < this.names.length; k++) this.record(k);
    }
    return id < this.slot.length ? this.slot[id] - 1 : -1;
  }

  /** Records database index `k` in the slot of its interned symbol. */
  private record(k: number): void {
    const id = this.idOf(k);
    if (id >= this.slot.length) {
      const grown = new Int32Array(Math.max(id + 1, this.slot.length * 2, 1024));
      grown.set(this.slot);
      this.slot = grown;
    }
    this.slot[id] = k + 1;
  }

  /** Interned symbol ids for database indices (the in-memory form of a symbol column). */
  toIds(indices: Int32Array): Int32Array {
    const out = new Int32Array(indices.length);
    const ids = this.ids.view(), n = ids.length;
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      if (k < 0 || k >= n) {
        storageError("corrupt", this.path, `a symbol column refers to symbol ${k}, but the list has ${n}`);
      }
      const id = ids[k];
      out[i] = id >= 0 ? id : this.idOf(k);
    }
    return out;
  }

  /**
   * Database indices for interned symbol ids, appending unknown symbols to
   * the list first (writers only). Holds the database's symbol lock while
   * it appends, so writers of different tables do not collide.
   */
  enumerate(ids: Int32Array, sync: boolean): Int32Array {
    const out = new Int32Array(ids.length);
    let missing = false;
    for (let i = 0; i < ids.length; i++) {
      const k = this.indexOf(ids[i]);
      if (k < 0) missing = true;
      else out[i] = k;
    }
    if (!missing) return out;
    if (!this.writable) storageError("os", this.path, "symbol list is open read-only");
    this.withLock(() => {
      this.refresh();
      const fresh = new Set<number>();
      for (let i = 0; i < ids.length; i++) if (this.indexOf(ids[i]) < 0) fresh.add(ids[i]);
      if (fresh.size) this.append([...fresh], sync);
    });
    for (let i = 0; i < ids.length; i++) out[i] = this.indexOf(ids[i]);
    return out;
  }

  private append(fresh: number[], sync: boolean): void {
    const text = fresh.map(symName).join("\0") + "\0";
    const buf = encoder.encode(text);
    const total = buf.length;
    osCall(this.path, "append symbols", () => {
      this.file.write(this.end, buf);
      if (sync) this.file.sync();
      this.file.write(COUNT_OFFSET, encodeCount(this.names.length + fresh.length));
      if (sync) this.file.sync();
    });
    this.add(text, fresh.length);
    this.end += total;
  }

  /** Trims bytes past the last committed symbol (left by a crash mid-append). */
  trimTail(): void {
    if (!this.writable) return;
    this.withLock(() => {
      this.refresh();
      if (this.file.size() > this.end) osCall(this.path, "trim", () => this.file.truncate(this.end));
    });
  }

  private withLock(f: () => void): void {
    const lockPath = `${this.path}.lock`;
    if (c.libc()) {
      const fd = osCall(lockPath, "open", () => c.open(lockPath, c.O.RDWR | c.O.CREAT));
      try {
        osCall(lockPath, "lock", () => c.flock(fd, c.LOCK.EX, lockPath));
        f();
      } finally {
        c.flock(fd, c.LOCK.UN, lockPath);
        c.close(fd);
      }
      return;
    }
    const file = osCall(lockPath, "open", () => Deno.openSync(lockPath, { read: true, write: true, create: true }));
    try {
      file.lockSync(true);
      f();
    } finally {
      file.unlockSync();
      file.close();
    }
  }

  /** Closes the file. */
  close(): void {
    this.file.close();
  }
}

function symHeader(count: number) {
  return { version: FORMAT_VERSION, kind: FileKind.Symbols, attr: 0, type: 11, codec: 0, elemSize: 0, count };
}

/** A stand-in for a database that has no symbol list yet (no symbol columns). */
function emptyReader(path: string): StoreFile {
  return {
    path,
    size: () => 0,
    read: () => new Uint8Array(0),
    peek: () => new Uint8Array(0),
    write: () => storageError("os", path, "read-only"),
    truncate: () => {},
    sync: () => {},
    invalidate: () => {},
    close: () => {},
  };
}
