/**
 * Where things live in a database directory: which directory names are
 * partitions (q's `2024.01.02`, `2024.01`, `17`), and so which symbol
 * list a table's symbols are enumerated against.
 *
 * @module
 */

/** Partition directory names by kind, and the q type of each kind's virtual column. */
export const PARTITION_KINDS = [
  { kind: "date", re: /^\d{4}\.\d{2}\.\d{2}$/, t: 14 },
  { kind: "month", re: /^\d{4}\.\d{2}$/, t: 13 },
  { kind: "int", re: /^\d{1,9}$/, t: 6 },
] as const;

/** True when `name` is a partition directory name (a date, month or int). */
export function isPartitionName(name: string): boolean {
  return PARTITION_KINDS.some((k) => k.re.test(name));
}

/**
 * The directory holding the symbol list for tables in directory `db`: `db`
 * itself, or for a partition (`db/2024.01.02`) the database root above it.
 */
export function symbolRoot(db: string): string {
  const clean = db.replace(/\/+$/, "");
  const cut = clean.lastIndexOf("/");
  if (!isPartitionName(clean.slice(cut + 1))) return db;
  return cut < 0 ? "." : clean.slice(0, cut) || "/";
}
