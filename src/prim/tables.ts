/**
 * Adding rows to tables: the forms rows can be written in (a table, a
 * dictionary, a list of atoms for one row, a list of columns or a list of
 * records for many), appending to a simple table, and upserting or
 * inserting into a keyed table by key (reference: ref/insert.md,
 * ref/upsert.md).
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf, nullAtom } from "../value/items.ts";
import { symName } from "../value/sym.ts";
import { Atom, count, Dict, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { keyTable, unkey } from "./dict.ts";
import { gather, join, longVec, take } from "./list.ts";
import { itemKeys } from "./match.ts";
import { amend, ASSIGN } from "./apply.ts";

/** Makes the column for names the new rows do not give: `n` nulls, or undefined to refuse ('mismatch). */
export type Filler = (col: string, n: number) => Value | undefined;

/**
 * The new rows as one list per column of `cols`, in that order. Accepts a
 * table, a dictionary (one row), a list of atoms (one row), a list of
 * columns or a list of records (several rows). A column the rows do not
 * give is made by `fill`, or is 'mismatch.
 */
export function rowsAsColumns(cols: readonly string[], rows: Value, fill?: Filler): Value[] {
  if (rows instanceof Table || isKeyed(rows)) {
    const r = rows instanceof Table ? rows : unkey(rows as Dict);
    return byName(cols, r.cols, r.data, count(r), fill);
  }
  if (rows instanceof Dict) {
    if (!(rows.k instanceof Vec) || rows.k.t !== 11) return qerr("type", "a row dictionary needs symbol keys");
    const names = Array.from(rows.k.a as Int32Array, symName);
    return byName(cols, names, itemsOf(rows.v).map((v) => fromItems([v])), 1, fill);
  }
  const items = rows instanceof List ? rows.a : rows instanceof Vec ? itemsOf(rows) : [rows];
  if (items.every((v) => v instanceof Atom)) {
    if (items.length !== cols.length) return qerr("length", `${items.length} values for ${cols.length} columns`);
    return items.map((v) => fromItems([v]));
  }
  if (items.length === cols.length && isColumns(items)) return items;
  if (items.every((r) => !(r instanceof Atom) && count(r) === cols.length)) return recordsAsColumns(items, cols.length);
  return qerr("length", `the rows do not match the ${cols.length} columns`);
}

/** True when `items` are lists of one count: columns of several rows. */
function isColumns(items: readonly Value[]): boolean {
  const n = count(items[0]);
  return items.every((v) => !(v instanceof Atom) && count(v) === n);
}

/** A list of records, each a list of one value per column, as columns. */
function recordsAsColumns(records: readonly Value[], n: number): Value[] {
  const fields = records.map(itemsOf);
  const out: Value[] = [];
  for (let c = 0; c < n; c++) out.push(fromItems(fields.map((f) => f[c])));
  return out;
}

/** Columns `cols` picked by name from `names`/`data`; missing ones made by `fill` ('mismatch without). */
function byName(
  cols: readonly string[],
  names: readonly string[],
  data: readonly Value[],
  n: number,
  fill?: Filler,
): Value[] {
  for (const c of names) if (!cols.includes(c)) qerr("mismatch", `the table has no column ${c}`);
  return cols.map((c) => {
    const i = names.indexOf(c);
    if (i >= 0) return data[i];
    return fill?.(c, n) ?? qerr("mismatch", `the rows have no column ${c}`);
  });
}

/** A filler making `n` nulls of the type of each column of `t` (q fills missing columns with nulls). */
function nullsFor(t: Table): Filler {
  return (c, n) => {
    const have = t.data[t.cols.indexOf(c)];
    return have instanceof Vec
      ? take(new Atom(-7, BigInt(n)), nullAtom(have.t))
      : new List(new Array(n).fill(new List([])));
  };
}

/**
 * Checks new column values against a table's columns, as q's insert does:
 * a typed column takes only its own type; an empty general column takes
 * anything (and assumes its type); a non-empty general column takes lists.
 */
export function checkTypes(t: Table, cols: Value[]): void {
  t.cols.forEach((c, i) => {
    const have = t.data[i], add = cols[i];
    if (have instanceof List) return;
    const ht = have instanceof Vec ? have.t : 0, at = add instanceof Vec ? add.t : 0;
    if (ht !== at && !(count(add) === 0 && add instanceof List)) {
      qerr("type", `column ${c} is type ${ht}h; the new values are type ${at}h`);
    }
  });
}

/** The new rows of `t` as columns in t's order, type-checked, missing columns null. */
function newColumns(t: Table, rows: Value): Value[] {
  const cols = rowsAsColumns(t.cols, rows, nullsFor(t));
  checkTypes(t, cols);
  return cols;
}

/** A simple table with rows appended. */
export function appendRows(t: Table, rows: Value): Table {
  const cols = newColumns(t, rows);
  return new Table(t.cols, t.data.map((c, i) => join(c, cols[i])));
}

/** Splits a keyed table's flat form into the existing rows' keys and the incoming rows (as a table). */
function keyedParts(kt: Dict, rows: Value): { flat: Table; nk: number; incoming: Table; at: Float64Array } {
  const flat = unkey(kt);
  const nk = (kt.k as Table).cols.length;
  const incoming = new Table(flat.cols, newColumns(flat, rows));
  const keyOf = (t: Table) => itemKeys(new Table(t.cols.slice(0, nk), t.data.slice(0, nk)));
  const existing = new Map<unknown, number>();
  keyOf(flat).forEach((k, i) => existing.has(k) || existing.set(k, i));
  const at = Float64Array.from(keyOf(incoming), (k) => existing.get(k) ?? -1);
  return { flat, nk, incoming, at };
}

/** Rows `idx` of every column of `t`, or undefined when idx is empty. */
function rowsAt(t: Table, idx: number[]): Value[] | undefined {
  return idx.length ? t.data.map((c) => gather(c, idx)) : undefined;
}

/** Upserts rows into a keyed table: rows with a known key replace its values, others are appended. */
export function upsertKeyed(kt: Dict, rows: Value): Value {
  const { flat, nk, incoming, at } = keyedParts(kt, rows);
  const hit: number[] = [], pos: number[] = [], fresh: number[] = [];
  at.forEach((p, r) => (p < 0 ? fresh.push(r) : (hit.push(r), pos.push(p))));
  const replaced = rowsAt(incoming, hit);
  const added = rowsAt(incoming, fresh);
  const data = flat.data.map((col, c) => {
    let out = col;
    if (replaced && c >= nk) out = amend(out, [longVec(pos)], ASSIGN, replaced[c]);
    return added ? join(out, added[c]) : out;
  });
  return keyTable(nk, new Table(flat.cols, data));
}

/** Inserts rows into a keyed table; a key already present is 'insert. */
export function insertKeyed(kt: Dict, rows: Value): Value {
  const { flat, nk, incoming, at } = keyedParts(kt, rows);
  if (at.some((p) => p >= 0)) return qerr("insert", "a key of the new rows is already in the table");
  return keyTable(nk, new Table(flat.cols, flat.data.map((c, i) => join(c, incoming.data[i]))));
}

/** `x upsert y` on in-memory tables (simple: append; keyed: by key). */
export function upsertTable(t: Value, rows: Value): Value {
  if (t instanceof Table) return appendRows(t, rows);
  if (isKeyed(t)) return upsertKeyed(t as Dict, rows);
  return qerr("type", "upsert needs a table");
}

/** `insert` on in-memory tables (simple: append; keyed: new keys only). */
export function insertTable(t: Value, rows: Value): Value {
  if (t instanceof Table) return appendRows(t, rows);
  if (isKeyed(t)) return insertKeyed(t as Dict, rows);
  return qerr("type", "insert needs a table");
}
