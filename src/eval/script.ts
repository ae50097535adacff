/**
 * Script loading (`\l file.q`, `borf file.q`): statements run one at a
 * time, top to bottom, so everything before a failing line has run. Block
 * comments and indented continuation lines follow q's script rules; a line
 * holding only `\` ends the script.
 *
 * @module
 */

import { ExitRequest, toQError } from "../err/qerror.ts";
import { statements } from "../parse/parser.ts";
import type { Value } from "../value/value.ts";
import type * as A from "../parse/ast.ts";

/** What a script needs to run statements. */
export interface ScriptRunner {
  run(stmts: A.Node[], src: string): Value;
}

/** Runs every statement of a script; rethrows the first error as a QError. */
export function loadScript(runner: ScriptRunner, src: string): void {
  try {
    for (const stmt of statements(src, { script: true })) runner.run([stmt], src);
  } catch (e) {
    throw e instanceof ExitRequest ? e : toQError(e); // exit in a script ends the process
  }
}
