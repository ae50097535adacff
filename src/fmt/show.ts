/**
 * Console rendering of values, exactly as the q console prints them (the
 * rules of `.Q.s`/`.Q.s2` in q.k): vectors on one line, general lists one
 * item per line (lists of equal-count lists as aligned rows of cells),
 * dictionaries as `key| value` lines, tables with a header and a dashed
 * rule, keyed tables split by `|`; cells are q's `string` of items (nulls
 * blank); lines cut to the console width with `..`, output cut to the
 * console height. {@link compact} is q's one-line form (as `-3!`).
 *
 * @module
 */

import { Atom, Comp, count, Derived, Dict, Lambda, List, Prim, Proj, Table, type Value, Vec } from "../value/value.ts";
import { internAll } from "../value/sym.ts";
import { TYPE_NAMES } from "../value/types.ts";
import { fmtAtom, fmtItem, hex2, nullLetter, quoteBytes, strItem } from "./items.ts";

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
  const attr = x.attr ? "`" + "supg"[x.attr - 1] + "#" : "";
  return attr + fmtPlainVec(x, P, limit);
}

/** A vector's display without its attribute. */
function fmtPlainVec(x: Vec, P: number, limit: number): string {
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
  let len = 0, special = 0;
  for (let i = 0; i < n && len <= limit; i++) {
    const s = fmtItem(t, elemAt(x, i), P, true);
    if (/^-?0[NWw]$/.test(s)) special++;
    parts.push(s);
    len += s.length + 1;
  }
  let s = pre + parts.join(" ");
  if (t === 5) s += "h";
  else if (t === 6) s += "i";
  else if (t === 8 || t === 13) s += t === 8 ? "e" : "m";
  else if (t === 9 && parts.length === n && !parts.some((p) => /[.enw]/.test(p))) s += "f";
  // temporal nulls show bare (2000.01.01 0N); a vector of nothing else needs its letter
  else if (t >= 12 && special === n) s += nullLetter(t);
  return s;
}

/** The display text of a function value (lambdas show their source). */
export function fmtFn(f: Value): string {
  if (f instanceof Lambda) return f.src;
  if (f instanceof Prim) return f.name;
  if (f instanceof Proj) {
    let n = f.args.length; // trailing elided arguments are not shown: (2*) is *[2]
    while (n > 1 && f.args[n - 1] === undefined) n--;
    const args = f.args.slice(0, n).map((a) => (a === undefined ? "" : compact(a, 7)));
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
    // keys that would not parse back on their own are bracketed: (,`a)!,1 2
    const kk = x.k instanceof Table || x.k instanceof Dict || count(x.k) < 2 ? `(${k})` : k;
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

/** Lines of a value below the console's top level (q's `.Q.s2`). */
function block(x: Value, P: number): string[] {
  if (x instanceof Dict) return dictBlock(x, P);
  if (x instanceof Table) return tableBlock(x, P);
  if (x instanceof List) return listBlock(x, P);
  if (x instanceof Vec) return vecCells(x, P);
  return [compact(x, P)];
}

/** q's `string` of each item of a vector: no suffixes, nulls empty. */
function vecCells(x: Vec, P: number): string[] {
  const out: string[] = new Array(x.n);
  for (let i = 0; i < x.n; i++) out[i] = strItem(x.t, elemAt(x, i), P);
  return out;
}

/**
 * A general list, one item a line: in compact form when any item is an atom,
 * dictionary, table or function, when the items differ in count, or when they
 * are all strings, boolean or byte vectors; otherwise as aligned rows of cells.
 */
function listBlock(x: List, P: number): string[] {
  const a = x.a;
  if (a.length === 0) return [];
  const n = count(a[0]);
  let compactEach = false, t = -1;
  for (const y of a) {
    const ty = y instanceof Vec ? y.t : y instanceof List ? 0 : -1;
    if (ty < 0 || count(y) !== n) compactEach = true;
    t = t === -1 || t === ty ? ty : -2;
  }
  if (compactEach || t === 1 || t === 4 || t === 10) return a.map((y) => compact(y, P));
  return tab(a.map((y) => block(y, P)));
}

/** Rows of cells padded to their column's widest cell, joined by blanks. */
function tab(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) for (let j = 0; j < r.length; j++) widths[j] = Math.max(widths[j] ?? 0, r[j].length);
  return rows.map((r) => r.map((c, j) => c.padEnd(widths[j])).join(" "));
}

/** Header, a rule of dashes as wide as the header, and the rows of a table. */
function tableBlock(t: Table, P: number): string[] {
  // a cell holding a list shows in compact form (`,102`, `` `a`b ``, "ab")
  const cols = t.data.map((c) => (c instanceof List ? c.a.map((y) => compact(y, P)) : block(c, P)));
  const n = cols.length ? cols[0].length : 0;
  const rows: string[][] = [[...t.cols]];
  for (let i = 0; i < n; i++) rows.push(cols.map((c) => c[i]));
  const ls = tab(rows);
  return [ls[0], "-".repeat(ls[0].length), ...ls.slice(1)];
}

/** `key| value` lines; a table on one side gets a blank and a dashed line on the other. */
function dictBlock(x: Dict, P: number): string[] {
  const vs = block(x.v, P), ks = headed(block(x.k, P), vs.length);
  const v2 = headed(vs, ks.length);
  let w = 0;
  for (const k of ks) if (k.length > w) w = k.length;
  return ks.map((k, i) => `${k.padEnd(w)}| ${v2[i]}`);
}

/** Prefixes a blank and a dashed line to `ls` when the other side has more lines. */
function headed(ls: string[], other: number): string[] {
  if (other <= ls.length) return ls;
  const w = ls.length ? ls[0].length : 0;
  return [" ".repeat(w), "-".repeat(w), ...ls];
}

/** The first `n` items of a list, dictionary or table (rows, for tables). */
function take(x: Value, n: number): Value {
  if (count(x) <= n) return x;
  if (x instanceof Vec) return new Vec(x.t, x.a.subarray(0, x.t === 2 ? n * 16 : n));
  if (x instanceof List) return new List(x.a.slice(0, n));
  if (x instanceof Table) return new Table(x.cols, x.data.map((c) => take(c, n)));
  if (x instanceof Dict) return new Dict(take(x.k, n), take(x.v, n));
  return x;
}

/** True for tables and keyed tables, which spend two lines on a header. */
function isTabular(x: Value): boolean {
  return x instanceof Table || (x instanceof Dict && x.k instanceof Table && x.v instanceof Table);
}

/**
 * The console text of a value (no trailing newline), as q's `.Q.s`: atoms
 * and vectors in compact form, functions as their text, lists, dictionaries
 * and tables by {@link block}; at most `\c` rows (a last line `..` marks
 * the cut) and lines cut to the `\c` width with `..`.
 */
export function render(x: Value, c: ConsoleSize = DEFAULT_CONSOLE): string {
  if (x instanceof Prim && x.name === "::") return "";
  const P = c.precision;
  const rows = Math.max(c.rows, 10), w = Math.max(c.cols, 10) - 1;
  let ls: string[];
  if (x instanceof Atom || x instanceof Vec) ls = [compact(x, P, w + 2)];
  else if (x instanceof Dict || x instanceof Table || x instanceof List) {
    const n = rows - 2 - (isTabular(x) ? 2 : 0);
    const cut = count(x) > n;
    ls = block(take(x, cut ? n - 1 : n), P);
    if (cut) ls.push("..");
  } else ls = fmtFn(x).split("\n");
  return ls.map((l) => (l.length > w ? l.slice(0, w - 2) + ".." : l)).join("\n");
}
