/**
 * The database's symbol list, `db/sym`, shared by its tables: symbol
 * columns store int32 indices into it (q's enumeration). It only grows:
 * new symbols are written after the last committed one, then the header
 * count is raised. Writers of different tables serialise on `.sym.lock`.
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
  fnv1a,
  FNV_BASIS,
  FORMAT_VERSION,
  HEADER_SIZE,
  SYM_LOCK,
} from "./format.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What this process has read of one symbol list file. The list only grows,
 * so what was read stays true: every opening of the same file (found by its
 * identity, whatever path names it) shares one and reads only what was
 * committed since. A file changed other than by appending (cut short,
 * copied over) is caught by its size and a hash of the bytes read, and
 * read afresh.
 */
class Known {
  /** Text of each database symbol index. */
  names = new NameList();
  /** Interned (process) symbol id of each database symbol index, -1 until interned. */
  ids = new IntList();
  /** Database index + 1 of each interned symbol id (0: not in this database); complete once `indexed`. */
  slot = new Int32Array(0);
  /** Whether every database symbol has been interned and recorded in `slot`. */
  indexed = false;
  /** Byte offset just past the last committed symbol. */
  end = HEADER_SIZE;
  /** FNV-1a hash of the bytes `[HEADER_SIZE, end)`. */
  hash = FNV_BASIS;
  /** Modification time and size of the file when its bytes were last known to hash to `hash`. */
  stamp = "";

  /** Takes in the bytes of newly read or written symbols. */
  grew(bytes: Uint8Array): void {
    this.hash = fnv1a(this.hash, bytes);
    this.end += bytes.length;
  }

  /** True when the file still begins with the bytes known (hashed only when its stamp is not `stamp`). */
  holds(file: StoreFile, stamp: string): boolean {
    if (stamp === this.stamp) return true;
    return file.size() >= this.end && fnv1a(FNV_BASIS, file.read(HEADER_SIZE, this.end - HEADER_SIZE)) === this.hash;
  }
}

/** What is known of each symbol list file, by file identity (device, inode, birth time). */
const KNOWN = new Map<string, Known>();

/**
 * The identity of the file at `path`, its stamp (modification time and
 * size), and whether it was modified in the last few milliseconds: times
 * have millisecond resolution, so such a file could change again unseen
 * within the same millisecond.
 */
function identity(path: string): { key: string; stamp: string; fresh: boolean } {
  const st = Deno.statSync(path);
  const mtime = st.mtime?.getTime() ?? 0;
  return {
    key: `${st.dev}:${st.ino}:${st.birthtime?.getTime() ?? st.ctime?.getTime()}`,
    stamp: `${mtime}:${st.size}`,
    fresh: Date.now() - mtime <= 5,
  };
}

/**
 * The shared {@link Known} of `file` at `path`: a fresh one when it is new,
 * or changed other than by appends. A fresh stamp is not kept (the file is
 * hashed at its next opening) unless this process's own append made it.
 */
function knownOf(path: string, file: StoreFile): Known {
  const { key, stamp, fresh } = identity(path);
  let k = KNOWN.get(key);
  if (!k || !k.holds(file, stamp)) KNOWN.set(key, k = new Known());
  if (!fresh) k.stamp = stamp;
  return k;
}

/**
 * A database's symbol list. Names are interned into the process symbol
 * table lazily, when a column that uses them is read, so opening a
 * database with millions of symbols costs one decode of the list; a
 * writer interns them all on its first append to find which are new.
 */
export class SymFile {
  private constructor(
    readonly path: string,
    private file: StoreFile,
    readonly writable: boolean,
    private known: Known,
  ) {}

  /** Opens (with `write`, creating when missing) the symbol list of database `dir`. */
  static open(dir: string, write: boolean): SymFile {
    const path = `${dir}/sym`;
    let exists = true;
    try {
      Deno.statSync(path);
    } catch {
      exists = false;
    }
    if (!exists && !write) return new SymFile(path, emptyReader(path), false, new Known());
    const file = osCall(path, "open", () => openStoreFile(path, { write, create: write }));
    if (!exists || file.size() === 0) {
      osCall(path, "write", () => file.write(0, encodeHeader(symHeader(0))));
    }
    const s = new SymFile(path, file, write, osCall(path, "stat", () => knownOf(path, file)));
    s.refresh();
    return s;
  }

  /** Number of committed symbols. */
  get count(): number {
    return this.known.names.length;
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
    if (this.file.size() < this.known.end) this.known = knownOf(this.path, this.file); // cut short: read it afresh
    const known = this.known;
    if (h.count === known.names.length) return;
    if (h.count < known.names.length) {
      storageError("corrupt", this.path, `holds ${h.count} symbols, fewer than the ${known.names.length} it held`);
    }
    // the new symbols: h.count - known names, each ended by a NUL, decoded in one go
    const bytes = this.file.read(known.end, this.file.size() - known.end);
    const want = h.count - known.names.length;
    let pos = 0, seen = 0;
    while (seen < want) {
      const nul = bytes.indexOf(0, pos);
      if (nul < 0) {
        storageError("corrupt", this.path, `holds ${known.names.length + seen} of its ${h.count} symbols (truncated)`);
      }
      seen++;
      pos = nul + 1;
    }
    this.add(decoder.decode(bytes.subarray(0, pos)), want);
    known.grew(bytes.subarray(0, pos));
  }

  /** Appends `count` names (each followed by a NUL in `text`) to the in-memory list. */
  private add(text: string, count: number): void {
    const from = this.known.names.length;
    this.known.names.append(text, count);
    this.known.ids.fill(-1, count);
    if (this.known.indexed) { for (let k = from; k < this.known.names.length; k++) this.record(k); }
  }

  /** The process symbol id of database index `k`, interning it on first use. */
  private idOf(k: number): number {
    let id = this.known.ids.at(k);
    if (id < 0) this.known.ids.set(k, id = intern(this.known.names.get(k)));
    return id;
  }

  /** Database index of interned symbol `id`, or -1 (interns the whole list on first use). */
  private indexOf(id: number): number {
    if (!this.known.indexed) {
      this.known.indexed = true;
      for (let k = 0; k < this.known.names.length; k++) this.record(k);
    }
    return id < this.known.slot.length ? this.known.slot[id] - 1 : -1;
  }

  /** Records database index `k` in the slot of its interned symbol. */
  private record(k: number): void {
    const id = this.idOf(k);
    if (id >= this.known.slot.length) {
      const grown = new Int32Array(Math.max(id + 1, this.known.slot.length * 2, 1024));
      grown.set(this.known.slot);
      this.known.slot = grown;
    }
    this.known.slot[id] = k + 1;
  }

  /** Interned symbol ids for database indices (the in-memory form of a symbol column). */
  toIds(indices: Int32Array): Int32Array {
    const out = new Int32Array(indices.length);
    const ids = this.known.ids.view(), n = ids.length;
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
    osCall(this.path, "append symbols", () => {
      this.file.write(this.known.end, buf);
      if (sync) this.file.sync();
      this.file.write(COUNT_OFFSET, encodeCount(this.known.names.length + fresh.length));
      if (sync) this.file.sync();
    });
    this.add(text, fresh.length);
    this.known.grew(buf);
    this.known.stamp = osCall(this.path, "stat", () => identity(this.path).stamp); // ours, under the lock
  }

  /** Trims bytes past the last committed symbol (left by a crash mid-append). */
  trimTail(): void {
    if (!this.writable) return;
    this.withLock(() => {
      this.refresh();
      if (this.file.size() > this.known.end) osCall(this.path, "trim", () => this.file.truncate(this.known.end));
    });
  }

  private withLock(f: () => void): void {
    const lockPath = this.path.replace(/sym$/, SYM_LOCK);
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

/** The symbols (interned ids) of database `dir`'s list, in list order: what `` get `:db/sym`` shows. */
export function symbolsOf(dir: string): Int32Array {
  const syms = SymFile.open(dir, false);
  try {
    return syms.toIds(Int32Array.from({ length: syms.count }, (_, k) => k));
  } finally {
    syms.close();
  }
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
