/**
 * Adding rows to tables: the forms rows can be written in (a table, a
 * dictionary, a list of atoms for one row, a list of columns for many),
 * appending to a simple table, and upserting into a keyed table by key.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf, rowDict } from "../value/items.ts";
import { symName } from "../value/sym.ts";
import { Atom, count, Dict, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { unkey } from "./dict.ts";
import { join } from "./list.ts";
import { itemKeys } from "./match.ts";
import { amend, ASSIGN } from "./apply.ts";

/**
 * The new rows as one list per column of `t`, in `t`'s column order.
 * Accepts a table, a dictionary (one row), a list of atoms (one row) or a
 * list of columns (several rows).
 */
export function rowsAsColumns(cols: readonly string[], rows: Value): Value[] {
  const n = cols.length;
  if (rows instanceof Table || isKeyed(rows)) {
    const r = rows instanceof Table ? rows : unkey(rows as Dict);
    return cols.map((c) => {
      const i = r.cols.indexOf(c);
      return i < 0 ? qerr("mismatch", `the rows have no column ${c}`) : r.data[i];
    });
  }
  if (rows instanceof Dict) {
    if (!(rows.k instanceof Vec) || rows.k.t !== 11) return qerr("type", "a row dictionary needs symbol keys");
    const keys = Array.from(rows.k.a as Int32Array, symName);
    const vals = itemsOf(rows.v);
    return cols.map((c) => {
      const i = keys.indexOf(c);
      return i < 0 ? qerr("mismatch", `the row has no column ${c}`) : fromItems([vals[i]]);
    });
  }
  const items = rows instanceof List ? rows.a : rows instanceof Vec ? itemsOf(rows) : [rows];
  if (items.length !== n) return qerr("length", `${items.length} values for ${n} columns`);
  if (items.every((v) => v instanceof Atom)) return items.map((v) => fromItems([v]));
  const m = count(items.find((v) => !(v instanceof Atom))!);
  return items.map((v) => {
    if (v instanceof Atom) return qerr("length", "mix of atoms and lists: give every column as a list");
    if (count(v) !== m) return qerr("length", "columns of different lengths");
    return v;
  });
}

/** Checks new column values against a table's columns (same types, as q's insert does). */
export function checkTypes(t: Table, cols: Value[]): void {
  t.cols.forEach((c, i) => {
    const have = t.data[i], add = cols[i];
    if (count(have) === 0) return;
    const ht = have instanceof Vec ? have.t : 0, at = add instanceof Vec ? add.t : 0;
    if (ht !== at && !(ht === 0 && add instanceof List)) {
      qerr("type", `column ${c} is type ${ht}h; the new values are type ${at}h`);
    }
  });
}

/** A simple table with rows appended. */
export function appendRows(t: Table, rows: Value): Table {
  const cols = rowsAsColumns(t.cols, rows);
  checkTypes(t, cols);
  return new Table(t.cols, t.data.map((c, i) => join(c, cols[i])));
}

/** Upserts rows into a keyed table: rows with a known key replace it, others are appended. */
export function upsertKeyed(kt: Dict, rows: Value): Dict {
  const flat = unkey(kt);
  const nk = (kt.k as Table).cols.length;
  const cols = rowsAsColumns(flat.cols, rows);
  checkTypes(flat, cols);
  const incoming = new Table(flat.cols, cols);
  const keyOf = (t: Table) => itemKeys(new Table(t.cols.slice(0, nk), t.data.slice(0, nk)));
  const existing = new Map<unknown, number>();
  keyOf(flat).forEach((k, i) => existing.set(k, i));
  let data = flat.data.slice();
  const fresh: number[] = [];
  keyOf(incoming).forEach((k, r) => {
    const at = existing.get(k);
    if (at === undefined) {
      existing.set(k, count(data[0]) + fresh.length);
      fresh.push(r);
      return;
    }
    const row = rowDict(incoming, r);
    const vals = itemsOf(row.v);
    data = data.map((col, c) => (c < nk ? col : amend(col, [new Atom(-7, BigInt(at))], ASSIGN, vals[c])));
  });
  if (fresh.length) {
    const add = cols.map((c) => fromItems(fresh.map((r) => itemsOf(c)[r])));
    data = data.map((col, c) => join(col, add[c]));
  }
  const all = new Table(flat.cols, data);
  return new Dict(
    new Table(all.cols.slice(0, nk), all.data.slice(0, nk)),
    new Table(all.cols.slice(nk), all.data.slice(nk)),
  );
}

/** `x upsert y` on in-memory tables (simple: append; keyed: by key). */
export function upsertTable(t: Value, rows: Value): Value {
  if (t instanceof Table) return appendRows(t, rows);
  if (isKeyed(t)) return upsertKeyed(t as Dict, rows);
  return qerr("type", "upsert needs a table");
}
