/**
 * A splayed table's metadata file, `.meta`: format version, column order
 * and types, written once when the table is created (by writing a new
 * file and renaming it into place, atomic on POSIX). Its `count` is the
 * count at creation; appends publish counts in the commit file, `.count`
 * (commit.ts). A table from before commit files kept its count here.
 *
 * Layout (text): `lsmer <version>`, the JSON body on one line, and an
 * FNV-1a checksum of that line.
 *
 * @module
 */

import { checksum, FORMAT_VERSION } from "./format.ts";
import { osCall, storageError } from "./errors.ts";

/** One column's description. */
export interface ColumnMeta {
  /** The column's name. */
  name: string;
  /** q type of the column's items (for nested columns, of the items inside each row). */
  type: number;
  /** True for nested columns (each row a vector): stored as offsets + data. */
  nested: boolean;
  /** Attribute code (0 none). */
  attr: number;
}

/** A table's metadata. */
export interface TableMeta {
  format: number;
  /** Rows at creation (for a table without a commit file: the committed count). */
  count: number;
  columns: ColumnMeta[];
  /** The committed count is in the commit file, which must be there (absent for tables from before it). */
  commit?: boolean;
}

/** Name of the metadata file in a table directory. */
export const META_FILE = ".meta";

/** Reads and validates a table's metadata; raises a clear error when it is missing or damaged. */
export function readMeta(dir: string): TableMeta {
  const path = `${dir}/${META_FILE}`;
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) storageError("os", dir, "not a splayed table (no .meta file)");
    return osCall(path, "read", () => {
      throw e;
    });
  }
  const lines = text.split("\n");
  const m = /^lsmer (\d+)$/.exec(lines[0] ?? "");
  if (!m) storageError("corrupt", path, "not an Lsmer metadata file");
  const version = Number(m[1]);
  if (version !== FORMAT_VERSION) {
    storageError("version", path, `format version ${version}; this borf reads version ${FORMAT_VERSION}`);
  }
  const body = lines[1] ?? "";
  if (checksum(body) !== (lines[2] ?? "").trim()) {
    storageError("corrupt", path, "checksum mismatch (the file is damaged)");
  }
  let meta: TableMeta;
  try {
    meta = JSON.parse(body);
  } catch {
    return storageError("corrupt", path, "metadata is not valid JSON");
  }
  if (!Number.isSafeInteger(meta.count) || meta.count < 0 || !Array.isArray(meta.columns)) {
    storageError("corrupt", path, "metadata fields are malformed");
  }
  return meta;
}

/**
 * Writes metadata atomically: writes `.meta.tmp`, optionally fsyncs it,
 * renames it over `.meta`, and with `sync` fsyncs the directory too.
 */
export function writeMeta(dir: string, meta: TableMeta, sync: boolean): void {
  const path = `${dir}/${META_FILE}`;
  const tmp = `${path}.tmp`;
  const body = JSON.stringify(meta);
  const text = `lsmer ${FORMAT_VERSION}\n${body}\n${checksum(body)}\n`;
  osCall(tmp, "write", () => {
    const f = Deno.openSync(tmp, { write: true, create: true, truncate: true });
    try {
      const bytes = new TextEncoder().encode(text);
      let off = 0;
      while (off < bytes.length) off += f.writeSync(bytes.subarray(off));
      if (sync) f.syncSync();
    } finally {
      f.close();
    }
  });
  osCall(path, "rename", () => Deno.renameSync(tmp, path));
  if (sync) syncDir(dir);
}

/** fsyncs a directory so a rename in it survives a power loss. */
export function syncDir(dir: string): void {
  osCall(dir, "fsync", () => {
    const d = Deno.openSync(dir, { read: true });
    try {
      d.syncSync();
    } finally {
      d.close();
    }
  });
}
