/**
 * Storage errors as BorF errors: a q-style name and a message that names
 * the file and what is wrong with it.
 *
 * @module
 */

import { QError } from "../err/qerror.ts";
import { ERRNO, OsError } from "../../ffi/libc.ts";

/** Kinds of storage failure, used as the error's q name. */
export type StorageFailure = "corrupt" | "version" | "locked" | "os" | "mismatch" | "type" | "length" | "nyi";

/** Raises a storage error about `path`. */
export function storageError(kind: StorageFailure, path: string, what: string): never {
  throw new QError(kind, `${path}: ${what}`);
}

/**
 * Runs an OS-level operation, turning OS failures into `'os` errors that
 * name the file and say when the disk is full.
 */
export function osCall<T>(path: string, what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof QError) throw e;
    if (e instanceof OsError) {
      const full = e.errno === ERRNO.ENOSPC || e.errno === ERRNO.EFBIG || e.errno === ERRNO.EDQUOT;
      throw new QError(
        "os",
        `${path}: ${what} failed: ${full ? "the disk is full (or the file size limit was reached): " : ""}${e.message}`,
      );
    }
    if (e instanceof Deno.errors.NotFound) throw new QError("os", `${path}: ${what} failed: no such file`);
    const msg = e instanceof Error ? e.message : String(e);
    const full = /no space|ENOSPC|EFBIG|file too large/i.test(msg);
    throw new QError(
      "os",
      `${path}: ${what} failed: ${full ? "the disk is full (or the file size limit was reached): " : ""}${msg}`,
    );
  }
}
