/**
 * The hand-written, context-sensitive q lexer. It decides what ASCII
 * symbols mean from their neighbours, as q does:
 *
 * - `x-1` is a subtraction, `x -1` applies `x` to `-1`, `1 -1` is a vector;
 * - `/` starts a comment only at line start or after white space, else it
 *   is an iterator; a line holding only `/` opens a block comment;
 * - iterators (`' / \ ': /: \:`) bind to the token immediately to their
 *   left; a `'` with nothing to bind to is Signal;
 * - a whole vector literal (`1 2 3h`, `` `a`b ``, `2024.01.01 0Nd`) is one
 *   token that already carries its value.
 *
 * An iterator glyph with nothing to bind to (`'[count]`, `/[+]` after `;`
 * or an open bracket) is lexed as a Verb, so bracket notation can apply it.
 *
 * Tokens form the linked list typescript-parsec consumes.
 *
 * @module
 */

import type { Token, TokenPosition } from "typescript-parsec";
import { QError } from "../err/qerror.ts";
import { Atom, type Value, Vec } from "../value/value.ts";
import { intern } from "../value/sym.ts";
import { NUM_ITEM, numericValue, type NumItem, parseNumItem } from "./literals.ts";

/** Token kinds. */
export enum K {
  /** Numeric, temporal, boolean or byte literal (atom or vector). */
  Num,
  /** Symbol atom or vector. */
  Sym,
  /** Char atom or string. */
  Str,
  /** Identifier, possibly dotted (`.z.p`, `a.b`). */
  Name,
  /**
   * Operator glyph: `+ - * % ! & | < > = ~ , ^ # _ $ ? @ .`, `<= >= <>`, `0: 1: 2:`, Signal `'`, and an
   * iterator glyph with nothing to its left.
   */
  Verb,
  /** A glyph followed by `:` (`+:` `#:`): compound assignment or unary form. */
  VerbColon,
  /** Iterator glyph bound to its left: `' / \ ': /: \:`. */
  Adverb,
  /** `:` */
  Colon,
  /** `::` */
  DColon,
  /** `(` */
  LP,
  /** `)` */
  RP,
  /** `[` */
  LB,
  /** `]` */
  RB,
  /** `{` */
  LC,
  /** `}` */
  RC,
  /** `;` */
  Semi,
  /** A line break at bracket depth 0 (ends a statement). */
  NL,
  /** A `\` system command line; text is the command without the backslash. */
  Sys,
}

/** A token with the extras BorF needs: its value, offsets and spacing. */
export interface QToken extends Token<K> {
  /** The next token, or undefined at the end. */
  next: QToken | undefined;
  /** The value of a literal token. */
  value?: Value;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset one past the last character. */
  end: number;
  /** True when white space (or a line start) comes right before the token. */
  space: boolean;
}

const VERB_CHARS = "+-*%!&|<>=~,^#_$?@.";
const NAME_START = /[A-Za-z]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** Kinds after which a `-` glued to a number is Subtract, not a sign. */
const VALUE_END = new Set([K.Name, K.Num, K.Sym, K.Str, K.RP, K.RB, K.RC]);

/** Lexer options. */
export interface LexOptions {
  /** Script mode: a line holding only `\` ends the script (the rest is ignored). */
  script?: boolean;
}

/**
 * Lexes `src` into tokens; token offsets refer to `src` (for error carets).
 * Throws q's parse errors: `'"` for an unterminated string, `'char` for a
 * character q does not use.
 */
export function lex(src: string, opts: LexOptions = {}): QToken[] {
  const out: QToken[] = [];
  let i = 0;
  let depth = 0;
  let row = 1;
  let lineStart = 0;
  let space = true;
  const n = src.length;

  const push = (kind: K, start: number, end: number, value?: Value, text = src.slice(start, end)) => {
    const pos: TokenPosition = {
      index: start,
      rowBegin: row,
      columnBegin: start - lineStart + 1,
      rowEnd: row,
      columnEnd: end - lineStart + 1,
    };
    const t: QToken = { kind, text, pos, next: undefined, value, start, end, space };
    if (out.length) out[out.length - 1].next = t;
    out.push(t);
    space = false;
  };
  const prev = () => out[out.length - 1];
  const fail = (msg: string, at: number, qname = "parse"): never => {
    throw new QError(qname, msg, { start: at, end: at + 1, src });
  };

  while (i < n) {
    const c = src[i];
    const atLineStart = i === lineStart;

    if (atLineStart) {
      // block comment: a line holding only "/" up to a line holding only "\"
      const eol = lineEnd(src, i);
      const line = src.slice(i, eol);
      if (/^\/\s*$/.test(line)) {
        let j = eol;
        while (j < n) {
          const s = j + 1, e = lineEnd(src, s);
          row++;
          lineStart = s;
          j = e;
          if (/^\\\s*$/.test(src.slice(s, e))) break;
        }
        i = j;
        space = true;
        continue;
      }
      if (c === "\\" && depth === 0) {
        if (opts.script && /^\\\s*$/.test(line)) break;
        push(K.Sys, i, eol, undefined, line.slice(1));
        i = eol;
        continue;
      }
    }

    if (c === "\n") {
      // inside brackets a line break is white space; at depth 0 it ends the
      // statement unless the next line is indented (a continuation)
      const next = src[i + 1];
      if (depth === 0 && next !== " " && next !== "\t") push(K.NL, i, i + 1);
      i++;
      row++;
      lineStart = i;
      space = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      space = true;
      continue;
    }
    if (c === "/" && (space || atLineStart)) {
      i = lineEnd(src, i);
      continue;
    }

    // strings
    if (c === '"') {
      const [bytes, end] = scanString(src, i + 1, fail);
      push(K.Str, i, end, bytes.length === 1 ? new Atom(-10, bytes[0]) : new Vec(10, bytes));
      i = end;
      continue;
    }

    // symbols
    if (c === "`") {
      const start = i;
      const ids: number[] = [];
      while (src[i] === "`") {
        i++;
        const s = i;
        // a path may follow a colon: `:dir/file, `c:/q/test.txt
        let path = src[i] === ":";
        while (i < n && (/[A-Za-z0-9._:]/.test(src[i]) || (path && /[/\\]/.test(src[i])))) {
          if (src[i] === ":") path = true;
          i++;
        }
        ids.push(intern(src.slice(s, i)));
      }
      push(K.Sym, start, i, ids.length === 1 ? new Atom(-11, ids[0]) : new Vec(11, Int32Array.from(ids)));
      continue;
    }

    // numbers (with a glued sign when the minus is not Subtract)
    const p = prev();
    const minusIsSign = c === "-" && !(p && !space && VALUE_END.has(p.kind));
    if (isDigit(c) || (c === "." && isDigit(src[i + 1] ?? "")) || (minusIsSign && startsNumber(src, i + 1))) {
      // file verbs 0: 1: 2:
      if (
        /[0-2]/.test(c) && src[i + 1] === ":" && !(isDigit(src[i + 2] ?? "") && isDigit(src[i + 3] ?? ""))
      ) {
        push(src[i + 2] === ":" ? K.VerbColon : K.Verb, i, i + 2, undefined, src.slice(i, i + 2));
        i += src[i + 2] === ":" ? 3 : 2;
        continue;
      }
      const end = scanNumber(src, i, push, fail);
      i = end;
      continue;
    }

    // names
    if (NAME_START.test(c) || (c === "." && NAME_START.test(src[i + 1] ?? ""))) {
      const s = i;
      i++;
      while (i < n && (NAME_CHAR.test(src[i]) || (src[i] === "." && NAME_START.test(src[i + 1] ?? "")))) i++;
      push(K.Name, s, i);
      continue;
    }

    switch (c) {
      case "(":
      case "[":
      case "{":
        depth++;
        push(c === "(" ? K.LP : c === "[" ? K.LB : K.LC, i, i + 1);
        i++;
        continue;
      case ")":
      case "]":
      case "}":
        depth = Math.max(0, depth - 1);
        push(c === ")" ? K.RP : c === "]" ? K.RB : K.RC, i, i + 1);
        i++;
        continue;
      case ";":
        push(K.Semi, i, i + 1);
        i++;
        continue;
      case ":":
        if (src[i + 1] === ":") {
          push(K.DColon, i, i + 2);
          i += 2;
        } else {
          push(K.Colon, i, i + 1);
          i++;
        }
        continue;
      case "'":
      case "/":
      case "\\": {
        const two = src[i + 1] === ":";
        const glyph = two ? c + ":" : c;
        const bound = p !== undefined && !space && p.kind !== K.LP && p.kind !== K.LB && p.kind !== K.LC &&
          p.kind !== K.Semi && p.kind !== K.NL && p.kind !== K.Colon && p.kind !== K.DColon;
        push(bound ? K.Adverb : K.Verb, i, i + (two ? 2 : 1), undefined, glyph);
        i += two ? 2 : 1;
        continue;
      }
    }

    if (VERB_CHARS.includes(c)) {
      let len = 1;
      const two = src.slice(i, i + 2);
      if (two === "<=" || two === ">=" || two === "<>") len = 2;
      if (src[i + len] === ":") {
        // `+:` and the global compound assignment `+::`
        const end = i + len + (src[i + len + 1] === ":" ? 2 : 1);
        push(K.VerbColon, i, end);
        i = end;
      } else {
        push(K.Verb, i, i + len);
        i += len;
      }
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`, i, "char");
  }
  return out;
}

function lineEnd(src: string, i: number): number {
  const e = src.indexOf("\n", i);
  return e < 0 ? src.length : e;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function startsNumber(src: string, i: number): boolean {
  return isDigit(src[i] ?? "") || (src[i] === "." && isDigit(src[i + 1] ?? ""));
}

const ESC: Record<string, number> = { n: 10, t: 9, r: 13, "\\": 92, '"': 34 };

type Fail = (msg: string, at: number, qname?: string) => never;

function scanString(src: string, i: number, fail: Fail): [Uint8Array, number] {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  const start = i - 1;
  while (i < src.length && src[i] !== '"') {
    const c = src[i];
    if (c === "\\") {
      const d = src[i + 1];
      if (d !== undefined && /[0-7]/.test(d) && /^[0-7]{3}$/.test(src.slice(i + 1, i + 4))) {
        bytes.push(parseInt(src.slice(i + 1, i + 4), 8) & 255);
        i += 4;
        continue;
      }
      if (d !== undefined && d in ESC) {
        bytes.push(ESC[d]);
        i += 2;
        continue;
      }
      bytes.push(92);
      i++;
      continue;
    }
    const cp = src.codePointAt(i)!;
    if (cp < 128) bytes.push(cp);
    else for (const b of enc.encode(String.fromCodePoint(cp))) bytes.push(b);
    i += cp > 0xffff ? 2 : 1;
  }
  if (i >= src.length) fail("unterminated string", start, '"');
  return [Uint8Array.from(bytes), i + 1];
}

type Push = (kind: K, start: number, end: number, value?: Value, text?: string) => void;

/** Characters that may end a numeric literal (`1_x` is Drop: `_` ends the number). */
const DELIM = /[^A-Za-z0-9.:]/;

/** Scans a numeric literal run starting at `i`; pushes one Num token; returns the end offset. */
function scanNumber(src: string, i: number, push: Push, fail: Fail): number {
  const start = i;
  // bytes: 0x...
  const bx = /0x([0-9a-fA-F]*)/y;
  bx.lastIndex = i;
  let m = bx.exec(src);
  if (m && (m.index + m[0].length >= src.length || DELIM.test(src[m.index + m[0].length]))) {
    const hex = m[1].length % 2 ? "0" + m[1] : m[1];
    const bytes = new Uint8Array(hex.length / 2);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
    const end = i + m[0].length;
    push(K.Num, start, end, m[1].length <= 2 && m[1].length > 0 ? new Atom(-4, bytes[0]) : new Vec(4, bytes));
    return end;
  }
  // booleans: [01]+b
  const bb = /([01]+)b/y;
  bb.lastIndex = i;
  m = bb.exec(src);
  if (m && (m.index + m[0].length >= src.length || DELIM.test(src[m.index + m[0].length]))) {
    const bits = Uint8Array.from(m[1], (ch) => (ch === "1" ? 1 : 0));
    const end = i + m[0].length;
    push(K.Num, start, end, bits.length === 1 ? new Atom(-1, bits[0]) : new Vec(1, bits));
    return end;
  }
  const items: NumItem[] = [];
  let end = i;
  let j = i;
  for (;;) {
    NUM_ITEM.lastIndex = j;
    const mm = NUM_ITEM.exec(src);
    if (!mm || mm[0].length === 0) {
      if (items.length === 0) fail("malformed number", j);
      break;
    }
    const after = j + mm[0].length;
    if (after < src.length && !DELIM.test(src[after])) {
      if (items.length === 0) fail(`malformed number ${JSON.stringify(src.slice(j, after + 1))}`, j);
      break;
    }
    const item = parseNumItem(mm[0]);
    if (!item) {
      if (items.length === 0) fail(`malformed number ${JSON.stringify(mm[0])}`, j);
      break;
    }
    items.push(item);
    end = after;
    // another item follows after spaces?
    let k = after;
    while (src[k] === " " || src[k] === "\t") k++;
    if (k === after || k >= src.length) break;
    const c = src[k];
    if (
      !(isDigit(c) || (c === "-" && startsNumber(src, k + 1)) || (c === "." && isDigit(src[k + 1] ?? "")) ||
        (c === "-" && src[k + 1] === "0"))
    ) break;
    if (c === "0" && src[k + 1] === ":" && !isDigit(src[k + 2] ?? "")) break;
    j = k;
  }
  const v = numericValue(items);
  if (!v) fail("mixed types in vector literal", start);
  push(K.Num, start, end, v);
  return end;
}
