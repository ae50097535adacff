/**
 * Splayed tables: a directory per table, a file (or two) per column, a
 * metadata file with the columns (`.meta`), a commit file with the
 * committed row count (`.count`), symbols enumerated against the
 * database's `sym` list.
 *
 * Crash safety: an append writes every column's new values past the
 * committed rows, then publishes the new count with one write to the
 * commit file (see commit.ts). A crash at any moment leaves the table at
 * its last published count; the next writer to open it trims the torn
 * tail. Readers only ever look at published rows, so they see whole rows.
 *
 * Durability (`sync`): off by default, appends survive a crash of the
 * process (the kernel's page cache holds the data) but not of the machine.
 * With `sync: true` every append fsyncs data before publishing and the
 * commit file after, so a committed append also survives a power loss or
 * kernel crash.
 *
 * One writer per table: the writer holds `flock` on `.lock`; a second
 * writer gets an error naming the holder. Any number of readers.
 *
 * @module
 */

import { lockWriter, type WriterLock } from "../../ffi/lock.ts";
import { rowDict } from "../value/items.ts";
import { TYPE_NAMES, type TypedArray } from "../value/types.ts";
import { count, type Dict, Table, type Value, Vec } from "../value/value.ts";
import { ColumnFiles, fits } from "./column.ts";
import { CommitFile } from "./commit.ts";
import { osCall, storageError } from "./errors.ts";
import { type ColumnMeta, readMeta, syncDir, type TableMeta, writeMeta } from "./meta.ts";
import { FORMAT_VERSION, TABLE_LOCK } from "./format.ts";
import { symbolRoot } from "./layout.ts";
import { columnFromJS } from "./schema.ts";
import { SymFile } from "./symfile.ts";

/** Options for opening a table. */
export interface TableOptions {
  /** Open as the writer (takes the table's lock). */
  write?: boolean;
  /** fsync each append (see the module doc for what each setting survives). */
  sync?: boolean;
}

/** A splayed table on disk. */
export class SplayedTable {
  private meta: TableMeta;
  private cols: ColumnFiles[];
  private cached: { count: number; value: Table } | null = null;

  private constructor(
    readonly dir: string,
    readonly name: string,
    private readonly syms: SymFile,
    private readonly lock: WriterLock | null,
    readonly sync: boolean,
    meta: TableMeta,
    /** The commit file; none for a table from before commit files, until a writer adds one. */
    private commit: CommitFile | undefined,
  ) {
    this.meta = meta;
    this.cols = [];
  }

  /** Creates a new empty table `name` in database `db` with these columns, and opens it as the writer. */
  static create(db: string, name: string, columns: ColumnMeta[], opts: TableOptions = {}): SplayedTable {
    checkName(name);
    return SplayedTable.createAt(db, `${db}/${name}`, columns, opts);
  }

  /** Creates a table in directory `dir` of database `db` (no check of the directory's name). */
  static createAt(db: string, dir: string, columns: ColumnMeta[], opts: TableOptions = {}): SplayedTable {
    osCall(dir, "create directory", () => Deno.mkdirSync(dir, { recursive: true }));
    const seen = new Set<string>();
    for (const c of columns) {
      checkName(c.name);
      if (seen.has(c.name)) storageError("type", dir, `duplicate column ${c.name}`);
      seen.add(c.name);
    }
    const lock = takeLock(dir);
    try {
      for (const c of columns) ColumnFiles.create(dir, c, !!opts.sync);
      CommitFile.create(dir, 0, !!opts.sync);
      writeMeta(dir, { format: FORMAT_VERSION, count: 0, columns, commit: true }, !!opts.sync); // now the table exists
      if (opts.sync) syncDir(db);
    } finally {
      lock.release();
    }
    return SplayedTable.openAt(db, dir, { ...opts, write: true });
  }

  /** Opens table `name` of database `db` (as a reader unless `write`). */
  static open(db: string, name: string, opts: TableOptions = {}): SplayedTable {
    return SplayedTable.openAt(db, `${db}/${name}`, opts);
  }

  /** The committed row count of the table in directory `dir`, read without opening its columns. */
  static countAt(dir: string): number {
    const commit = CommitFile.open(dir, false);
    if (!commit) return readMeta(dir).count;
    try {
      return commit.read();
    } finally {
      commit.close();
    }
  }

  /** Column names of the table in directory `dir`, read without opening its columns. */
  static columnsAt(dir: string): string[] {
    return readMeta(dir).columns.map((c) => c.name);
  }

  /** Opens the table in directory `dir` of database `db`. */
  static openAt(db: string, dir: string, opts: TableOptions = {}): SplayedTable {
    const lock = opts.write ? takeLock(dir) : null;
    let commit: CommitFile | undefined;
    try {
      const meta = readMeta(dir);
      commit = CommitFile.open(dir, !!lock);
      if (!commit && meta.commit) storageError("corrupt", dir, "the commit file (.count) is missing");
      if (!commit && lock) {
        // a table from before commit files: its writer adds one, with the count .meta holds
        CommitFile.create(dir, meta.count, !!opts.sync);
        writeMeta(dir, { ...meta, commit: true }, !!opts.sync);
        commit = CommitFile.open(dir, true);
      }
      if (commit) meta.count = commit.read();
      const syms = SymFile.open(symbolRoot(db), !!opts.write); // a partition's tables use the root's list
      const t = new SplayedTable(dir, dir.slice(dir.lastIndexOf("/") + 1), syms, lock, !!opts.sync, meta, commit);
      t.cols = meta.columns.map((c) => ColumnFiles.open(dir, c, !!opts.write));
      if (lock) t.recover();
      for (const c of t.cols) c.check(meta.count);
      return t;
    } catch (e) {
      commit?.close();
      lock?.release();
      throw e;
    }
  }

  /** Writer only: trims torn tails left by an interrupted append. */
  private recover(): void {
    for (const c of this.cols) if (c.written() > this.meta.count) c.trim(this.meta.count);
    this.syms.trimTail();
  }

  /** Committed rows (re-read, so a reader sees a writer's appends). */
  get count(): number {
    if (!this.lock) this.refresh();
    return this.meta.count;
  }

  /** Re-reads the committed count; true when it changed. */
  refresh(): boolean {
    this.commit ??= CommitFile.open(this.dir, false); // a writer may have added one since
    const n = this.commit ? this.commit.read() : readMeta(this.dir).count;
    const changed = n !== this.meta.count;
    this.meta = { ...this.meta, count: n };
    if (changed) this.syms.refresh();
    return changed;
  }

  /** Column names in order. */
  get columns(): string[] {
    return this.meta.columns.map((c) => c.name);
  }

  /** Column descriptions. */
  get schema(): readonly ColumnMeta[] {
    return this.meta.columns;
  }

  /**
   * The committed rows as a table value whose columns are views of the
   * files. Each column is read when first used (symbol columns are
   * translated to session symbols then), so a query reads only the
   * columns it names.
   */
  value(): Table {
    const n = this.count;
    if (this.cached && this.cached.count === n) return this.cached.value;
    const data: Value[] = [];
    this.cols.forEach((c, j) => {
      let v: Value | undefined;
      Object.defineProperty(data, j, { enumerable: true, get: () => (v ??= c.read(n, this.syms)) });
    });
    const value = new Table(this.columns, data, n);
    this.cached = { count: n, value };
    return value;
  }

  /** Column `j` of the first `n` committed rows, read on its own (the other columns stay unread, even at close). */
  readColumn(j: number, n: number): Value {
    if (n > this.count) storageError("corrupt", this.dir, `${n} rows asked for, ${this.count} committed`);
    return this.cols[j].read(n, this.syms);
  }

  /** One column of the committed rows. */
  column(name: string): Value {
    const i = this.columns.indexOf(name);
    if (i < 0) storageError("type", this.dir, `no column ${name}`);
    return this.value().data[i];
  }

  /** Row `i` as a dictionary. */
  row(i: number): Dict {
    const n = this.count;
    if (!(i >= 0 && i < n)) storageError("length", this.dir, `row ${i} is out of range (the table has ${n} rows)`);
    return rowDict(this.value(), i);
  }

  /**
   * Appends rows given as one list per column (in column order); returns
   * the new committed count. Values must have the columns' types.
   */
  append(columns: Value[]): number {
    if (!this.lock) storageError("os", this.dir, "table is open read-only; open it as the writer to append");
    if (columns.length !== this.cols.length) {
      storageError("length", this.dir, `${columns.length} columns given, the table has ${this.cols.length}`);
    }
    const m = count(columns[0]);
    this.cols.forEach((c, i) => {
      const v = columns[i];
      if (!fits(c.meta, v)) {
        storageError(
          "type",
          this.dir,
          `column ${c.meta.name} holds ${c.meta.nested ? "lists of " : ""}${TYPE_NAMES[c.meta.type]}; got ${
            describeValue(v)
          }`,
        );
      }
      if (count(v) !== m) storageError("length", this.dir, `column ${c.meta.name} has ${count(v)} values, others ${m}`);
    });
    if (m === 0) return this.meta.count;
    const before = this.meta.count;
    try {
      this.cols.forEach((c, i) => c.append(before, columns[i], this.syms, this.sync));
      const commit = this.commit ?? storageError("os", this.dir, "the writer has no commit file");
      commit.publish(before + m, this.sync);
      this.meta = { ...this.meta, count: before + m };
    } catch (e) {
      // nothing was published: put the files back to the committed rows if we can
      try {
        for (const c of this.cols) if (c.written() > before) c.trim(before);
      } catch {
        // the next writer to open the table trims instead
      }
      throw e;
    }
    return this.meta.count;
  }

  /**
   * Appends a batch given as JavaScript columns, `{name: data}` for every
   * column (typed arrays of the column's type are used without copying).
   */
  appendColumns(columns: Record<string, unknown>): number {
    return this.append(this.meta.columns.map((c) => {
      if (!(c.name in columns)) storageError("length", this.dir, `no data for column ${c.name}`);
      return columnFromJS(c, columns[c.name]);
    }));
  }

  /** Appends one row given as JavaScript values, in column order or by name. */
  appendRow(row: unknown[] | Record<string, unknown>): number {
    const values = Array.isArray(row) ? row : this.meta.columns.map((c) => row[c.name]);
    if (values.length !== this.meta.columns.length) {
      storageError("length", this.dir, `${values.length} values for ${this.meta.columns.length} columns`);
    }
    return this.append(this.meta.columns.map((c, i) => columnFromJS(c, [values[i]])));
  }

  /** The typed array of a simple column's committed values (a view of the file when mapped). */
  view(name: string): TypedArray {
    const v = this.column(name);
    if (!(v instanceof Vec)) return storageError("type", this.dir, `column ${name} holds lists, not one typed array`);
    return v.a;
  }

  /** Closes the files and releases the writer lock. */
  close(): void {
    // a value handed out keeps working: read the columns it has not used yet
    if (this.cached) { for (let j = 0; j < this.cols.length; j++) void this.cached.value.data[j]; }
    for (const c of this.cols) c.close();
    this.syms.close();
    this.commit?.close();
    this.lock?.release();
  }
}

function describeValue(v: Value): string {
  if (v.t >= 0 && v.t < 20) return v.t === 0 ? "a general list" : `${TYPE_NAMES[v.t]}s`;
  return `type ${v.t}h`;
}

function takeLock(dir: string): WriterLock {
  const path = `${dir}/${TABLE_LOCK}`;
  const l = osCall(path, "lock", () => lockWriter(path));
  if ("heldBy" in l) return storageError("locked", dir, `another writer holds this table: ${l.heldBy}`);
  return l;
}

function checkName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    storageError("type", name, "table and column names must be q names (letters, digits, _)");
  }
}
