/**
 * Console rendering of values, exactly as the q console prints them:
 * vectors on one line, general lists one item per line, dictionaries as
 * `key| value` lines, tables with a header and a dashed rule, keyed tables
 * split by `|`; lines cut to the console width with `..`, output cut to
 * the console height. {@link compact} is q's one-line form (as `-3!`).
 *
 * @module
 */

import { Atom, Comp, count, Derived, Dict, Lambda, List, Prim, Proj, Table, type Value, Vec } from "../value/value.ts";
import { isNullElem } from "../value/nulls.ts";
import { internAll } from "../value/sym.ts";
import { TYPE_NAMES } from "../value/types.ts";
import { fmtAtom, fmtG, fmtItem, hex2, quoteBytes } from "./items.ts";

/** Console settings that shape output: `\P` precision and `\c` size. */
export interface ConsoleSize {
  /** Significant digits for floats (`\P`), 0 meaning 17. */
  precision: number;
  /** Console height in lines (`\c` first number). */
  rows: number;
  /** Console width in characters (`\c` second number). */
  cols: number;
}

/** q's defaults: `\P 7`, `\c 25 80`. */
export const DEFAULT_CONSOLE: ConsoleSize = { precision: 7, rows: 25, cols: 80 };

/** Raw element `i` of a vector (bigint for 64-bit types, bytes for guids). */
export function elemAt(x: Vec, i: number): number | bigint | Uint8Array {
  return x.t === 2 ? x.a.subarray(i * 16, i * 16 + 16) as Uint8Array : x.a[i];
}

/** Vector text, with suffix; stops early once past `limit` characters. */
export function fmtVec(x: Vec, P: number, limit = Infinity): string {
  const n = x.n, t = x.t;
  if (n === 0) return t === 10 ? '""' : "`" + TYPE_NAMES[t] + "$()";
  const pre = n === 1 ? "," : "";
  if (t === 10) return pre + quoteBytes(x.a as Uint8Array);
  if (t === 1) {
    let s = pre;
    for (let i = 0; i < n && s.length <= limit; i++) s += x.a[i] ? "1" : "0";
    return s + "b";
  }
  if (t === 4) {
    let s = pre + "0x";
    for (let i = 0; i < n && s.length <= limit; i++) s += hex2(x.a[i] as number);
    return s;
  }
  if (t === 11) {
    let s = pre;
    for (let i = 0; i < n && s.length <= limit; i++) s += "`" + fmtItem(11, x.a[i], P);
    return s;
  }
  const parts: string[] = [];
  let len = 0;
  for (let i = 0; i < n && len <= limit; i++) {
    const s = fmtItem(t, elemAt(x, i), P);
    parts.push(s);
    len += s.length + 1;
  }
  let s = pre + parts.join(" ");
  if (t === 5) s += "h";
  else if (t === 6) s += "i";
  else if (t === 8 || t === 13) s += t === 8 ? "e" : "m";
  else if (t === 9 && parts.length === n && !parts.some((p) => /[.enw]/.test(p))) s += "f";
  return s;
}

/** The display text of a function value (lambdas show their source). */
export function fmtFn(f: Value): string {
  if (f instanceof Lambda) return f.src;
  if (f instanceof Prim) return f.name;
  if (f instanceof Proj) {
    const args = f.args.map((a) => (a === undefined ? "" : compact(a, 7)));
    return `${fmtFnOperand(f.f)}[${args.join(";")}]`;
  }
  if (f instanceof Derived) return fmtFnOperand(f.f) + f.glyph;
  if (f instanceof Comp) return `'[${f.fs.map((g) => compact(g, 7)).join(";")}]`;
  return compact(f, 7);
}

function fmtFnOperand(f: Value): string {
  if (f instanceof Lambda || f instanceof Prim || f instanceof Derived) return fmtFn(f);
  const s = compact(f, 7);
  return f instanceof Proj ? s : `(${s})`;
}

/**
 * q's one-line form of any value: vectors as literals, general lists as
 * `(a;b)`, dictionaries as `k!v`, tables as `+k!v`. `limit` lets a caller
 * stop formatting long vectors early (the result is cut by the caller).
 */
export function compact(x: Value, P: number, limit = Infinity): string {
  if (x instanceof Atom) return fmtAtom(-x.t, x.v, P);
  if (x instanceof Vec) return fmtVec(x, P, limit);
  if (x instanceof List) {
    const n = x.a.length;
    if (n === 0) return "()";
    if (n === 1) return "," + compact(x.a[0], P, limit);
    const parts: string[] = [];
    let len = 0;
    for (let i = 0; i < n && len <= limit; i++) {
      const s = compact(x.a[i], P, limit - len);
      parts.push(s);
      len += s.length + 1;
    }
    return `(${parts.join(";")})`;
  }
  if (x instanceof Dict) {
    const k = compact(x.k, P, limit);
    const kk = x.k instanceof Table || x.k instanceof Dict ? `(${k})` : k;
    return `${kk}!${compact(x.v, P, limit)}`;
  }
  if (x instanceof Table) {
    return "+" + compact(new Dict(symVec(x.cols), new List([...x.data])), P, limit);
  }
  return fmtFn(x);
}

function symVec(names: readonly string[]): Value {
  return new Vec(11, internAll(names));
}

/**
 * The text of each cell of a column (a vector or a general list), as
 * tables and dictionaries show them: no type suffixes, nulls blank,
 * symbols without backticks.
 */
export function cells(col: Value, P: number, n = count(col)): string[] {
  const out: string[] = new Array(n);
  if (col instanceof Vec) {
    const t = col.t;
    for (let i = 0; i < n; i++) {
      const v = elemAt(col, i);
      if (t !== 1 && t !== 4 && t !== 2 && isNullElem(t, v as number | bigint)) out[i] = "";
      else if (t === 4) out[i] = "0x" + hex2(v as number);
      else if (t === 9 || t === 8) out[i] = fmtG(v as number, P);
      else out[i] = fmtItem(t, v, P);
    }
    return out;
  }
  if (col instanceof List) {
    for (let i = 0; i < n; i++) out[i] = compact(col.a[i], P);
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = compact(col, P);
  return out;
}

/** The first `n` items of a column (for display of long tables). */
function headOf(col: Value, n: number): Value {
  if (col instanceof Vec) return count(col) <= n ? col : new Vec(col.t, col.a.subarray(0, col.t === 2 ? n * 16 : n));
  if (col instanceof List) return col.a.length <= n ? col : new List(col.a.slice(0, n));
  return col;
}

function padRight(s: string, w: number): string {
  return s.length >= w ? s : s + " ".repeat(w - s.length);
}

/** Lines of a table body: header, rule and rows, columns padded. */
function tableBlock(t: Table, P: number, maxRows: number): { head: string; rule: string; rows: string[] } {
  const n = Math.min(count(t), maxRows);
  const cols = t.cols.map((name, j) => {
    const cs = cells(headOf(t.data[j], n), P, n);
    let w = name.length;
    for (const c of cs) if (c.length > w) w = c.length;
    return { name, cs, w };
  });
  const head = cols.map((c) => padRight(c.name, c.w)).join(" ");
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(cols.map((c) => padRight(c.cs[i], c.w)).join(" "));
  return { head, rule: "-".repeat(head.length), rows };
}

/**
 * Rows of a list of equal-length lists, shown as a matrix: each row's items
 * as cells, columns padded to their widest cell. Undefined when the items
 * are not lists of one length (strings are not matrices).
 */
function matrix(rows: readonly Value[], P: number): string[] | undefined {
  let n = -1;
  for (const r of rows) {
    if (!(r instanceof Vec || r instanceof List) || (r instanceof Vec && r.t === 10)) return undefined;
    const m = count(r);
    if (n >= 0 && m !== n) return undefined;
    n = m;
  }
  if (n <= 0) return undefined;
  const grid = rows.map((r) => cells(r, P, n));
  const widths = new Array<number>(n).fill(0);
  for (const g of grid) for (let j = 0; j < n; j++) widths[j] = Math.max(widths[j], g[j].length);
  return grid.map((g) => g.map((cell, j) => padRight(cell, widths[j])).join(" "));
}

/** Lines a value occupies on the console, before width/height cuts. */
function lines(x: Value, c: ConsoleSize): string[] {
  const P = c.precision;
  const maxRows = Math.max(c.rows, 10);
  const limit = Math.max(c.cols, 10) + 8;
  if (x instanceof Table) {
    const b = tableBlock(x, P, maxRows);
    return [b.head, b.rule, ...b.rows];
  }
  if (x instanceof Dict) {
    if (x.k instanceof Table && x.v instanceof Table) {
      const k = tableBlock(x.k, P, maxRows), v = tableBlock(x.v, P, maxRows);
      const out = [`${k.head}| ${v.head}`, `${k.rule}| ${v.rule}`];
      for (let i = 0; i < k.rows.length; i++) out.push(`${k.rows[i]}| ${v.rows[i] ?? ""}`);
      return out;
    }
    const n = Math.min(count(x.k), maxRows);
    if (n === 0 && count(x.k) === 0) return [];
    const ks = cells(headOf(x.k, n), P, n);
    const vhead = headOf(x.v, n);
    const vs = x.v instanceof Table
      ? lines(x.v, c)
      : (vhead instanceof List && n > 1 && matrix(vhead.a, P)) || cells(vhead, P, n);
    let w = 0;
    for (const k of ks) if (k.length > w) w = k.length;
    return ks.map((k, i) => `${padRight(k, w)}| ${vs[i] ?? ""}`);
  }
  if (x instanceof List) {
    if (x.a.length <= 1) return [compact(x, P, limit)];
    const shown = x.a.length > maxRows ? x.a.slice(0, maxRows) : x.a;
    return matrix(shown, P) ?? shown.map((item) => compact(item, P, limit));
  }
  return [compact(x, P, limit)];
}

/**
 * The console text of a value (no trailing newline): cut to `\c` width
 * (long lines end in `..`) and height (a last line of `..`).
 */
export function render(x: Value, c: ConsoleSize = DEFAULT_CONSOLE): string {
  if (x instanceof Prim && x.name === "::") return "";
  const rows = Math.max(c.rows, 10), cols = Math.max(c.cols, 10);
  let ls = lines(x, c);
  const total = x instanceof List
    ? x.a.length
    : x instanceof Table
    ? count(x) + 2
    : x instanceof Dict
    ? count(x.k) + (x.k instanceof Table ? 2 : 0)
    : ls.length;
  if (Math.max(total, ls.length) > rows - 2) ls = [...ls.slice(0, rows - 3), ".."];
  return ls.map((l) => (l.length > cols - 1 ? l.slice(0, cols - 3) + ".." : l)).join("\n");
}
