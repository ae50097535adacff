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

/** A database's symbol list. */
export class SymFile {
  /** Interned (process) symbol id of each database symbol index. */
  private ids: number[] = [];
  /** Database index of each interned symbol id. */
  private index = new Map<number, number>();
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
    return this.ids.length;
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
    if (h.count === this.ids.length) return;
    const size = this.file.size();
    const bytes = this.file.read(0, size);
    let pos = this.end;
    while (this.ids.length < h.count) {
      const nul = bytes.indexOf(0, pos);
      if (nul < 0) storageError("corrupt", this.path, `holds ${this.ids.length} of its ${h.count} symbols (truncated)`);
      const id = intern(decoder.decode(bytes.subarray(pos, nul)));
      this.index.set(id, this.ids.length);
      this.ids.push(id);
      pos = nul + 1;
    }
    this.end = pos;
  }

  /** Interned symbol ids for database indices (the in-memory form of a symbol column). */
  toIds(indices: Int32Array): Int32Array {
    const out = new Int32Array(indices.length);
    const ids = this.ids, n = ids.length;
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      if (k < 0 || k >= n) {
        storageError("corrupt", this.path, `a symbol column refers to symbol ${k}, but the list has ${n}`);
      }
      out[i] = ids[k];
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
      const k = this.index.get(ids[i]);
      if (k === undefined) missing = true;
      else out[i] = k;
    }
    if (!missing) return out;
    if (!this.writable) storageError("os", this.path, "symbol list is open read-only");
    this.withLock(() => {
      this.refresh();
      const fresh = new Set<number>();
      for (let i = 0; i < ids.length; i++) if (!this.index.has(ids[i])) fresh.add(ids[i]);
      if (fresh.size) this.append([...fresh], sync);
    });
    for (let i = 0; i < ids.length; i++) out[i] = this.index.get(ids[i])!;
    return out;
  }

  private append(fresh: number[], sync: boolean): void {
    const parts = fresh.map((id) => encoder.encode(symName(id) + "\0"));
    const total = parts.reduce((a, p) => a + p.length, 0);
    const buf = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      buf.set(p, off);
      off += p.length;
    }
    osCall(this.path, "append symbols", () => {
      this.file.write(this.end, buf);
      if (sync) this.file.sync();
      this.file.write(COUNT_OFFSET, encodeCount(this.ids.length + fresh.length));
      if (sync) this.file.sync();
    });
    for (const id of fresh) {
      this.index.set(id, this.ids.length);
      this.ids.push(id);
    }
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
