/**
 * Files as q sees them: whole-file and ranged reads (`read0`, `read1`),
 * sizes, deletion, directory listings and existence (`key`), atomic
 * writes, and the on-disk format of a single value (`` `:f set x``).
 *
 * A value file is one of two layouts, both q's own:
 *
 * - a simple vector of fixed-width items (every basic type but symbols) is
 *   a 16-byte header and the raw little-endian items, so it can be mapped:
 *   bytes `0xfe 0x20`, the type, the attribute, 4 zero bytes, the item
 *   count (i64); then the items;
 * - any other value is the bytes `0xff 0x01` followed by the value
 *   serialized as in an IPC message body (see serialize.ts), no message
 *   header.
 *
 * Writes go to a temporary file beside the target, then rename over it,
 * so a reader never sees a half-written file. OS failures are errors named
 * as q names them: `'path: No such file or directory`.
 *
 * @module
 */

import { qerr, QError } from "../err/qerror.ts";
import { elemSize, isBasic, type TypedArray } from "../value/types.ts";
import { type Atom, List, type Value, Vec } from "../value/value.ts";
import { symVector } from "../prim/dict.ts";
import { isLockFile } from "../storage/format.ts";
import { decodeValue, encodeValue, itemsFromBytes } from "./serialize.ts";

/** Bytes of the header of a mappable vector file. */
const VECTOR_HEADER = 16;

/** The OS's description of a failure (`No such file or directory`), without Deno's decoration. */
function osReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\(os error \d+\).*$/s, "");
}

/** Runs an OS operation on `path`; a failure is the error `'path: reason`. */
export function onFile<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof QError) throw e;
    return qerr(`${path}: ${osReason(e)}`);
  }
}

/** True when `path` is an existing directory (false when nothing, or nothing it may see, is there). */
export function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** True when `path` is an existing file, not a directory (false when nothing, or nothing it may see, is there). */
export function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Stat of a path, or undefined when nothing is there. */
function statOf(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return undefined;
    return onFile(path, () => {
      throw e;
    });
  }
}

/** The error for a directory where a file belongs, as the OS names it. */
function isADirectory(path: string): never {
  return qerr(`${path}: Is a directory`, `${path} is a directory, not a file`);
}

/** Fails unless `path` is a regular file (a directory gives `'path: Is a directory`). */
function needFile(path: string): Deno.FileInfo {
  const st = onFile(path, () => Deno.statSync(path));
  return st.isDirectory ? isADirectory(path) : st;
}

/** The bytes of a file from `offset`, at most `length` of them (all when length is undefined). */
export function readBytes(path: string, offset = 0, length?: number): Uint8Array {
  const size = needFile(path).size;
  if (offset === 0 && length === undefined) return onFile(path, () => Deno.readFileSync(path));
  const from = Math.min(offset, size);
  const n = Math.max(0, Math.min(length ?? size, size - from));
  const out = new Uint8Array(n);
  onFile(path, () => {
    const f = Deno.openSync(path, { read: true });
    try {
      f.seekSync(from, Deno.SeekMode.Start);
      let got = 0;
      while (got < n) {
        const k = f.readSync(out.subarray(got));
        if (k === null) break;
        got += k;
      }
    } finally {
      f.close();
    }
  });
  return out;
}

/** The lines of text in `bytes` as char vectors: LF or CRLF ends a line; a last line needs no LF. */
export function splitLines(text: Uint8Array): Vec[] {
  const lines: Vec[] = [];
  const bytes = text.slice(); // one copy; each line is a view of it
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    const stop = end > start && bytes[end - 1] === 13 ? end - 1 : end;
    lines.push(new Vec(10, bytes.subarray(start, stop)));
    start = next;
  }
  return lines;
}

/** Size of a file in bytes. */
export function fileSize(path: string): number {
  return needFile(path).size;
}

/** Deletes a file or an empty directory. */
export function deletePath(path: string): void {
  onFile(path, () => Deno.removeSync(path));
}

/**
 * `key` of a file handle: a directory's entries as sorted symbols, the
 * handle itself for a file, `()` when nothing is there.
 */
export function keyOfPath(path: string, handle: Atom): Value {
  const st = statOf(path);
  if (st === undefined) return new List([]);
  if (!st.isDirectory) return handle;
  const names = onFile(path, () => [...Deno.readDirSync(path)].map((e) => e.name).filter((n) => !isLockFile(n)));
  return symVector(names.sort());
}

/** Writes `bytes` to `path` atomically (temp file then rename), creating parent directories. */
export function writeAtomic(path: string, bytes: Uint8Array): void {
  const cut = path.lastIndexOf("/");
  const dir = cut < 0 ? "." : path.slice(0, cut) || "/";
  if (statOf(path)?.isDirectory) isADirectory(path);
  onFile(dir, () => Deno.mkdirSync(dir, { recursive: true }));
  const tmp = `${dir}/.${path.slice(cut + 1)}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    onFile(path, () => Deno.writeFileSync(tmp, bytes)); // errors name the file the user named
    onFile(path, () => Deno.renameSync(tmp, path));
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

// ---------------------------------------------------------------- value files

/** True for vectors stored in the mappable layout (fixed-width items). */
function mappable(x: Value): x is Vec {
  return x instanceof Vec && x.t !== 11;
}

/** The bytes of a value file holding `x`. */
export function encodeFile(x: Value): Uint8Array {
  if (!mappable(x)) return encodeValue(x, Uint8Array.of(0xff, 0x01));
  const a = x.a as TypedArray;
  const out = new Uint8Array(VECTOR_HEADER + a.byteLength);
  out.set([0xfe, 0x20, x.t, x.attr]);
  new DataView(out.buffer).setBigInt64(8, BigInt(x.n), true);
  out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), VECTOR_HEADER);
  return out;
}

/** Reads a mappable vector file's bytes, checking the header against the length. */
function decodeVectorFile(b: Uint8Array, path: string): Vec {
  const t = b[2], attr = b[3];
  if (b.length < VECTOR_HEADER || !isBasic(t) || t === 11 || attr > 4) {
    return qerr("type", `${path}: not a data file (bad vector header)`);
  }
  const n = new DataView(b.buffer, b.byteOffset, b.byteLength).getBigInt64(8, true);
  const size = elemSize(t);
  if (n < 0n || BigInt(b.length - VECTOR_HEADER) !== n * BigInt(size)) {
    return qerr("badmsg", `${path}: the header says ${n} items but the file holds ${b.length - VECTOR_HEADER} bytes`);
  }
  return new Vec(t, itemsFromBytes(t, b.subarray(VECTOR_HEADER)), attr);
}

/** The value held by a value file's bytes; anything else is `'type` naming the file. */
export function decodeFile(b: Uint8Array, path: string): Value {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0x01) return decodeValue(b, path, 2);
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0x20) return decodeVectorFile(b, path);
  return qerr("type", `${path}: not a data file (q's set, save and dsave write data files)`);
}

/** Writes `x` to the value file `path`. */
export function writeValueFile(path: string, x: Value): void {
  writeAtomic(path, encodeFile(x));
}

/** The value held in the value file `path`. */
export function readValueFile(path: string): Value {
  return decodeFile(readBytes(path), path);
}
