/**
 * Files for the storage engine, in two implementations behind one
 * interface:
 *
 * - {@link MappedFile} (with `--allow-ffi`): libc open/pwrite/ftruncate/
 *   fsync, and reads that are zero-copy views of an `mmap` of the file. The
 *   mapping reserves address space far past the end of the file, so the
 *   file grows under it without remapping; a mapping is unmapped only when
 *   the file is closed AND every JS buffer made over it has been garbage
 *   collected, so a live view can never point at unmapped memory.
 * - {@link HeapFile} (without FFI): Deno's file API, with reads served from
 *   a copy of the file in the JS heap, re-read when the file grows.
 *
 * @module
 */

import * as c from "./libc.ts";

/** A file the storage layer reads and appends to. */
export interface StoreFile {
  readonly path: string;
  /** Current size in bytes (as the operating system reports it now). */
  size(): number;
  /** `length` bytes at `offset`; zero-copy over the mapping when mapped. */
  read(offset: number, length: number): Uint8Array;
  /** A copy of `length` bytes at `offset`, read without mapping (for headers and small fields). */
  peek(offset: number, length: number): Uint8Array;
  /** Writes bytes at `offset` (growing the file as needed). */
  write(offset: number, bytes: Uint8Array): void;
  /** Sets the file size. */
  truncate(size: number): void;
  /** Flushes written data to the device (fsync). */
  sync(): void;
  /** Forgets cached contents (another process may have written); a no-op when mapped. */
  invalidate(): void;
  /** Releases the file; views already handed out stay valid. */
  close(): void;
}

/** How to open a store file. */
export interface OpenOptions {
  write?: boolean;
  create?: boolean;
  /**
   * Start from a new, empty file, replacing any file at the path by
   * unlinking it first: whoever still maps or holds the old one (a reader
   * in this or another process) keeps reading it whole, where truncating
   * it in place would pull the pages from under their views.
   */
  fresh?: boolean;
}

/** True when files are memory-mapped (FFI available), false when read into memory. */
export function mapped(): boolean {
  return c.libc() !== null;
}

/** Opens a store file with the best available implementation. */
export function openStoreFile(path: string, opts: OpenOptions = {}): StoreFile {
  if (opts.fresh) {
    try {
      Deno.removeSync(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    opts = { ...opts, write: true, create: true };
  }
  return mapped() ? new MappedFile(path, opts) : new HeapFile(path, opts);
}

// ------------------------------------------------------------------ mapped

const GiB = 1 << 30;

/** One mmap of a file: its address, reserved length, and how many JS buffers still view it. */
interface Mapping {
  ptr: Deno.PointerObject;
  reserved: number;
  live: number;
  retired: boolean;
}

const unmapper = new FinalizationRegistry<Mapping>((m) => {
  m.live--;
  release(m);
});

function release(m: Mapping): void {
  if (m.retired && m.live === 0) {
    c.munmap(m.ptr, m.reserved);
    m.live = -1;
  }
}

/** A file accessed through libc and read through a shared memory mapping. */
export class MappedFile implements StoreFile {
  private fd: number;
  private map: Mapping | null = null;
  private buf: ArrayBuffer | null = null;
  private bufLen = 0;
  private readonly writable: boolean;

  constructor(readonly path: string, opts: OpenOptions) {
    this.writable = !!opts.write;
    const flags = (opts.write ? c.O.RDWR : c.O.RDONLY) | (opts.create ? c.O.CREAT : 0);
    this.fd = c.open(path, flags);
  }

  size(): number {
    return c.fileSize(this.fd, this.path);
  }

  read(offset: number, length: number): Uint8Array {
    const end = offset + length;
    if (end > this.bufLen) this.remap(end);
    return new Uint8Array(this.buf!, offset, length);
  }

  peek(offset: number, length: number): Uint8Array {
    const b = new Uint8Array(length);
    const n = c.pread(this.fd, b, offset, this.path);
    if (n < length) throw new c.OsError("read", 0, this.path, `bytes ${offset + length} past the end of the file`);
    return b;
  }

  /** Makes a buffer that covers at least `end` bytes (the file must already be that long). */
  private remap(end: number): void {
    const size = this.size();
    if (end > size) throw new c.OsError("read", 0, this.path, `bytes ${end} past the end of the file (${size})`);
    if (!this.map || size > this.map.reserved) {
      if (this.map) {
        this.map.retired = true;
        release(this.map);
      }
      const reserved = Math.max(GiB, Math.ceil((size * 2) / GiB) * GiB);
      this.map = { ptr: c.mmap(this.fd, reserved, this.writable, this.path), reserved, live: 0, retired: false };
    }
    const buf = Deno.UnsafePointerView.getArrayBuffer(this.map.ptr, size);
    this.map.live++;
    unmapper.register(buf, this.map);
    this.buf = buf;
    this.bufLen = size;
  }

  write(offset: number, bytes: Uint8Array): void {
    c.pwriteAll(this.fd, bytes, offset, this.path);
  }

  truncate(size: number): void {
    c.ftruncate(this.fd, size, this.path);
    if (size < this.bufLen) {
      // views past the new end must not be made again; existing ones were within committed data
      this.bufLen = 0;
      this.buf = null;
    }
  }

  sync(): void {
    c.fsync(this.fd, this.path);
  }

  invalidate(): void {
    // the mapping shares the page cache with writers: nothing is cached
  }

  close(): void {
    if (this.fd < 0) return;
    c.close(this.fd);
    this.fd = -1;
    this.buf = null;
    if (this.map) {
      this.map.retired = true;
      release(this.map);
      this.map = null;
    }
  }
}

// ------------------------------------------------------------------ heap

/** A file accessed through Deno's API, read into the JS heap. */
export class HeapFile implements StoreFile {
  private file: Deno.FsFile;
  private copy = new Uint8Array(0);

  constructor(readonly path: string, opts: OpenOptions) {
    this.file = Deno.openSync(path, { read: true, write: !!opts.write, create: !!opts.create });
  }

  size(): number {
    return this.file.statSync().size;
  }

  read(offset: number, length: number): Uint8Array {
    const end = offset + length;
    if (end > this.copy.length) {
      const size = this.size();
      if (end > size) throw new Error(`read ${this.path}: bytes ${end} past the end of the file (${size})`);
      const next = new Uint8Array(size);
      this.file.seekSync(0, Deno.SeekMode.Start);
      let off = 0;
      while (off < size) {
        const n = this.file.readSync(next.subarray(off));
        if (n === null || n === 0) break;
        off += n;
      }
      this.copy = next;
    }
    return this.copy.subarray(offset, end);
  }

  peek(offset: number, length: number): Uint8Array {
    const b = new Uint8Array(length);
    this.file.seekSync(offset, Deno.SeekMode.Start);
    let off = 0;
    while (off < length) {
      const n = this.file.readSync(b.subarray(off));
      if (n === null || n === 0) {
        throw new Error(`read ${this.path}: bytes ${offset + length} past the end of the file`);
      }
      off += n;
    }
    return b;
  }

  write(offset: number, bytes: Uint8Array): void {
    this.file.seekSync(offset, Deno.SeekMode.Start);
    let off = 0;
    while (off < bytes.length) off += this.file.writeSync(bytes.subarray(off));
  }

  truncate(size: number): void {
    this.file.truncateSync(size);
    if (size < this.copy.length) this.copy = this.copy.slice(0, size);
  }

  sync(): void {
    this.file.syncSync();
  }

  invalidate(): void {
    this.copy = new Uint8Array(0);
  }

  close(): void {
    this.file.close();
  }
}
