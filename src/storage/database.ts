/**
 * A database: a directory of splayed tables sharing one symbol list. Also
 * the conversions between in-memory tables and splayed ones (what q's
 * `` `:db/t/ set t`` and `` get `:db/t/ `` do).
 *
 * @module
 */

import { count, isKeyed, Table, type Value } from "../value/value.ts";
import { describe } from "./column.ts";
import { osCall, storageError } from "./errors.ts";
import { META_FILE } from "./meta.ts";
import { SplayedTable, type TableOptions } from "./table.ts";
import type { ColumnMeta } from "./meta.ts";

/** Names of the tables in database directory `db` (subdirectories with metadata). */
export function listTables(db: string): string[] {
  const out: string[] = [];
  const entries = osCall(db, "list", () => [...Deno.readDirSync(db)]);
  for (const e of entries) {
    if (!e.isDirectory || e.name.startsWith(".")) continue;
    try {
      Deno.statSync(`${db}/${e.name}/${META_FILE}`);
      out.push(e.name);
    } catch {
      // not a table
    }
  }
  return out.sort();
}

/** The column descriptions of an in-memory table, or a clear error if a column cannot be stored. */
export function schemaOf(t: Table, where: string): ColumnMeta[] {
  return t.cols.map((name, i) => {
    const d = describe(name, t.data[i]);
    if (typeof d === "string") storageError("type", where, d);
    return d;
  });
}

/**
 * Writes an in-memory table as splayed table `name` of database `db`,
 * replacing any table of that name: the new table is built beside the old
 * one and renamed into place, so a crash leaves either the old or the new.
 */
export function splay(db: string, name: string, t: Value, opts: TableOptions = {}): void {
  if (isKeyed(t)) storageError("type", `${db}/${name}`, "keyed tables are splayed unkeyed (use 0!t)");
  if (!(t instanceof Table)) storageError("type", `${db}/${name}`, "only tables can be splayed");
  const schema = schemaOf(t, `${db}/${name}`);
  osCall(db, "create directory", () => Deno.mkdirSync(db, { recursive: true }));
  const staging = `${db}/.${name}.new`;
  removeIfPresent(staging);
  try {
    const w = SplayedTable.createAt(db, staging, schema, opts);
    try {
      if (count(t) > 0) w.append([...t.data]);
    } finally {
      w.close();
    }
  } catch (e) {
    try {
      Deno.removeSync(staging, { recursive: true }); // a failed splay leaves nothing behind
    } catch {
      // never created
    }
    throw e;
  }
  const target = `${db}/${name}`;
  const old = `${db}/.${name}.old`;
  removeIfPresent(old);
  let hadOld = false;
  try {
    Deno.renameSync(target, old);
    hadOld = true;
  } catch {
    // no previous table
  }
  osCall(target, "rename", () => Deno.renameSync(staging, target));
  if (hadOld) osCall(old, "remove", () => Deno.removeSync(old, { recursive: true }));
}

function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path, { recursive: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      osCall(path, "remove", () => {
        throw e;
      });
    }
  }
}
