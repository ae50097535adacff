/**
 * Console input handling shared by the piped mode and the REPL: deciding
 * when typed input is complete (brackets closed), and running one input
 * through a session with q's output conventions — the result on stdout,
 * an error as `'name` on stdout with its explanation on stderr.
 *
 * @module
 */

import type { Session } from "../eval/session.ts";
import { K, lex } from "../lex/lexer.ts";

export { ExitRequest } from "../err/qerror.ts";

/** True when `src` has no unclosed bracket, so it can be evaluated. */
export function isComplete(src: string): boolean {
  let depth = 0;
  try {
    for (const t of lex(src)) {
      if (t.kind === K.LP || t.kind === K.LB || t.kind === K.LC) depth++;
      else if (t.kind === K.RP || t.kind === K.RB || t.kind === K.RC) depth--;
    }
  } catch {
    return true; // not lexable: let evaluation report the error
  }
  return depth <= 0;
}

/** Where console output goes. */
export interface ConsoleOut {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Evaluates one console input and writes what q would show. Returns false
 * when the input raised an error.
 */
export function runInput(session: Session, src: string, io: ConsoleOut): boolean {
  const r = session.line(src);
  if (r.text) io.out(r.text);
  if (r.error) {
    const why = session.describe(r.error);
    if (why) io.err(why);
    return false;
  }
  return true;
}

const encoder = new TextEncoder();

function writeAll(f: { writeSync(p: Uint8Array): number }, s: string): void {
  const b = encoder.encode(s);
  let off = 0;
  while (off < b.length) off += f.writeSync(b.subarray(off));
}

/** Writes to stdout/stderr synchronously (so ordering with errors is kept). */
export const stdio: ConsoleOut = {
  out: (t) => writeAll(Deno.stdout, t + "\n"),
  err: (t) => writeAll(Deno.stderr, t + "\n"),
};
