/**
 * The BorF abstract syntax tree: a discriminated union on `k`. Every node
 * carries its source offsets (`s`, `e`) so errors can point at it.
 *
 * @module
 */

import type { Value } from "../value/value.ts";

/** Offsets of a node in its source. */
export interface At {
  /** Offset of the first character. */
  s: number;
  /** Offset one past the last character. */
  e: number;
}

/** A literal value (number, temporal, symbol, string, vector). */
export interface Lit extends At {
  k: "lit";
  v: Value;
}
/** A name to look up (`x`, `.z.p`, `a.b`). */
export interface Name extends At {
  k: "name";
  name: string;
}
/** An operator glyph as a value or in application (`+`, `<=`, `0:`). */
export interface Verb extends At {
  k: "verb";
  glyph: string;
}
/** A k unary form written with a colon suffix (`#:` count). */
export interface UnaryForm extends At {
  k: "unary";
  glyph: string;
}
/** An iterator applied to its operand (`+/`, `f'`). */
export interface AdverbNode extends At {
  k: "adverb";
  f: Node;
  glyph: string;
}
/** Bracket application or indexing `f[a;b]`; `null` marks an elided argument. */
export interface Index extends At {
  k: "index";
  f: Node;
  args: (Node | null)[];
}
/** Prefix application by juxtaposition `f x`. */
export interface App extends At {
  k: "app";
  f: Node;
  x: Node;
}
/** Infix application `x f y`. */
export interface Dyad extends At {
  k: "dyad";
  f: Node;
  x: Node;
  y: Node;
}
/** A left operand with no right: `(2+)` projects the operator on its left argument. */
export interface LeftProj extends At {
  k: "proj";
  f: Node;
  x: Node;
}
/** Composition of functions: `(0|+)` applies `+`, then `0|`; `fs` run right to left. */
export interface CompNode extends At {
  k: "comp";
  fs: Node[];
}
/** List notation `(a;b;c)`; `null` items are empty expressions. */
export interface ListNode extends At {
  k: "list";
  items: (Node | null)[];
}
/** A lambda `{[a;b] …}`; `params` is null when implicit (x, y, z). */
export interface LambdaNode extends At {
  k: "lambda";
  params: string[] | null;
  body: (Node | null)[];
  src: string;
}
/**
 * Assignment: `a:v`, `a::v` (global), `a[i]:v` (amend), `a+:v` (modify),
 * `a[i],:v`.
 */
export interface Assign extends At {
  k: "assign";
  name: string;
  idx: (Node | null)[] | null;
  /** The glyph of a compound assignment (`+` in `a+:1`), else null. */
  op: string | null;
  value: Node;
  global: boolean;
}
/** Early return `:x` inside a lambda. */
export interface Return extends At {
  k: "ret";
  x: Node;
}
/** Conditional `$[c;t;f;…]`. */
export interface Cond extends At {
  k: "cond";
  args: (Node | null)[];
}
/** Control word `if[…]`, `do[…]`, `while[…]`. */
export interface Ctrl extends At {
  k: "ctrl";
  word: "if" | "do" | "while";
  args: (Node | null)[];
}
/** Table notation `([k:…] c:…)`. */
export interface TableNode extends At {
  k: "table";
  keys: [string, Node][];
  cols: [string, Node][];
}
/** A qSQL template: select, exec, update or delete. */
export interface QSql extends At {
  k: "qsql";
  op: "select" | "exec" | "update" | "delete";
  /** Contents of `select[…]` (row limit and sort), if given. */
  limit: (Node | null)[] | null;
  distinct: boolean;
  /** Column phrase: [name or null, expression]. */
  cols: [string | null, Node][];
  /** `by` phrase, or null without `by`. */
  by: [string | null, Node][] | null;
  from: Node;
  where: Node[];
  /** Column names for `delete a,b from t`. */
  names: string[];
}
/** The generic null `::` written in source. */
export interface Nil extends At {
  k: "nil";
}
/** The assignment operator `:` used as a value (in `@[x;i;:;y]`). */
export interface ColonFn extends At {
  k: "colon";
}
/** A `\` system command line. */
export interface Sys extends At {
  k: "sys";
  cmd: string;
}
/** Several statements separated by `;`; evaluates to the last. */
export interface Seq extends At {
  k: "seq";
  items: (Node | null)[];
}

/** Any AST node. */
export type Node =
  | Lit
  | Name
  | Verb
  | UnaryForm
  | AdverbNode
  | Index
  | App
  | Dyad
  | LeftProj
  | CompNode
  | ListNode
  | LambdaNode
  | Assign
  | Return
  | Cond
  | Ctrl
  | TableNode
  | QSql
  | Nil
  | ColonFn
  | Sys
  | Seq;
