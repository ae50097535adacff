/**
 * The compiler: AST → JS closures. ts-pattern dispatches on node kinds
 * once, here, at compile time; evaluation only calls closures (see
 * DESIGN.md). Arguments evaluate right to left, as q does. Names resolve
 * at compile time to a local slot, a primitive, or a global looked up by
 * name at run time. Constant sub-expressions of pure primitives are
 * folded.
 *
 * @module
 */

import { match } from "ts-pattern";
import { qerr, QError, type Span } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { amend, apply, apply1, apply2, type Args, ASSIGN, project } from "../prim/apply.ts";
import { field, isField } from "../prim/cast.ts";
import { checkTime } from "../prim/iterate.ts";
import { makeTable } from "../prim/dict.ts";
import { GLYPHS, KEYWORDS, UNARY_FORMS } from "../prim/verbs.ts";
import { fromItems } from "../value/items.ts";
import { intern as internSym } from "../value/sym.ts";
import { Atom, Comp, Derived, Dict, Lambda, List, NIL, type Prim, type Value } from "../value/value.ts";
import { compileQSql } from "./qsql.ts";
import "./explain.ts";

/** A lambda activation: local slots, the early-return flag and the value returned early. */
export interface Frame {
  vars: (Value | undefined)[];
  ret: boolean;
  rv?: Value;
}

/** A compiled expression. */
export type Code = (f: Frame) => Value;

/** What the compiler needs from the session (globals live there). */
export interface Globals {
  /** Reads a global by name as seen from namespace `ns`. */
  get(name: string, ns: string): Value;
  /** Writes a global by name as seen from namespace `ns`. */
  set(name: string, ns: string, v: Value): void;
  /** Runs a `\` command. */
  system(cmd: string): Value;
  /** `delete a from \`ns`: deletes globals of namespace `space` (`.` is the root); false when it is not one. */
  deleteFrom(space: string, names: string[]): boolean;
}

/** Compile-time context. */
export interface Scope {
  /** Local slot of each local name, or null at the top level. */
  locals: Map<string, number> | null;
  /** Namespace globals resolve in (`""` is the root). */
  ns: string;
  globals: Globals;
  src: string;
  /** Extra names bound to columns (qSQL), resolved before locals and globals. */
  columns?: Map<string, Code>;
}

/** Operators without side effects, folded when both arguments are literals (not `!`: `0N!x` prints). */
const PURE = new Set([
  "+",
  "-",
  "*",
  "%",
  "=",
  "<",
  ">",
  "<=",
  ">=",
  "<>",
  "~",
  ",",
  "#",
  "_",
  "&",
  "|",
  "^",
  "$",
]);

/** Attaches a span to an error raised without one. */
function located(e: unknown, n: A.At, src: string): unknown {
  if (e instanceof QError && !e.span) e.span = { start: n.s, end: n.e, src } satisfies Span;
  return e;
}

/** Compiles a node to a closure. */
export function compile(node: A.Node | null, sc: Scope): Code {
  if (node === null) return () => NIL;
  return match(node)
    .with({ k: "lit" }, (n) => {
      const v = n.v;
      return () => v;
    })
    .with({ k: "nil" }, () => () => NIL)
    .with({ k: "colon" }, () => () => ASSIGN)
    .with({ k: "name" }, (n) => compileName(n, sc))
    .with({ k: "verb" }, (n) => {
      const p = GLYPHS.get(n.glyph) ?? qerr("nyi", `${n.glyph} is not available yet`, span(n, sc));
      return () => p;
    })
    .with({ k: "unary" }, (n) => {
      const p = UNARY_FORMS.get(n.glyph) ?? qerr("nyi", `${n.glyph}: is not available yet`, span(n, sc));
      return () => p;
    })
    .with({ k: "adverb" }, (n) => {
      const f = compile(n.f, sc);
      const g = n.glyph;
      return (fr: Frame) => new Derived(f(fr), g);
    })
    .with({ k: "app" }, (n) => compileApp(n, sc))
    .with({ k: "dyad" }, (n) => compileDyad(n, sc))
    .with({ k: "proj" }, (n) => {
      const f = compile(n.f, sc), x = compile(n.x, sc);
      return (fr: Frame) => {
        const xv = x(fr);
        return project(f(fr), [xv, undefined], 2);
      };
    })
    .with({ k: "comp" }, (n) => {
      const fs = n.fs.map((f) => compile(f, sc));
      return (fr: Frame) => {
        const vs = new Array<Value>(fs.length);
        for (let i = fs.length - 1; i >= 0; i--) vs[i] = fs[i](fr);
        return new Comp(vs);
      };
    })
    .with({ k: "index" }, (n) => compileIndex(n, sc))
    .with({ k: "list" }, (n) => {
      if (n.items.length > 1 && n.items.includes(null)) {
        // (a;;c): a list with a gap is a projection of enlist over the gaps
        const enlist = KEYWORDS.get("enlist")!;
        const argc = compileArgs(n.items, sc);
        return (fr: Frame) => project(enlist, argc(fr), n.items.length);
      }
      const items = n.items.map((i) => compile(i, sc));
      if (items.length === 0) return () => new List([]);
      return (fr: Frame) => {
        const out = new Array<Value>(items.length);
        for (let i = items.length - 1; i >= 0; i--) out[i] = items[i](fr);
        return fromItems(out);
      };
    })
    .with({ k: "lambda" }, (n) => {
      const lam = compileLambda(n, sc);
      return () => lam;
    })
    .with({ k: "assign" }, (n) => compileAssign(n, sc))
    .with({ k: "ret" }, (n) => {
      const x = compile(n.x, sc);
      return (fr: Frame) => {
        const v = x(fr);
        fr.ret = true;
        fr.rv = v;
        return v;
      };
    })
    .with({ k: "cond" }, (n) => compileCond(n, sc))
    .with({ k: "ctrl" }, (n) => compileCtrl(n, sc))
    .with({ k: "table" }, (n) => {
      const keys = n.keys.map(([name, e]) => [name, compile(e, sc)] as const);
      const cols = n.cols.map(([name, e]) => [name, compile(e, sc)] as const);
      return (fr: Frame) => {
        const cv = cols.map(([, c]) => c(fr));
        const kv = keys.map(([, c]) => c(fr));
        try {
          const vt = makeTable(cols.map(([nm]) => nm), cv);
          if (keys.length === 0) return vt;
          return new Dict(makeTable(keys.map(([nm]) => nm), kv), vt);
        } catch (e) {
          throw located(e, n, sc.src);
        }
      };
    })
    .with({ k: "qsql" }, (n) => compileQSql(n, sc, compile))
    .with({ k: "sys" }, (n) => {
      const cmd = n.cmd;
      return () => sc.globals.system(cmd);
    })
    .with({ k: "seq" }, (n) => compileBody(n.items, sc))
    .exhaustive();
}

function span(n: A.At, sc: Scope): Span {
  return { start: n.s, end: n.e, src: sc.src };
}

/** Compiles statements run left to right; stops at an early return. */
export function compileBody(items: (A.Node | null)[], sc: Scope): Code {
  const codes = items.map((i) => compile(i, sc));
  if (codes.length === 1) return codes[0];
  return (fr: Frame) => {
    let v: Value = NIL;
    for (let i = 0; i < codes.length; i++) {
      v = codes[i](fr);
      if (fr.ret) return fr.rv!;
    }
    return v;
  };
}

function compileName(n: A.Name, sc: Scope): Code {
  const name = n.name;
  const col = sc.columns?.get(name);
  if (col) return col;
  const slot = sc.locals?.get(name);
  if (slot !== undefined) {
    // q initializes locals to () (function-notation.md#name-scope)
    return (fr: Frame) => fr.vars[slot] ?? new List([]);
  }
  // x.field on a local or column: a temporal field or a dictionary entry
  const dot = name.indexOf(".");
  if (dot > 0) {
    const head = name.slice(0, dot);
    const rest = name.slice(dot + 1).split(".");
    const headCode = sc.columns?.get(head) ??
      (sc.locals?.has(head) ? compileName({ ...n, name: head }, sc) : undefined);
    if (headCode) return (fr: Frame) => rest.reduce((v, part) => dotField(v, part), headCode(fr));
  }
  const kw = KEYWORDS.get(name);
  if (kw) return () => kw;
  const ns = sc.ns, g = sc.globals;
  return () => {
    try {
      return g.get(name, ns);
    } catch (e) {
      throw located(e, n, sc.src);
    }
  };
}

/** `v.name`: a temporal field, or the entry of a dictionary/column of a table. */
export function dotField(v: Value, name: string): Value {
  if (isField(name) && v instanceof Atom || isField(name) && v.t > 0 && v.t < 20) return field(name, v);
  return apply1(v, new Atom(-11, internSym(name)));
}

function constPrim(n: A.Node): Prim | undefined {
  if (n.k === "verb") return GLYPHS.get(n.glyph);
  if (n.k === "name") return KEYWORDS.get(n.name);
  return undefined;
}

function compileApp(n: A.App, sc: Scope): Code {
  const x = compile(n.x, sc);
  const p = constPrim(n.f);
  if (p && p.m && !(n.f.k === "name" && sc.locals?.has(n.f.name))) {
    const m = p.m;
    return (fr: Frame) => {
      const xv = x(fr);
      try {
        return m(xv);
      } catch (e) {
        throw located(e, n, sc.src);
      }
    };
  }
  const f = compile(n.f, sc);
  return (fr: Frame) => {
    const xv = x(fr);
    const fv = f(fr);
    try {
      return apply1(fv, xv);
    } catch (e) {
      throw located(e, n, sc.src);
    }
  };
}

function compileDyad(n: A.Dyad, sc: Scope): Code {
  const x = compile(n.x, sc), y = compile(n.y, sc);
  const p = constPrim(n.f);
  if (p && p.d && !(n.f.k === "name" && sc.locals?.has(n.f.name))) {
    const d = p.d;
    const code: Code = (fr) => {
      const yv = y(fr);
      const xv = x(fr);
      try {
        return d(xv, yv);
      } catch (e) {
        throw located(e, n, sc.src);
      }
    };
    // constant folding: pure operator on two literals
    if (n.f.k === "verb" && PURE.has(n.f.glyph) && n.x.k === "lit" && n.y.k === "lit") {
      try {
        const v = code({ vars: [], ret: false });
        return () => v;
      } catch {
        return code;
      }
    }
    return code;
  }
  const f = compile(n.f, sc);
  return (fr: Frame) => {
    const yv = y(fr);
    const xv = x(fr);
    const fv = f(fr);
    try {
      return apply2(fv, xv, yv);
    } catch (e) {
      throw located(e, n, sc.src);
    }
  };
}

function compileArgs(args: (A.Node | null)[], sc: Scope): (fr: Frame) => Args {
  const codes = args.map((a) => (a === null ? null : compile(a, sc)));
  return (fr: Frame) => {
    const out: Args = new Array(codes.length);
    for (let i = codes.length - 1; i >= 0; i--) {
      const c = codes[i];
      out[i] = c === null ? undefined : c(fr);
    }
    return out;
  };
}

function compileIndex(n: A.Index, sc: Scope): Code {
  const args = n.args.length === 1 && n.args[0] === null ? [] : n.args;
  const argc = compileArgs(args, sc);
  const f = compile(n.f, sc);
  return (fr: Frame) => {
    const a = argc(fr);
    const fv = f(fr);
    try {
      return apply(fv, a);
    } catch (e) {
      throw located(e, n, sc.src);
    }
  };
}

function truthy(v: Value, n: A.At, sc: Scope): boolean {
  if (!(v instanceof Atom) || v.v instanceof Uint8Array) {
    return qerr("type", "a condition must be an atom", span(n, sc));
  }
  const x = v.v;
  return typeof x === "bigint" ? x !== 0n : x !== 0;
}

/**
 * `$[c;t;c2;t2;…;f]`: the result of the first true condition's branch, else
 * the final expression; with an even number of arguments and no true
 * condition, the generic null (cond.md).
 */
function compileCond(n: A.Cond, sc: Scope): Code {
  const parts = n.args.map((a) => compile(a, sc));
  return (fr: Frame) => {
    let i = 0;
    for (; i + 1 < parts.length; i += 2) {
      const c = parts[i](fr);
      if (fr.ret) return c;
      if (truthy(c, n, sc)) return parts[i + 1](fr);
    }
    return i < parts.length ? parts[i](fr) : NIL;
  };
}

function compileCtrl(n: A.Ctrl, sc: Scope): Code {
  if (n.args.length === 0) return () => qerr("rank", `${n.word} needs a condition`, span(n, sc));
  const cond = compile(n.args[0], sc);
  const body = n.args.slice(1).map((a) => compile(a, sc));
  const runBody = (fr: Frame): boolean => {
    for (const b of body) {
      b(fr);
      if (fr.ret) return true;
    }
    return false;
  };
  // a control word's value is the generic null, or the value an early return gave
  switch (n.word) {
    case "if":
      return (fr: Frame) => truthy(cond(fr), n, sc) && runBody(fr) ? fr.rv! : NIL;
    case "do":
      return (fr: Frame) => {
        const c = cond(fr);
        if (!(c instanceof Atom) || typeof c.v === "object") return qerr("type", "do needs a count", span(n, sc));
        const k = Number(c.v);
        for (let i = 0; i < k; i++) {
          checkTime();
          if (runBody(fr)) return fr.rv!;
        }
        return NIL;
      };
    case "while":
      return (fr: Frame) => {
        while (truthy(cond(fr), n, sc)) {
          checkTime();
          if (runBody(fr)) return fr.rv!;
        }
        return NIL;
      };
  }
}

// ------------------------------------------------------------------ assignment

function compileAssign(n: A.Assign, sc: Scope): Code {
  const value = compile(n.value, sc);
  const name = n.name;
  const slot = n.global ? undefined : sc.locals?.get(name);
  if (KEYWORDS.has(name) && slot === undefined) return () => qerr("assign", `${name} is a reserved word`, span(n, sc));
  const read: (fr: Frame) => Value | undefined = slot !== undefined ? (fr) => fr.vars[slot] : (() => {
    const g = sc.globals, ns = sc.ns;
    return () => {
      try {
        return g.get(name, ns);
      } catch {
        return undefined;
      }
    };
  })();
  const write: (fr: Frame, v: Value) => void = slot !== undefined
    ? (fr, v) => {
      fr.vars[slot] = v;
    }
    : (() => {
      const g = sc.globals, ns = sc.ns;
      return (_fr: Frame, v: Value) => g.set(name, ns, v);
    })();
  const idx = n.idx
    ? compileArgs(n.idx.length === 1 && n.idx[0] === null ? [{ k: "nil", s: n.s, e: n.s }] : n.idx, sc)
    : null;
  const op = n.op === null ? null : GLYPHS.get(n.op) ?? KEYWORDS.get(n.op);
  if (n.op !== null && !op) return () => qerr("nyi", `${n.op}: assignment`, span(n, sc));
  return (fr: Frame) => {
    const v = value(fr);
    const path = idx ? idx(fr) : null;
    try {
      if (path === null && op === null) {
        write(fr, v);
        return v;
      }
      const cur = read(fr);
      if (cur === undefined) {
        if (path === null && op) {
          write(fr, v);
          return v;
        }
        return qerr(name, `${name} is undefined`);
      }
      let next: Value;
      if (path === null) next = apply2(op!, cur, v);
      else next = amend(cur, path, op ?? ASSIGN, v);
      write(fr, next);
      return path === null ? next : v;
    } catch (e) {
      throw located(e, n, sc.src);
    }
  };
}

// ------------------------------------------------------------------ lambdas

/**
 * Visits the nodes at this lambda's level (not inside nested lambdas).
 * With `phrases` false, the select, by and where phrases of qSQL templates
 * are skipped (only their from phrase is visited), as q's compiler does
 * when it looks for implicit arguments.
 */
function scan(nodes: (A.Node | null)[], visit: (n: A.Node) => void, phrases = true): void {
  const walk = (n: A.Node | null | undefined) => {
    if (!n) return;
    visit(n);
    if (n.k === "lambda") return;
    if (n.k === "qsql" && !phrases) return walk(n.from);
    for (const key in n) {
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) {
        for (const item of v) {
          if (Array.isArray(item)) item.forEach((x) => isNode(x) && walk(x));
          else if (isNode(item)) walk(item);
        }
      } else if (isNode(v)) walk(v);
    }
  };
  nodes.forEach(walk);
}

function isNode(x: unknown): x is A.Node {
  return typeof x === "object" && x !== null && typeof (x as { k?: unknown }).k === "string" && "s" in x;
}

/** Implicit parameters of a lambda without a signature: x, x y, or x y z. */
function implicitParams(body: (A.Node | null)[]): string[] {
  let max = 0;
  scan(body, (n) => {
    if (n.k === "name" || n.k === "assign") {
      const name = n.name.split(".")[0];
      if (name === "x") max = Math.max(max, 1);
      else if (name === "y") max = Math.max(max, 2);
      else if (name === "z") max = Math.max(max, 3);
    }
  }, false);
  return ["x", "y", "z"].slice(0, Math.max(1, max));
}

/** Compiles a lambda into a function value. */
export function compileLambda(n: A.LambdaNode, outer: Scope): Lambda {
  // an empty signature {[]…} still takes one (unnamed) argument
  const params = n.params === null ? implicitParams(n.body) : n.params.length ? n.params : [""];
  if (params.length > 8) return qerr("params", "a lambda takes at most 8 parameters", span(n, outer));
  const locals = new Map<string, number>();
  params.forEach((p, i) => locals.set(p, i));
  scan(n.body, (m) => {
    if (m.k === "assign" && !m.global && m.idx === null && !locals.has(m.name) && !m.name.includes(".")) {
      locals.set(m.name, locals.size);
    }
  });
  const sc: Scope = { locals, ns: outer.ns, globals: outer.globals, src: outer.src };
  const body = compileBody(n.body.length ? n.body : [null], sc);
  const size = locals.size;
  const rank = params.length;
  return new Lambda(n.src, params, (args: Value[]) => {
    const vars = new Array<Value | undefined>(size);
    for (let i = 0; i < rank; i++) vars[i] = args[i];
    return body({ vars, ret: false });
  });
}
