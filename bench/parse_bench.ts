/**
 * Front-end throughput on a generated 1,000-line q script (see
 * `qscript.ts`): parsing alone, compiling an already parsed script, both,
 * and both plus running it. `deno run -A bench/report.ts` turns the times
 * into lines per second. Each timed call starts after a full garbage
 * collection (see `gc.ts`).
 *
 * @module
 */

import { compileBody, type Scope } from "../src/eval/compile.ts";
import { Session } from "../src/eval/session.ts";
import type * as A from "../src/parse/ast.ts";
import { parse } from "../src/parse/parser.ts";
import { timed } from "./gc.ts";
import { qScript, SCRIPT_LINES } from "./qscript.ts";

const src = qScript(SCRIPT_LINES);
const session = new Session({ out: () => {}, err: () => {} });
const scope: Scope = { locals: null, ns: "", globals: session, src };
const ast = parse(src);
if (ast.length !== SCRIPT_LINES) throw new Error(`the script parsed to ${ast.length} statements`);

/** Compiles each statement as the session does before running it. */
function compileAll(stmts: A.Node[]): number {
  let n = 0;
  for (const s of stmts) if (compileBody([s], scope)) n++;
  return n;
}

const group = `q script · ${SCRIPT_LINES} lines`;
const opts = { group, n: 100, warmup: 10 };

Deno.bench({ name: "parse", ...opts, fn: timed(() => parse(src)) });
Deno.bench({ name: "compile (parsed AST)", ...opts, fn: timed(() => compileAll(ast)) });
Deno.bench({ name: "parse + compile", ...opts, fn: timed(() => compileAll(parse(src))) });
Deno.bench({ name: "parse + compile + run (session.eval)", ...opts, fn: timed(() => session.eval(src)) });
