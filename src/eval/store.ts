/**
 * A session's databases: tables mapped by `\l db` (bound as globals that
 * always show the latest committed rows), `` `:db/t/ set t`` (splay),
 * `` get `:db/t/`` (map), and appends to tables on disk (`upsert`,
 * `insert`, `put`), each appending through the table's single writer.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { rowsAsColumns, upsertTable } from "../prim/tables.ts";
import type { StorageOps } from "../prim/host.ts";
import { listTables, splay } from "../storage/database.ts";
import { isDirectory, isFile, readValueFile, writeValueFile } from "../io/files.ts";
import { SplayedTable } from "../storage/table.ts";
import { decodeHeader, FileKind, HEADER_SIZE } from "../storage/format.ts";
import { PartitionedTable, partitionedTables, partitionsOf } from "../storage/partitioned.ts";
import { symbolsOf, SymFile } from "../storage/symfile.ts";
import { isKeyed, Table, type Value, Vec } from "../value/value.ts";

/** Splits `db/t/` into its database directory and table name. */
export function tablePath(path: string): { db: string; name: string } {
  const clean = path.replace(/\/+$/, "");
  const cut = clean.lastIndexOf("/");
  if (cut < 0) return { db: ".", name: clean };
  return { db: clean.slice(0, cut) || "/", name: clean.slice(cut + 1) };
}

interface Mapped {
  db: string;
  name: string;
  reader: SplayedTable;
  writer?: SplayedTable;
}

/** The databases a session has open. */
export class Store implements StorageOps {
  private readonly mapped = new Map<string, Mapped>();
  /** Partitioned tables of a partitioned database, by global name. */
  private readonly parted = new Map<string, { table: PartitionedTable; value?: Table; count: number }>();
  /** fsync every append to disk (`\l` option; off by default). */
  sync = false;

  /**
   * Maps every table of database directory `db`, binding each to a global
   * of its name: its splayed tables, or for a partitioned database the
   * tables of its partitions.
   */
  loadDatabase(db: string): string[] {
    const parts = partitionsOf(db);
    const names = parts ? partitionedTables(db, parts) : listTables(db);
    for (const name of names) {
      this.forget(name);
      if (parts) this.parted.set(name, { table: PartitionedTable.open(db, name, parts), count: -1 });
      else this.mapped.set(name, { db, name, reader: SplayedTable.open(db, name) });
    }
    return names;
  }

  /** The current value of a mapped global, or undefined when `name` is not mapped. */
  lookup(name: string): Value | undefined {
    const p = this.parted.get(name);
    if (!p) return this.mapped.get(name)?.reader.value();
    const all = p.table.counts(), n = all.reduce((a, b) => a + b, 0);
    if (p.count !== n) [p.value, p.count] = [p.table.value(undefined, all), n];
    return p.value;
  }

  /** Names of mapped tables. */
  names(): string[] {
    return [...this.mapped.keys(), ...this.parted.keys()];
  }

  isMapped(name: string): boolean {
    return this.mapped.has(name) || this.parted.has(name);
  }

  /** Stops mapping global `name` (it is being assigned something else). */
  forget(name: string): void {
    this.parted.delete(name); // a partitioned table holds no files open
    const m = this.mapped.get(name);
    if (!m) return;
    m.writer?.close();
    m.reader.close();
    this.mapped.delete(name);
  }

  /** `` `:path set v``: splays a table when the path ends in `/`, else writes a value file (see io/files.ts). */
  set(path: string, v: Value): void {
    if (!path.endsWith("/")) return writeValueFile(path, v);
    const { db, name } = tablePath(path);
    splay(db, name, v, { sync: this.sync });
  }

  /** `` get `:path``: a splayed table (a directory) read whole, or the value in a value file. */
  get(path: string): Value {
    if (!path.endsWith("/") && !isDirectory(path)) {
      return isSymbolList(path) ? new Vec(11, symbolsOf(path.replace(/\/?sym$/, "") || ".")) : readValueFile(path);
    }
    const { db, name } = tablePath(path);
    const t = SplayedTable.open(db, name);
    try {
      return t.value();
    } finally {
      t.close();
    }
  }

  /** Appends rows to the splayed table at `path` (creating it when missing), or to the table in the value file `path`. */
  upsert(path: string, rows: Value): void {
    if (!path.endsWith("/") && isFile(path)) return writeValueFile(path, upsertTable(readValueFile(path), rows));
    const { db, name } = tablePath(path);
    const mine = [...this.mapped.values()].find((m) => sameDir(`${m.db}/${m.name}`, `${db}/${name}`));
    if (mine) return this.append(mine.name, rows);
    if (!isDirectory(`${db}/${name}`)) {
      if (!(rows instanceof Table)) return qerr("type", `${path}: a new table on disk needs a table of rows`);
      return splay(db, name, rows, { sync: this.sync });
    }
    const w = SplayedTable.open(db, name, { write: true, sync: this.sync });
    try {
      appendTo(w, rows);
    } finally {
      w.close();
    }
  }

  append(name: string, rows: Value): void {
    if (this.parted.has(name)) {
      return qerr(
        "nyi",
        `${name} is partitioned: append to one partition, as in \`:db/2024.01.02/${name}/ upsert rows`,
      );
    }
    const m = this.mapped.get(name);
    if (!m) return qerr(name, `${name} is not a mapped table`);
    m.writer ??= SplayedTable.open(m.db, m.name, { write: true, sync: this.sync });
    appendTo(m.writer, rows);
  }

  enumerate(dir: string, t: Value): void {
    if (!(t instanceof Table)) return qerr("type", ".Q.en takes a table");
    const cols = t.data.filter((c): c is Vec => c instanceof Vec && c.t === 11);
    if (cols.length === 0) return;
    Deno.mkdirSync(dir, { recursive: true });
    const syms = SymFile.open(dir, true);
    try {
      for (const c of cols) syms.enumerate(c.a as Int32Array, this.sync);
    } finally {
      syms.close();
    }
  }

  /** Closes every table (and releases writer locks). */
  close(): void {
    for (const name of [...this.mapped.keys(), ...this.parted.keys()]) this.forget(name);
  }
}

/** True when `path` is a database's symbol list (a file named `sym` in Lsmer's format). */
function isSymbolList(path: string): boolean {
  if (!/(^|\/)sym$/.test(path)) return false;
  try {
    const f = Deno.openSync(path);
    try {
      const head = new Uint8Array(HEADER_SIZE);
      if (f.readSync(head) !== HEADER_SIZE) return false;
      const h = decodeHeader(head);
      return typeof h !== "string" && h.kind === FileKind.Symbols;
    } finally {
      f.close();
    }
  } catch {
    return false;
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return Deno.realPathSync(a) === Deno.realPathSync(b);
  } catch {
    return false;
  }
}

/** Appends rows in any accepted form to an open writer. */
function appendTo(w: SplayedTable, rows: Value): void {
  if (isKeyed(rows)) qerr("type", "keyed rows cannot be appended to a splayed table");
  const cols = rowsAsColumns(w.columns, rows as Table);
  w.append(cols);
}
