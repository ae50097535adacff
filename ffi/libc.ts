/**
 * libc through `Deno.dlopen`: the one annotated symbol table for the file
 * and memory-mapping calls the storage engine needs (and the allocator
 * settings of {@link retainFreedMemory}), and `errno` turned
 * into a readable message. Linux x86_64 (glibc ≥ 2.33, where `fstat` is an
 * exported symbol).
 *
 * Results typed i64/usize come back as bigint in Deno 2.9; the wrappers
 * below convert them and turn a failing return into an {@link OsError}.
 *
 * @module
 */

const SYMBOLS = {
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" }, // path as NUL-terminated bytes
  close: { parameters: ["i32"], result: "i32" },
  fstat: { parameters: ["i32", "buffer"], result: "i32" }, // struct stat: 144 bytes, st_size at 48
  pwrite: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  pread: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  fsync: { parameters: ["i32"], result: "i32" },
  mmap: { parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"], result: "pointer" },
  munmap: { parameters: ["pointer", "usize"], result: "i32" },
  msync: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  madvise: { parameters: ["pointer", "usize", "i32"], result: "i32" },
  flock: { parameters: ["i32", "i32"], result: "i32" },
  posix_fadvise: { parameters: ["i32", "i64", "i64", "i32"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
  mallopt: { parameters: ["i32", "i32"], result: "i32" },
  malloc_trim: { parameters: ["usize"], result: "i32" },
} as const;

/** open(2) flags. */
export const O = { RDONLY: 0, RDWR: 2, CREAT: 0o100, CLOEXEC: 0o2000000 } as const;
/** mmap(2) protection and flags. */
export const PROT = { READ: 1, WRITE: 2 } as const;
/** mmap(2) sharing flags. */
export const MAP = { SHARED: 1, PRIVATE: 2, NORESERVE: 0x4000 } as const;
/** msync(2) flags. */
export const MS = { ASYNC: 1, SYNC: 4 } as const;
/** madvise(2) advice. */
export const MADV = { SEQUENTIAL: 2, WILLNEED: 3 } as const;
/** flock(2) operations. */
export const LOCK = { SH: 1, EX: 2, NB: 4, UN: 8 } as const;
/** errno values the storage layer reacts to. */
export const ERRNO = { ENOENT: 2, EINTR: 4, EAGAIN: 11, EWOULDBLOCK: 11, ENOSPC: 28, EFBIG: 27, EDQUOT: 122 } as const;

/** An operating-system call failed. */
export class OsError extends Error {
  constructor(readonly call: string, readonly errno: number, readonly path: string | undefined, detail: string) {
    super(`${call}${path ? ` ${path}` : ""}: ${detail} (errno ${errno})`);
    this.name = "OsError";
  }
}

type Lib = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];
let lib: Lib | null | undefined;

/** libc's symbols, or null when FFI is not permitted (the storage falls back to plain file I/O). */
export function libc(): Lib | null {
  if (lib !== undefined) return lib;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return (lib = null);
    lib = Deno.dlopen("libc.so.6", SYMBOLS).symbols;
  } catch {
    lib = null;
  }
  return lib;
}

function need(): Lib {
  const l = libc();
  if (!l) throw new Error("libc is not available (run with --allow-ffi)");
  return l;
}

/** The current errno. */
export function errno(): number {
  return new Deno.UnsafePointerView(need().__errno_location()!).getInt32();
}

/** The C library's text for an errno. */
export function strerror(code: number): string {
  const p = need().strerror(code);
  return p ? Deno.UnsafePointerView.getCString(p) : `errno ${code}`;
}

/** Raises an OsError for the last failed call. */
export function fail(call: string, path?: string): never {
  const e = errno();
  throw new OsError(call, e, path, strerror(e));
}

const encoder = new TextEncoder();

/** A NUL-terminated path for C. */
export function cpath(path: string): Uint8Array {
  return encoder.encode(path + "\0");
}

/** open(2); returns the file descriptor. */
export function open(path: string, flags: number, mode = 0o644): number {
  const fd = need().open(cpath(path), flags | O.CLOEXEC, mode);
  if (fd < 0) fail("open", path);
  return fd;
}

/** close(2). */
export function close(fd: number): void {
  if (need().close(fd) !== 0) fail("close");
}

/** The size in bytes of an open file (fstat st_size). */
export function fileSize(fd: number, path?: string): number {
  const st = new BigInt64Array(18);
  if (need().fstat(fd, st) !== 0) fail("fstat", path);
  return Number(st[6]); // st_size: byte offset 48 in struct stat on Linux x86_64
}

/** pwrite(2) of all of `bytes` at `offset` (loops over short writes). */
export function pwriteAll(fd: number, bytes: Uint8Array, offset: number, path?: string): void {
  let done = 0;
  while (done < bytes.length) {
    const part = bytes.subarray(done);
    const n = Number(need().pwrite(fd, part, BigInt(part.length), BigInt(offset + done)));
    if (n < 0) fail("pwrite", path);
    if (n === 0) throw new OsError("pwrite", ERRNO.ENOSPC, path, "no progress writing (disk full?)");
    done += n;
  }
}

/** pread(2) of exactly `bytes.length` bytes at `offset`; returns how many were read. */
export function pread(fd: number, bytes: Uint8Array, offset: number, path?: string): number {
  const n = Number(need().pread(fd, bytes, BigInt(bytes.length), BigInt(offset)));
  if (n < 0) fail("pread", path);
  return n;
}

/** ftruncate(2). */
export function ftruncate(fd: number, size: number, path?: string): void {
  if (need().ftruncate(fd, BigInt(size)) !== 0) fail("ftruncate", path);
}

/** fsync(2). */
export function fsync(fd: number, path?: string): void {
  if (need().fsync(fd) !== 0) fail("fsync", path);
}

/** flock(2); returns false instead of failing when a non-blocking lock is held elsewhere. */
export function flock(fd: number, op: number, path?: string): boolean {
  for (let tries = 0;; tries++) {
    if (need().flock(fd, op) === 0) return true;
    const e = errno();
    if (e === ERRNO.EINTR && tries < 100) continue;
    if (!(op & LOCK.NB) || FLOCK_ERRORS.has(e)) throw new OsError("flock", e, path, strerror(e));
    // EWOULDBLOCK: held. Any other errno cannot come from flock: it was overwritten before it was
    // read (seen under heavy load), and a non-blocking flock that fails on a valid fd is held.
    return false;
  }
}

/** The errors flock(2) reports other than EWOULDBLOCK (EBADF, EINVAL, ENOLCK). */
const FLOCK_ERRORS: ReadonlySet<number> = new Set([9, 22, 37]);

/** mmap(2) of `length` bytes of `fd` from offset 0; returns the mapping's address. */
export function mmap(fd: number, length: number, writable: boolean, path?: string): Deno.PointerObject {
  const prot = writable ? PROT.READ | PROT.WRITE : PROT.READ;
  const p = need().mmap(null, BigInt(length), prot, MAP.SHARED | MAP.NORESERVE, fd, 0n);
  if (p === null || Deno.UnsafePointer.value(p) === 0xffffffffffffffffn) fail("mmap", path);
  return p;
}

/** munmap(2). */
export function munmap(p: Deno.PointerObject, length: number): void {
  if (need().munmap(p, BigInt(length)) !== 0) fail("munmap");
}

/** msync(2) of a mapped range. */
export function msync(p: Deno.PointerObject, length: number, flags: number): void {
  if (need().msync(p, BigInt(length), flags) !== 0) fail("msync");
}

/** Drops a file's clean pages from the page cache (posix_fadvise DONTNEED), for cold-cache measurements. */
export function dropCache(fd: number): void {
  need().posix_fadvise(fd, 0n, 0n, 4);
}

/** madvise(2); advice only, so failures are ignored. */
export function madvise(p: Deno.PointerObject, length: number, advice: number): void {
  need().madvise(p, BigInt(length), advice);
}

/**
 * Makes the C allocator keep memory the process frees, as q keeps its
 * heap: large blocks come from the heap instead of fresh mappings, and the
 * heap is not trimmed. Typed arrays of millions of items then reuse pages
 * already mapped instead of faulting in fresh ones (measured: 63 to 36 ms
 * for a grouped sum over 1e7 rows, whose time was mostly page faults).
 * Memory goes back to the system on `.Q.gc[]` ({@link trimMemory}).
 * Returns false, changing nothing, without FFI permission.
 */
export function retainFreedMemory(): boolean {
  const l = libc();
  if (!l) return false;
  const M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_MAX = -4;
  l.mallopt(M_MMAP_MAX, 0);
  l.mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
  l.mallopt(M_TOP_PAD, 64 << 20);
  return true;
}

/** Returns the allocator's free memory to the system (malloc_trim); false without FFI permission. */
export function trimMemory(): boolean {
  const l = libc();
  if (!l) return false;
  l.malloc_trim(0n);
  return true;
}
