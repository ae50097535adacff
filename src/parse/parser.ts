/**
 * The BorF grammar, written with typescript-parsec's short-circuiting
 * combinators over the tokens of `lex/`. An expression is parsed as a flat
 * run of terms (nouns and verbs, each with its brackets and iterators) and
 * then folded right to left in a loop, which is how q binds: the right
 * argument of a verb is everything to its right, the left argument the one
 * term to its left. A script is split into statements before parsing, so
 * no combinator ever repeats over a whole program.
 *
 * @module
 */

import {
  alt_sc,
  apply,
  kmid,
  list_sc,
  opt_sc,
  type Parser,
  type ParserOutput,
  rule,
  seq,
  tok,
  type Token,
} from "typescript-parsec";
import { QError } from "../err/qerror.ts";
import { K, lex, type LexOptions, type QToken } from "../lex/lexer.ts";
import type * as A from "./ast.ts";

/** q keywords that take their left argument infix (`x in y`). */
export const INFIX_KEYWORDS: ReadonlySet<string> = new Set([
  "and",
  "asof",
  "bin",
  "binr",
  "cor",
  "cov",
  "cross",
  "cut",
  "div",
  "dsave",
  "each",
  "ej",
  "ema",
  "except",
  "fby",
  "ij",
  "ijf",
  "in",
  "insert",
  "inter",
  "like",
  "lj",
  "ljf",
  "lsq",
  "mavg",
  "mcount",
  "mdev",
  "mmax",
  "mmin",
  "mmu",
  "mod",
  "msum",
  "or",
  "over",
  "peach",
  "pj",
  "prior",
  "put",
  "rotate",
  "scan",
  "scov",
  "set",
  "setm",
  "ss",
  "sublist",
  "sv",
  "uj",
  "ujf",
  "union",
  "upsert",
  "vs",
  "wavg",
  "within",
  "wsum",
  "xasc",
  "xbar",
  "xcol",
  "xcols",
  "xdesc",
  "xexp",
  "xgroup",
  "xkey",
  "xlog",
  "xprev",
  "xrank",
]);

const QSQL_WORDS = new Set(["select", "exec", "update", "delete"]);

/** A term of an expression before folding: a node and whether it binds infix. */
interface Term {
  node: A.Node;
  verb: boolean;
}

type P<T> = Parser<K, T>;

/** A parser matching one token that satisfies `pred`. */
function tokIf(pred: (t: QToken) => boolean, expected: string): P<QToken> {
  return {
    parse(token: Token<K> | undefined): ParserOutput<K, QToken> {
      if (token && pred(token as QToken)) {
        return {
          successful: true,
          candidates: [{ firstToken: token, nextToken: token.next, result: token as QToken }],
          error: undefined,
        };
      }
      return { successful: false, error: { kind: "Error", pos: token?.pos, message: expected } };
    },
  };
}

/**
 * Greedy repetition in linear time (typescript-parsec's `rep_sc` copies its
 * result array at every step). The grammar is unambiguous, so the first
 * candidate that consumes input is the only one.
 */
function many<T>(p: P<T>): P<T[]> {
  return {
    parse(token: Token<K> | undefined): ParserOutput<K, T[]> {
      const items: T[] = [];
      let next = token;
      for (;;) {
        const out = p.parse(next);
        const step = out.successful ? out.candidates.find((c) => c.nextToken !== next) : undefined;
        if (!step) {
          const result = [{ firstToken: token, nextToken: next, result: items }];
          return { successful: true, candidates: result, error: out.error };
        }
        items.push(step.result);
        next = step.nextToken;
      }
    },
  };
}

/** Iterator glyphs, which bracket notation can apply as functions (`'[count]`, `/[+]`). */
const ITERATOR_GLYPHS = new Set(["'", "/", "\\", "':", "/:", "\\:"]);

const isWord = (w: string) => (t: QToken) => t.kind === K.Name && t.text === w;

/** Offsets spanned by a token range from typescript-parsec's `apply`. */
function span(range: [Token<K> | undefined, Token<K> | undefined], fallback = 0): A.At {
  const first = range[0] as QToken | undefined;
  let last: QToken | undefined = first;
  for (let t = first; t && t !== range[1]; t = t.next) last = t;
  return { s: first ? first.start : fallback, e: last ? last.end : fallback };
}

/**
 * Folds a run of terms right to left into one expression node. When the
 * expression to the right is still a function (it ends in a verb with no
 * right argument, as in `(0|+)`), a verb to its left composes with it
 * instead of applying to it.
 */
function fold(terms: Term[]): A.Node {
  let i = terms.length - 1;
  let acc: A.Node;
  let fn: boolean; // acc is a function still waiting for its argument
  const last = terms[i];
  if (last.verb && i > 0 && !terms[i - 1].verb) {
    acc = { k: "proj", f: last.node, x: terms[i - 1].node, s: terms[i - 1].node.s, e: last.node.e };
    fn = true;
    i -= 2;
  } else {
    acc = last.node;
    fn = last.verb;
    i--;
  }
  while (i >= 0) {
    const t = terms[i];
    if (t.verb) {
      const hasLeft = i > 0 && (!terms[i - 1].verb || operandVerb(terms, i));
      const x = hasLeft ? terms[i - 1].node : null;
      if (fn) {
        const f: A.Node = x ? { k: "proj", f: t.node, x, s: x.s, e: t.node.e } : t.node;
        acc = { k: "comp", fs: [f, acc], s: f.s, e: acc.e };
      } else if (x) acc = { k: "dyad", f: t.node, x, y: acc, s: x.s, e: acc.e };
      else acc = { k: "app", f: t.node, x: acc, s: t.node.s, e: acc.e };
      i -= hasLeft ? 2 : 1;
    } else {
      acc = { k: "app", f: t.node, x: acc, s: t.node.s, e: acc.e };
      fn = false;
      i--;
    }
  }
  return acc;
}

/**
 * True when the glyph before apply `.` or index `@` at `i` is its left
 * operand, as in `+ . 2 3` (it has no left operand of its own).
 */
function operandVerb(terms: Term[], i: number): boolean {
  const t = terms[i].node, before = terms[i - 1].node;
  return t.k === "verb" && (t.glyph === "." || t.glyph === "@") && before.k === "verb" && (i < 2 || terms[i - 2].verb);
}

/** Where an expression is being parsed; qSQL phrases stop at `,` and keywords. */
type Mode = "normal" | "phrase" | "from";

interface Grammar {
  exprs: P<(A.Node | null)[]>;
}

function makeGrammar(): Grammar {
  const EXPRS = rule<K, (A.Node | null)[]>();
  const exprRules = new Map<Mode, ReturnType<typeof rule<K, A.Node>>>();
  const termRules = new Map<Mode, ReturnType<typeof rule<K, Term>>>();
  for (const m of ["normal", "phrase", "from"] as Mode[]) {
    exprRules.set(m, rule<K, A.Node>());
    termRules.set(m, rule<K, Term>());
  }
  const EXPR = (m: Mode) => exprRules.get(m)!;
  const TERM = (m: Mode) => termRules.get(m)!;

  const BRACKET: P<(A.Node | null)[]> = kmid(tok(K.LB), EXPRS, tok(K.RB));

  // ----- primaries
  const LIT: P<Term> = apply(
    tokIf((t) => t.kind === K.Num || t.kind === K.Sym || t.kind === K.Str, "literal"),
    (t) => ({ node: { k: "lit", v: t.value!, s: t.start, e: t.end }, verb: false }),
  );
  // `by`, `from` and `where` end a qSQL phrase (see the mode guards below); elsewhere they are names
  const NAME: P<Term> = apply(
    tokIf((t) => t.kind === K.Name && !QSQL_WORDS.has(t.text), "name"),
    (t) => ({ node: { k: "name", name: t.text, s: t.start, e: t.end }, verb: INFIX_KEYWORDS.has(t.text) }),
  );
  const VERB: P<Term> = apply(
    tokIf((t) => t.kind === K.Verb, "operator"),
    (t) => ({ node: { k: "verb", glyph: t.text, s: t.start, e: t.end }, verb: true }),
  );
  const UNARY: P<Term> = apply(
    tokIf((t) => t.kind === K.VerbColon, "unary form"),
    (t) => ({ node: { k: "unary", glyph: t.text.slice(0, -1), s: t.start, e: t.end }, verb: false }),
  );
  const NILT: P<Term> = apply(tok(K.DColon), (t) => ({
    node: { k: "nil", s: (t as QToken).start, e: (t as QToken).end },
    verb: false,
  }));
  const COLONFN: P<Term> = apply(tok(K.Colon), (t) => ({
    node: { k: "colon", s: (t as QToken).start, e: (t as QToken).end },
    verb: false,
  }));
  const SYS: P<Term> = apply(tok(K.Sys), (t) => ({
    node: { k: "sys", cmd: t.text, s: (t as QToken).start, e: (t as QToken).end },
    verb: false,
  }));

  const PAREN: P<Term> = apply(seq(tok(K.LP), EXPRS, tok(K.RP)), ([l, items, r]) => {
    const at = { s: (l as QToken).start, e: (r as QToken).end };
    if (items.length === 1) {
      const only = items[0];
      if (only === null) return { node: { k: "list", items: [], ...at } as A.Node, verb: false };
      return { node: only.k === "verb" || only.k === "adverb" ? { ...only, ...at } : only, verb: false };
    }
    return { node: { k: "list", items, ...at }, verb: false };
  });

  // table notation ([k:e] c:e; …)
  const COLSPEC: P<[string | null, A.Node] | null> = apply(opt_sc(EXPR("normal")), (n) => {
    if (!n) return null;
    if (n.k === "assign" && n.idx === null && n.op === null) return [n.name, n.value];
    return [n.k === "name" ? lastPart(n.name) : null, n];
  });
  const COLSPECS = list_sc(COLSPEC, tok(K.Semi));
  const TABLE: P<Term> = apply(
    seq(tok(K.LP), tok(K.LB), COLSPECS, tok(K.RB), COLSPECS, tok(K.RP)),
    ([l, , keys, , cols, r]) => {
      const named = (specs: ([string | null, A.Node] | null)[]) =>
        specs.filter((x): x is [string | null, A.Node] => x !== null).map(([nm, e]) =>
          [nm ?? "x", e] as [string, A.Node]
        );
      return {
        node: { k: "table", keys: named(keys), cols: named(cols), s: (l as QToken).start, e: (r as QToken).end },
        verb: false,
      };
    },
  );

  // lambdas {[a;b] …}
  const PARAMS: P<string[]> = apply(
    kmid(tok(K.LB), list_sc(opt_sc(tok(K.Name)), tok(K.Semi)), tok(K.RB)),
    (ps) => ps.filter((p) => p !== undefined).map((p) => p!.text),
  );
  const LAMBDA: P<Term> = apply(seq(tok(K.LC), opt_sc(PARAMS), EXPRS, tok(K.RC)), ([l, params, body, r]) => {
    const lt = l as QToken, rt = r as QToken;
    return {
      node: { k: "lambda", params: params ?? null, body, src: "", s: lt.start, e: rt.end },
      verb: false,
    };
  });

  // control words and $[…]
  const CTRL: P<Term> = apply(
    seq(
      tokIf((t) => t.kind === K.Name && (t.text === "if" || t.text === "do" || t.text === "while"), "control word"),
      BRACKET,
    ),
    ([w, args], range) => ({
      node: { k: "ctrl", word: w.text as "if" | "do" | "while", args, ...span(range) },
      verb: false,
    }),
  );
  const COND: P<Term> = apply(
    seq(
      tokIf((t) => t.kind === K.Verb && t.text === "$" && t.next?.kind === K.LB && !(t.next as QToken).space, "$["),
      BRACKET,
    ),
    ([, args], range): Term => {
      const at = span(range);
      if (args.length < 2) {
        const dollar: A.Node = { k: "verb", glyph: "$", s: at.s, e: at.s + 1 };
        return { node: { k: "index", f: dollar, args, ...at }, verb: false };
      }
      return { node: { k: "cond", args, ...at }, verb: false };
    },
  );

  // qSQL templates
  const PHRASE_ITEM: P<[string | null, A.Node]> = apply(EXPR("phrase"), (n): [string | null, A.Node] => {
    if (n.k === "assign" && n.idx === null && n.op === null && !n.global) return [n.name, n.value];
    return [null, n];
  });
  const COMMA = tokIf((t) => t.kind === K.Verb && t.text === ",", ",");
  const PHRASE = list_sc(PHRASE_ITEM, COMMA);
  // what follows select/exec/update/delete (and a select[…] limit): [distinct] [cols] [by …] from t [where …]
  const TEMPLATE_TAIL = seq(
    opt_sc(tokIf(isWord("distinct"), "distinct")),
    opt_sc(PHRASE),
    opt_sc(seq(tokIf(isWord("by"), "by"), PHRASE)),
    tokIf(isWord("from"), "from"),
    EXPR("from"),
    opt_sc(seq(tokIf(isWord("where"), "where"), PHRASE)),
  );
  const template = (
    op: A.QSql["op"],
    limit: (A.Node | null)[] | null,
    [distinct, cols, by, , from, where]: typeof TEMPLATE_TAIL extends P<infer T> ? T : never,
    at: A.At,
  ): Term => ({
    node: {
      k: "qsql",
      op,
      limit,
      distinct: distinct !== undefined,
      cols: op === "delete" ? [] : cols ?? [],
      by: by ? by[1] : null,
      from,
      where: (where ? where[1] : []).map(([nm, n]) => (nm !== null ? reassign(nm, n) : n)),
      names: op === "delete" && cols ? cols.map(([, n]) => (n.k === "name" ? n.name : "")) : [],
      ...at,
    },
    verb: false,
  });
  const QSQL: P<Term> = apply(
    seq(tokIf((t) => t.kind === K.Name && QSQL_WORDS.has(t.text), "select/exec/update/delete"), TEMPLATE_TAIL),
    ([w, tail], range) => template(w.text as A.QSql["op"], null, tail, span(range)),
  );
  // select[n] / select[>c]: the bracket is parsed as ordinary arguments
  const QSQL_LIMITED: P<Term> = apply(
    seq(
      tokIf((t) => t.kind === K.Name && (t.text === "select" || t.text === "exec"), "select"),
      kmid(tokIf((t) => t.kind === K.LB && !t.space, "["), EXPRS, tok(K.RB)),
      TEMPLATE_TAIL,
    ),
    ([w, limit, tail], range) => template(w.text as A.QSql["op"], limit, tail, span(range)),
  );

  // an expression block [e1;e2;…]: evaluated in order, the value of the last (as in $[c;[a;b];…])
  const BLOCK: P<Term> = apply(seq(tok(K.LB), EXPRS, tok(K.RB)), ([l, items, r]) => ({
    node: { k: "seq", items, s: (l as QToken).start, e: (r as QToken).end },
    verb: false,
  }));

  const PRIMARY: P<Term> = alt_sc(
    LIT,
    TABLE,
    PAREN,
    LAMBDA,
    CTRL,
    COND,
    QSQL_LIMITED,
    QSQL,
    NAME,
    VERB,
    UNARY,
    NILT,
    SYS,
    BLOCK,
  );

  // ----- postfix brackets and iterators
  const POSTFIX: P<{ args: (A.Node | null)[]; e: number } | { glyph: string; e: number }> = alt_sc(
    apply(seq(tok(K.LB), EXPRS, tok(K.RB)), ([, args, r]) => ({ args, e: (r as QToken).end })),
    apply(tok(K.Adverb), (t) => ({ glyph: t.text, e: (t as QToken).end })),
  );
  const POSTFIXED: P<Term> = apply(seq(PRIMARY, many(POSTFIX)), ([p, posts]) => {
    let node = p.node, verb = p.verb;
    const first = posts[0];
    if (node.k === "verb" && ITERATOR_GLYPHS.has(node.glyph) && first && "args" in first && isOneArg(first.args)) {
      // an iterator applied with brackets derives a function that is not infix: '[count] x
      node = { k: "adverb", f: first.args[0]!, glyph: node.glyph, s: node.s, e: first.e };
      verb = false;
      posts.shift();
    }
    for (const post of posts) {
      if ("glyph" in post) {
        node = { k: "adverb", f: node, glyph: post.glyph, s: node.s, e: post.e };
        verb = true;
      } else {
        node = { k: "index", f: node, args: post.args, s: node.s, e: post.e };
        verb = false;
      }
    }
    return { node, verb };
  });

  for (const m of ["normal", "phrase", "from"] as Mode[]) {
    // a term is anything that is not a phrase separator in this mode
    const stop = m === "phrase"
      ? (t: QToken) =>
        (t.kind === K.Verb && t.text === ",") ||
        (t.kind === K.Name && (t.text === "by" || t.text === "from" || t.text === "where"))
      : m === "from"
      ? (t: QToken) => t.kind === K.Name && t.text === "where"
      : () => false;
    const guard: P<QToken | undefined> = {
      parse(token) {
        if (token && stop(token as QToken)) {
          return { successful: false, error: { kind: "Error", pos: token.pos, message: "phrase end" } };
        }
        return {
          successful: true,
          candidates: [{ firstToken: token, nextToken: token, result: undefined }],
          error: undefined,
        };
      },
    };
    const ASSIGN: P<Term> = apply(
      seq(
        tokIf((t) => t.kind === K.Name && !QSQL_WORDS.has(t.text), "name"),
        opt_sc(BRACKET),
        tokIf((t) => t.kind === K.Colon || t.kind === K.DColon || t.kind === K.VerbColon, ":"),
        EXPR(m),
      ),
      ([name, idx, colon, value], range) => ({
        node: {
          k: "assign",
          name: name.text,
          idx: idx ?? null,
          op: colon.kind === K.VerbColon ? colon.text.replace(/:+$/, "") : null,
          value,
          global: colon.kind === K.DColon || colon.text.endsWith("::"),
          ...span(range),
        },
        verb: false,
      }),
    );
    TERM(m).setPattern(apply(seq(guard, alt_sc(ASSIGN, POSTFIXED)), ([, t]) => t));
    const RETURN: P<A.Node> = apply(seq(tok(K.Colon), EXPR(m)), ([c, x], range) => ({
      k: "ret",
      x,
      s: (c as QToken).start,
      e: span(range).e,
    }));
    EXPR(m).setPattern(
      alt_sc(
        RETURN,
        apply(seq(TERM(m), many(TERM(m))), ([t, ts]) => fold([t, ...ts])),
        apply(COLONFN, (t) => t.node),
      ),
    );
  }
  EXPRS.setPattern(apply(list_sc(opt_sc(EXPR("normal")), tok(K.Semi)), (xs) => xs.map((x) => x ?? null)));
  return { exprs: EXPRS };
}

function isOneArg(args: (A.Node | null)[]): boolean {
  return args.length === 1 && args[0] !== null;
}

/** Rebuilds a where-phrase item that was parsed as an assignment. */
function reassign(name: string, n: A.Node): A.Node {
  return { k: "assign", name, idx: null, op: null, value: n, global: false, s: n.s, e: n.e };
}

function lastPart(name: string): string {
  const i = name.lastIndexOf(".");
  return i < 0 ? name : name.slice(i + 1);
}

let grammar: Grammar | undefined;

/** Fills in the source text of every lambda (shown when it is displayed). */
function attachSources(n: A.Node | null, src: string): void {
  if (!n) return;
  if (n.k === "lambda") n.src = src.slice(n.s, n.e);
  for (const key in n) {
    const v = (n as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) {
      for (const item of v) {
        if (Array.isArray(item)) item.forEach((x) => isNode(x) && attachSources(x, src));
        else if (isNode(item)) attachSources(item, src);
      }
    } else if (isNode(v)) attachSources(v, src);
  }
}

function isNode(x: unknown): x is A.Node {
  return typeof x === "object" && x !== null && "k" in x && typeof (x as { k: unknown }).k === "string" && "s" in x;
}

const CLOSER = new Map([[K.LP, K.RP], [K.LB, K.RB], [K.LC, K.RC]]);
const CLOSERS = new Set(CLOSER.values());

/** The innermost bracket never closed, or the first closing one that matches no opening, if any. */
function unbalanced(first: QToken): QToken | undefined {
  const open: QToken[] = [];
  for (let t: QToken | undefined = first; t; t = t.next) {
    if (CLOSER.has(t.kind)) open.push(t);
    else if (CLOSERS.has(t.kind)) {
      const o = open.pop();
      if (!o || CLOSER.get(o.kind) !== t.kind) return t;
    }
  }
  return open[open.length - 1];
}

/**
 * Parses one statement's tokens (already unlinked from what follows). An
 * unbalanced bracket is reported as q does, by its glyph (`'(`, `'}`).
 */
function parseTokens(first: QToken, src: string): (A.Node | null)[] {
  const odd = unbalanced(first);
  if (odd) throw new QError(odd.text, describeUnexpected(odd), { start: odd.start, end: odd.end, src });
  grammar ??= makeGrammar();
  let out: ParserOutput<K, (A.Node | null)[]>;
  try {
    out = grammar.exprs.parse(first);
  } catch (e) {
    if (e instanceof QError) throw e;
    if (e instanceof RangeError) {
      throw new QError("stack", "expression nested too deeply", { start: first.start, end: first.end, src });
    }
    throw e;
  }
  if (out.successful) {
    for (const c of out.candidates) {
      if (c.nextToken === undefined) {
        c.result.forEach((n) => attachSources(n, src));
        return c.result;
      }
    }
  }
  // report the first token nobody could consume
  let bad: QToken | undefined;
  if (out.successful) {
    bad = out.candidates.reduce<QToken | undefined>((far, c) => {
      const t = c.nextToken as QToken | undefined;
      return !far || (t && t.start > far.start) ? t : far;
    }, undefined);
  }
  const errPos = out.error?.pos;
  if (errPos) {
    for (let t: QToken | undefined = first; t; t = t.next) {
      if (t.pos.index === errPos.index && (!bad || t.start >= bad.start)) bad = t;
    }
  }
  bad ??= first;
  throw new QError("parse", describeUnexpected(bad), { start: bad.start, end: bad.end, src });
}

function describeUnexpected(t: QToken): string {
  switch (t.kind) {
    case K.RP:
    case K.RB:
    case K.RC:
      return `unmatched ${t.text}`;
    case K.LP:
    case K.LB:
    case K.LC:
      return `${t.text} is never closed`;
    default:
      return `unexpected ${JSON.stringify(t.text)}`;
  }
}

/**
 * Parses source text into statements, lazily: each statement is parsed
 * when the iterator reaches it, so a script runs up to its first bad line.
 * A statement is one line at bracket depth 0 (indented lines continue it);
 * within it, `;` separates expressions. Throws `'parse` with the offending
 * token's span, or an unbalanced bracket's glyph (`'(`, `']`).
 */
export function* statements(src: string, opts: LexOptions = {}): Generator<A.Node> {
  const tokens = lex(src, opts);
  let start = 0;
  const one = (end: number): A.Node | null => {
    const from = start;
    start = end + 1;
    if (end <= from) return null;
    const first = tokens[from];
    const last = tokens[end - 1];
    const saved = last.next;
    last.next = undefined;
    try {
      const items = parseTokens(first, src);
      return items.length === 1 && items[0] !== null ? items[0] : { k: "seq", items, s: first.start, e: last.end };
    } finally {
      last.next = saved;
    }
  };
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i].kind === K.NL) {
      const node = one(i);
      if (node) yield node;
    }
  }
}

/** Parses all statements of `src` at once (see {@link statements}). */
export function parse(src: string, opts: LexOptions = {}): A.Node[] {
  return [...statements(src, opts)];
}
