/**
 * Keywords that name where a value lives: `set`, `get`, `upsert`,
 * `insert`, `put`. A symbol beginning with `:` is a file path (`` `:db/t/``
 * is a splayed table); another symbol names a global variable; a value is
 * used as it is. File and mapped-table work goes through the session's
 * storage (see host.ts), so primitives never touch files themselves.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { rowDict } from "../value/items.ts";
import { symName } from "../value/sym.ts";
import { Atom, count, isKeyed, Table, type Value, Vec } from "../value/value.ts";
import { value } from "./evaluate.ts";
import { host, tryLookup } from "./host.ts";
import { toInt } from "./list.ts";
import { insertTable, upsertTable } from "./tables.ts";
import { kw2, kwv } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** The text of a symbol atom, or undefined for other values. */
function symText(x: Value): string | undefined {
  return x instanceof Atom && x.t === -11 ? symName(x.v as number) : undefined;
}

/** The path of a file symbol (`` `:db/t/`` → `db/t/`), or undefined. */
export function filePath(x: Value): string | undefined {
  const s = symText(x);
  return s !== undefined && s.startsWith(":") ? s.slice(1) : undefined;
}

/** `x set y`: assign global `x`, or write y to file `x`; returns x. */
export function set(x: Value, y: Value): Value {
  const path = filePath(x);
  if (path !== undefined) host.storage.set(path, y);
  else {
    const name = symText(x);
    if (name === undefined) return qerr("type", "set needs a symbol: a name or a file path");
    host.assign(name, y);
  }
  return x;
}

/** `get x`: a file's value, a global's value, or `value x`; `get[t;i]` is row i of table t. */
export function get(x: Value): Value {
  const path = filePath(x);
  if (path !== undefined) return host.storage.get(path);
  return value(x);
}

/** `get[t;i]`: row `i` of table t (a table or the name of one). */
export function getRow(t: Value, i: Value): Value {
  const table = symText(t) !== undefined ? get(t) : t;
  if (!(table instanceof Table)) return qerr("type", "get[t;i] needs a table");
  const n = toInt(i);
  if (!(n >= 0 && n < count(table))) {
    return qerr("index", `row ${n} is out of range (the table has ${count(table)} rows)`);
  }
  return rowDict(table, n);
}

/** Adds rows to the table named or held by `x`; returns what q returns (the name, or the new table). */
function addRows(x: Value, rows: Value): Value {
  const path = filePath(x);
  if (path !== undefined) {
    host.storage.upsert(path, rows);
    return x;
  }
  const name = symText(x);
  if (name === undefined) return upsertTable(x, rows);
  if (host.storage.isMapped(name)) host.storage.append(name, rows);
  else host.assign(name, upsertTable(host.lookup(name), rows));
  return x;
}

/** `x upsert y` */
export function upsert(x: Value, y: Value): Value {
  return addRows(x, y);
}

/**
 * `` `t insert rows``: appends rows to the table named t (new keys only for
 * a keyed table; an undefined name becomes the table of rows); returns
 * the new rows' indices.
 */
export function insert(x: Value, y: Value): Value {
  const name = symText(x);
  if (name === undefined || name.startsWith(":")) return qerr("type", "insert needs the name of a table");
  if (host.storage.isMapped(name)) {
    const before = count(host.lookup(name));
    host.storage.append(name, y);
    return rowIds(before, count(host.lookup(name)));
  }
  const t = tryLookup(name);
  if (t === undefined && !(y instanceof Table || isKeyed(y))) return qerr(name, `${name} is undefined`);
  const next = t === undefined ? y : insertTable(t, y);
  host.assign(name, next);
  return rowIds(t === undefined ? 0 : count(t), count(next));
}

/** The long vector `from + til (to - from)`. */
function rowIds(from: number, to: number): Vec {
  const ids = new BigInt64Array(to - from);
  for (let i = 0; i < ids.length; i++) ids[i] = BigInt(from + i);
  return new Vec(7, ids);
}

/** `` `t put rows``: appends a row (or rows) to the table named t, in memory or on disk; returns t. */
export function put(x: Value, y: Value): Value {
  if (symText(x) === undefined) return qerr("type", "put needs the name of a table");
  return addRows(x, y);
}

/** Keywords that read and write tables and files. */
export const PERSIST_KEYWORDS: readonly Prim[] = [
  kwv("get", get, getRow),
  kw2("set", set),
  kw2("upsert", upsert),
  kw2("insert", insert),
  kw2("put", put),
];
