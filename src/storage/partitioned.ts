/**
 * Partitioned databases, laid out as q lays them out: the symbol list at
 * the root (`db/sym`), then one directory per partition value
 * (`db/2024.01.02/`, or months `2024.01`, years `2024`, ints `17`), each
 * holding splayed tables enumerated against the root's list.
 *
 * A partitioned table is the partitions' tables one after another, with a
 * virtual first column named for the partition kind (`date`, `month`,
 * `year`, `int`) holding each row's partition value. Its columns are read
 * lazily, and a query whose leading where-constraints name only the
 * virtual column reads only the partitions they select (see qsql.ts).
 * A partition without the table contributes no rows.
 *
 * @module
 */

import { List, Table, type Value, Vec } from "../value/value.ts";
import { storageError } from "./errors.ts";
import { PARTITION_KINDS } from "./layout.ts";
import { listTables } from "./database.ts";
import { SplayedTable } from "./table.ts";

/** A database's partitions: their kind, directory names and values (sorted by value). */
export interface Partitions {
  /** The virtual column's name: date, month or int (q's year partitions are ints). */
  kind: string;
  /** Directory names, in value order. */
  names: string[];
  /** The partition values, a vector of the virtual column's type. */
  values: Vec<Int32Array>;
}

/** The value a partition directory name stands for, in its kind's q representation. */
function valueOf(kind: string, name: string): number {
  if (kind === "int") return Number(name);
  const [y, m, d] = name.split(".").map(Number);
  if (kind === "month") return (y - 2000) * 12 + m - 1;
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(2000, 0, 1)) / 86_400_000);
}

/** The partitions of database directory `db`, or undefined when it has none. */
export function partitionsOf(db: string): Partitions | undefined {
  const dirs = [...Deno.readDirSync(db)].filter((e) => e.isDirectory).map((e) => e.name);
  for (const k of PARTITION_KINDS) {
    const names = dirs.filter((n) => k.re.test(n));
    if (names.length === 0) continue;
    const vals = names.map((n) => valueOf(k.kind, n));
    const order = names.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    return {
      kind: k.kind,
      names: order.map((i) => names[i]),
      values: new Vec(k.t, Int32Array.from(order, (i) => vals[i])),
    };
  }
  return undefined;
}

/** Names of the tables in any partition of `db`. */
export function partitionedTables(db: string, parts: Partitions): string[] {
  const names = new Set<string>();
  for (const p of parts.names) for (const t of listTables(`${db}/${p}`)) names.add(t);
  return [...names].sort();
}

/** The partitioned tables behind table values, for queries that can read fewer partitions. */
const BEHIND = new WeakMap<Table, PartitionedTable>();

/** The partitioned table a value is the whole of, if it is one. */
export function partitionedOf(v: Value): PartitionedTable | undefined {
  return v instanceof Table ? BEHIND.get(v) : undefined;
}

/**
 * A table spread over the partitions of a database. Partitions are opened
 * only while a column is read from them (a database of many partitions
 * would otherwise hold partitions x columns files open); counts come from
 * each partition's commit file.
 */
export class PartitionedTable {
  private constructor(
    readonly name: string,
    readonly parts: Partitions,
    private readonly root: string,
    /** The table's directory in each partition (undefined where a partition lacks it). */
    private readonly dirs: (string | undefined)[],
    /** Column names, the virtual column first. */
    readonly columns: string[],
  ) {}

  /** Table `name` over the partitions of the database at `root`. */
  static open(root: string, name: string, parts: Partitions): PartitionedTable {
    const dirs = parts.names.map((p) => {
      const dir = `${root}/${p}/${name}`;
      try {
        return Deno.statSync(dir).isDirectory ? dir : undefined;
      } catch {
        return undefined;
      }
    });
    const last = dirs.findLast((d) => d !== undefined);
    if (!last) return storageError("os", `${root}/${name}`, "no partition holds this table");
    const columns = SplayedTable.columnsAt(last);
    for (const dir of dirs) {
      if (dir && SplayedTable.columnsAt(dir).join(" ") !== columns.join(" ")) {
        return storageError("corrupt", dir, "its columns differ from the last partition's");
      }
    }
    if (columns.includes(parts.kind)) {
      return storageError("corrupt", last, `a column is named ${parts.kind}, like the partition column`);
    }
    return new PartitionedTable(name, parts, root, dirs, [parts.kind, ...columns]);
  }

  /** Rows in each partition, as their commit files say now. */
  counts(): number[] {
    return this.dirs.map((d) => (d ? SplayedTable.countAt(d) : 0));
  }

  /** One row per partition: the virtual column alone (for constraints on it). */
  partitionTable(): Table {
    return new Table([this.parts.kind], [this.parts.values]);
  }

  /**
   * The rows of the partitions `selected` (indices into the partitions, in
   * order; all by default), as a table whose columns are read when used;
   * `all` is every partition's row count when the caller has just read them.
   */
  value(selected?: ArrayLike<number>, all: number[] = this.counts()): Table {
    const picks = selected ? Array.from(selected) : this.parts.names.map((_, i) => i);
    const counts = picks.map((i) => all[i]);
    const n = counts.reduce((a, b) => a + b, 0);
    const data: Value[] = [];
    this.columns.forEach((_, j) => {
      let v: Value | undefined;
      Object.defineProperty(data, j, {
        enumerable: true,
        get: () => (v ??= j === 0 ? this.virtual(picks, counts, n) : this.concat(j - 1, picks, counts)),
      });
    });
    const t = new Table(this.columns, data, n);
    if (!selected) BEHIND.set(t, this);
    return t;
  }

  /** The virtual column: each row's partition value. */
  private virtual(picks: number[], counts: number[], n: number): Vec {
    const out = new Int32Array(n), vals = this.parts.values.a;
    let at = 0;
    picks.forEach((p, k) => {
      out.fill(vals[p], at, at + counts[k]);
      at += counts[k];
    });
    return new Vec(this.parts.values.t, out);
  }

  /** Column `j` of partition `p`'s first `n` rows (the partition opened just for it). */
  private read(p: number, j: number, n: number): Value {
    const t = SplayedTable.openAt(this.root, this.dirs[p]!);
    try {
      return t.readColumn(j, n);
    } finally {
      t.close();
    }
  }

  /** Column `j` of the picked partitions, one after another. */
  private concat(j: number, picks: number[], counts: number[]): Value {
    const parts = picks.flatMap((p, k) => (counts[k] ? [this.read(p, j, counts[k])] : []));
    const where = `${this.name}.${this.columns[j + 1]}`;
    if (parts.length === 0) {
      const last = this.dirs.findLastIndex((d) => d !== undefined);
      const empty = this.read(last, j, 0);
      return empty instanceof Vec ? empty : new List([]);
    }
    if (parts.every((v) => v instanceof List)) return new List(parts.flatMap((v) => (v as List).a));
    const first = parts[0];
    if (!(first instanceof Vec) || !parts.every((v) => v instanceof Vec && v.t === first.t)) {
      return storageError("corrupt", where, "the partitions hold this column with different types");
    }
    const vecs = parts as Vec[];
    const a = first.a, total = vecs.reduce((k, v) => k + v.a.length, 0);
    const out = new (a.constructor as { new (len: number): typeof a })(total);
    let at = 0;
    for (const v of vecs) {
      out.set(v.a as never, at);
      at += v.a.length;
    }
    return new Vec(first.t, out);
  }
}

/** The text of a partition value for its directory name (`2024.01.02`, `2024.01`, `17`). */
export function partitionName(kind: string, v: number): string {
  if (kind === "int") return String(v);
  if (kind === "month") {
    const y = 2000 + Math.floor(v / 12), m = ((v % 12) + 12) % 12 + 1;
    return `${y}.${String(m).padStart(2, "0")}`;
  }
  const d = new Date(Date.UTC(2000, 0, 1) + v * 86_400_000);
  return `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${
    String(d.getUTCDate()).padStart(2, "0")
  }`;
}
