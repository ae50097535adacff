/**
 * The interactive console for a terminal: a `q)` prompt with line editing,
 * history kept in `~/.borf_history`, tab completion of names, multi-line
 * entry while brackets are open, Ctrl-C to abandon the current input.
 *
 * @module
 */

import * as readline from "node:readline";
import process from "node:process";
import type { Session } from "../eval/session.ts";
import { KEYWORDS } from "../prim/verbs.ts";
import { INFIX_KEYWORDS } from "../parse/parser.ts";
import { ExitRequest, isComplete, runInput, stdio } from "./console.ts";

const HISTORY_MAX = 1000;

function historyPath(): string | undefined {
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  return home ? `${home}/.borf_history` : undefined;
}

function loadHistory(path: string | undefined): string[] {
  if (!path) return [];
  try {
    return Deno.readTextFileSync(path).split("\n").filter(Boolean).reverse().slice(0, HISTORY_MAX);
  } catch {
    return [];
  }
}

/** Completes the trailing name of a line against globals and keywords. */
export function complete(session: Session, line: string): [string[], string] {
  const m = /[A-Za-z.][A-Za-z0-9._]*$/.exec(line);
  const word = m ? m[0] : "";
  if (!word) return [[], word];
  const names = new Set<string>([...KEYWORDS.keys(), ...INFIX_KEYWORDS, ...session.vars.keys()]);
  const hits = [...names].filter((n) => n.startsWith(word)).sort();
  return [hits, word];
}

/** Runs the REPL until Ctrl-D or `\\`. */
export function repl(session: Session): Promise<void> {
  const path = historyPath();
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: loadHistory(path),
    historySize: HISTORY_MAX,
    removeHistoryDuplicates: true,
    prompt: "q)",
    completer: (line: string) => complete(session, line),
  });
  rl.on("history", (h: string[]) => {
    if (!path) return;
    try {
      Deno.writeTextFileSync(path, [...h].reverse().join("\n") + "\n");
    } catch {
      // history is a convenience; an unwritable home directory must not stop the session
    }
  });
  let pending = "";
  return new Promise((resolve, reject) => {
    rl.on("SIGINT", () => {
      pending = "";
      rl.write(null, { ctrl: true, name: "u" }); // clear the half-typed line
      process.stdout.write("\n'stop\n");
      rl.setPrompt("q)");
      rl.prompt();
    });
    rl.on("line", (line: string) => {
      if (pending === "" && line === "\\\\") {
        rl.close();
        return;
      }
      pending = pending === "" ? line : pending + "\n" + line;
      if (!isComplete(pending)) {
        rl.setPrompt("  ");
        rl.prompt();
        return;
      }
      const src = pending;
      pending = "";
      try {
        runInput(session, src, stdio);
      } catch (e) {
        if (e instanceof ExitRequest) {
          rl.close();
          return;
        }
        reject(e);
        return;
      }
      rl.setPrompt("q)");
      rl.prompt();
    });
    rl.on("close", () => resolve());
    rl.prompt();
  });
}
