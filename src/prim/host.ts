/**
 * What primitives need from the running session, without importing it:
 * global lookup (for `value` of a symbol), evaluation of text (`value
 * "1+2"`), console output (`show`, `0N!`), and `\` commands (`system`).
 * The session installs itself here when it starts.
 *
 * @module
 */

import { qerr, QError } from "../err/qerror.ts";
import type { Value } from "../value/value.ts";

/** Files and databases (`` `:db/t/ set t``, `` get `:db/t/``, upsert to disk). */
export interface StorageOps {
  /** Writes a value to a file path: a path ending in `/` splays a table, any other holds one serialized value. */
  set(path: string, v: Value): void;
  /** Reads a value from a file path: a splayed table directory (mapped) or a single value file. */
  get(path: string): Value;
  /** Appends rows to the splayed table at a path. */
  upsert(path: string, rows: Value): void;
  /** True when global `name` is a table mapped from disk. */
  isMapped(name: string): boolean;
  /** Appends rows to the mapped table bound to global `name`. */
  append(name: string, rows: Value): void;
  /** Enters the symbols of a table's symbol columns in the symbol list of database directory `dir`. */
  enumerate(dir: string, t: Value): void;
}

/** Connection handles (IPC): what `h x`, `neg[h] x`, `hopen` and `hclose` do with handles other than 0, ±1, ±2. */
export interface HandleOps {
  /** `h x` (sync: sends x and waits for the reply) or `neg[h] x` (async: sends x) on connection `h`. */
  apply(h: number, x: Value): Value;
  /** `hopen x`: connects, returning the new handle. */
  open(target: Value): number;
  /** `hclose h`. */
  close(h: number): void;
}

/** Session services used by primitives. */
export interface Host {
  /** The value of a global variable, or 'name when undefined. */
  lookup(name: string): Value;
  /** Assigns a global variable. */
  assign(name: string, v: Value): void;
  /** Evaluates BorF source text. */
  evalText(src: string): Value;
  /** Writes a line to the console (stdout when fd is 1, stderr when 2). */
  write(fd: number, text: string): void;
  /** Console display text of a value (honours `\c`, `\P`). */
  render(v: Value): string;
  /** Runs a `\` system command and returns its value. */
  system(cmd: string): Value;
  /** Significant digits for floats (`\P`). */
  precision(): number;
  /** Ends the process with exit code `code` (`exit`, `\\`). */
  exit(code: number): void;
  /** Runs functional qSQL: `?[t;c;b;a…]` (select, exec) or `![t;c;b;a]` (update, delete). */
  functional(glyph: "?" | "!", args: Value[]): Value;
  /** Files and databases. */
  storage: StorageOps;
  /** Connections (given by the IPC layer; without it, no handle is open). */
  handles: HandleOps;
}

const unset = (): never => qerr("nyi", "no session is running");

/** Handles when no IPC layer is running: none is open, and none can be opened. */
export const NO_HANDLES: HandleOps = {
  apply: (h) => qerr("type", `handle ${h} is not open`),
  open: () =>
    qerr("nyi", "connections need the IPC layer (run the borf command, or call IpcServer.attach from mod.ts)"),
  close: (h) => qerr("type", `handle ${h} is not open`),
};

/** The current host; replaced by the session. */
export const host: Host = {
  lookup: unset,
  assign: unset,
  evalText: unset,
  write: unset,
  render: unset,
  system: unset,
  precision: () => 7,
  functional: unset,
  exit: unset,
  storage: { set: unset, get: unset, upsert: unset, isMapped: () => false, append: unset, enumerate: unset },
  handles: NO_HANDLES,
};

/** Installs a session's services. */
export function setHost(h: Host): void {
  Object.assign(host, h);
}

/** The global named `name`, or undefined when there is none. */
export function tryLookup(name: string): Value | undefined {
  try {
    return host.lookup(name);
  } catch (e) {
    if (e instanceof QError) return undefined;
    throw e;
  }
}
