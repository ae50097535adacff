/**
 * The `borf` command.
 *
 *     borf [file.q | dir] [-q] [-c rows cols] [-e] [-p port] [args…]
 *
 * Runs `file.q` as a script (or maps the database directory `dir`), then
 * reads the console: an interactive REPL
 * (`q)` prompt, history, line editing) when stdin is a terminal, otherwise
 * line by line from stdin, printing each result exactly as the q console
 * does. `\\` exits. `-q` suppresses the banner; `-e` runs `file.q` as if
 * typed at the console, echoing each input after a `q)` prompt. `-p`
 * serves q IPC clients on the port (src/ipc/server.ts); a server with
 * piped input goes on serving after the input ends.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { QError } from "../err/qerror.ts";
import { Session, VERSION } from "../eval/session.ts";
import { ExitRequest, isComplete, runInput, stdio } from "./console.ts";
import { repl } from "./repl.ts";
import { IpcServer } from "../ipc/server.ts";
import { isDirectory } from "../io/files.ts";
import { retainFreedMemory } from "../../ffi/libc.ts";

/** Exit codes: 0 ok, 1 a script or input failed, 2 bad command line. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        q: { type: "boolean", short: "q" },
        e: { type: "boolean", short: "e" },
        c: { type: "string", short: "c" },
        p: { type: "string", short: "p" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (e) {
    stdio.err(`borf: ${(e as Error).message}\nusage: borf [file.q | dir] [-q] [-e] [-c "rows cols"] [-p port] [args…]`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    stdio.out(
      `usage: borf [file.q | dir] [-q] [-e] [-c "rows cols"] [-p port] [args…]\n  -q  no banner\n  -e  run file.q as console input, echoing each line\n  -c  console size (rows cols)\n  -p  listen for q IPC connections on port (0W: any free port)`,
    );
    return 0;
  }
  let exitCode = 0;
  // a console process keeps the memory it frees, as q does (.Q.gc[] returns it)
  retainFreedMemory();
  const timer = new Timer();
  const session = new Session({
    out: stdio.out,
    err: stdio.err,
    exit: (code) => {
      throw new ExitRequest(code);
    },
    timer: (ms) => timer.set(ms, session),
  });
  const [file, ...rest] = positionals;
  session.args = rest;
  if (values.c) {
    const ok = runInput(session, `\\c ${values.c}`, stdio);
    if (!ok) return 2;
  }
  IpcServer.attach(session, (code) => Deno.exit(code));
  if (values.p) {
    const ok = runInput(session, `\\p ${values.p}`, stdio);
    if (!ok) return 2;
  }
  if (!values.q) stdio.out(`borf ${VERSION} ${today()} · BorF on Lsmer · deno ${Deno.version.deno}`);
  try {
    if (file !== undefined) {
      if (values.e && !isDirectory(file)) {
        const src = readScript(file);
        if (src === undefined || !runLines(session, src.split("\n"), true)) exitCode = 1;
      } else {
        const r = session.line(`\\l ${file}`);
        if (r.error) {
          stdio.out(`'${r.error.qname}`);
          const why = session.describe(r.error);
          if (why) stdio.err(why);
          exitCode = 1;
        }
      }
    }
    if (Deno.stdin.isTerminal()) await repl(session);
    else {
      if (!(await runStdin(session))) exitCode = exitCode || 1;
      if (session.port !== 0) await new Promise(() => {}); // a server goes on after its input ends, as q does
    }
  } catch (e) {
    if (e instanceof ExitRequest) return e.code;
    throw e;
  } finally {
    timer.set(0, session);
  }
  return exitCode;
}

/** The text of script `file`, or undefined after printing why it cannot be read (as `\l` does). */
function readScript(file: string): string | undefined {
  try {
    return Deno.readTextFileSync(file);
  } catch (e) {
    stdio.out(`'${file}`);
    stdio.err(`cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * The `\t n` timer: every n milliseconds while the console waits for
 * input, `.z.ts` runs with the scheduled timestamp (as in q, the timer
 * alone does not keep the process alive once input ends).
 */
class Timer {
  private handle: ReturnType<typeof setInterval> | undefined;

  /** Starts (n > 0) or stops (0) the timer. */
  set(ms: number, session: Session): void {
    clearInterval(this.handle);
    this.handle = undefined;
    if (!(ms > 0)) return;
    let next = Date.now() + ms;
    this.handle = setInterval(() => {
      let err;
      try {
        err = session.tick(new Date(next));
      } catch (e) {
        if (e instanceof ExitRequest) Deno.exit(e.code);
        throw e;
      }
      next += ms;
      if (err) {
        stdio.out(`'${err.qname}`);
        const why = session.describe(err);
        if (why) stdio.err(why);
      }
    }, ms);
  }
}

function today(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${
    String(d.getUTCDate()).padStart(2, "0")
  }`;
}

/**
 * Feeds console lines to a session: each complete input is evaluated and
 * its result printed; an input continues over lines while brackets are
 * open. `ok` turns false once any input raised an error.
 */
export class LineFeeder {
  ok = true;
  private pending = "";
  constructor(private readonly session: Session, private readonly echo: boolean) {}

  /** Adds one line; evaluates the input once it is complete. */
  push(raw: string): void {
    const line = raw.replace(/\r$/, "");
    if (this.pending === "" && line === "\\\\") throw new ExitRequest(0);
    this.pending = this.pending === "" ? line : this.pending + "\n" + line;
    if (isComplete(this.pending)) this.flush();
  }

  /** Evaluates whatever is left (an unfinished input reports its error). */
  flush(): void {
    if (this.pending === "") return;
    const src = this.pending;
    this.pending = "";
    if (this.echo) {
      // comment lines of a tour are shown as commentary, not as input
      if (/^\s*\/(\s|$)/.test(src) || src.trim() === "") {
        stdio.out(src);
        return;
      }
      stdio.out(`q)${src.replace(/\n/g, "\n  ")}`);
    }
    if (!runInput(this.session, src, stdio)) this.ok = false;
  }
}

/** Runs lines as console input; returns false if any raised an error. */
export function runLines(session: Session, lines: Iterable<string>, echo: boolean): boolean {
  const feeder = new LineFeeder(session, echo);
  for (const line of lines) feeder.push(line);
  feeder.flush();
  return feeder.ok;
}

async function runStdin(session: Session): Promise<boolean> {
  const feeder = new LineFeeder(session, false);
  const decoder = new TextDecoder();
  let carry = "";
  for await (const chunk of Deno.stdin.readable) {
    carry += decoder.decode(chunk, { stream: true });
    const parts = carry.split("\n");
    carry = parts.pop()!;
    for (const line of parts) feeder.push(line);
  }
  carry += decoder.decode();
  if (carry !== "") feeder.push(carry);
  feeder.flush();
  return feeder.ok;
}

if (import.meta.main) {
  // past a file-size limit, fail the write (EFBIG: a clear error, nothing half-written) instead of dying of SIGXFSZ
  Deno.addSignalListener("SIGXFSZ", () => {});
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    if (e instanceof QError) {
      stdio.err(`'${e.qname} ${e.hint}`);
      Deno.exit(1);
    }
    throw e;
  }
}
