/**
 * What primitives need from the running session, without importing it:
 * global lookup (for `value` of a symbol), evaluation of text (`value
 * "1+2"`), console output (`show`, `0N!`), and `\` commands (`system`).
 * The session installs itself here when it starts.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import type { Value } from "../value/value.ts";

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
}

const unset = (): never => qerr("nyi", "no session is running");

/** The current host; replaced by the session. */
export const host: Host = {
  lookup: unset,
  assign: unset,
  evalText: unset,
  write: unset,
  render: unset,
  system: unset,
  precision: () => 7,
};

/** Installs a session's services. */
export function setHost(h: Host): void {
  Object.assign(host, h);
}
