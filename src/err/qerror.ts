/**
 * BorF errors: every user-facing failure is a {@link QError} carrying q's
 * error name (`type`, `length`, `rank`, …), an optional source span, and a
 * human hint that goes beyond q. Programmer errors use {@link InternalError}.
 *
 * @module
 */

/** A source position: byte offset and length within a named source text. */
export interface Span {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset one past the last character. */
  readonly end: number;
  /** The source text the offsets refer to (a console line, a script). */
  readonly src: string;
}

/**
 * A BorF error. `name` is what q prints after the quote (`'type`); `hint`
 * explains it in words; `span` says where in the source it was raised.
 */
export class QError extends Error {
  /** q's error name, printed as `'name`. */
  readonly qname: string;
  /** Where the error was raised, when known. */
  span: Span | undefined;
  /** A plain-words explanation shown on stderr (not part of q's output). */
  readonly hint: string;

  /** An error named `qname` (what the console prints after `'`), with an explanation and where it happened. */
  constructor(qname: string, hint = "", span?: Span) {
    super(hint ? `'${qname}: ${hint}` : `'${qname}`);
    this.name = "QError";
    this.qname = qname;
    this.hint = hint;
    this.span = span;
  }
}

/** Raises a BorF error; typed `never` so callers can use it in expressions. */
export function qerr(qname: string, hint = "", span?: Span): never {
  throw new QError(qname, hint, span);
}

/** An invariant of the implementation was broken: a bug, not a user error. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}

/** Asserts an implementation invariant. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new InternalError(message);
}

/**
 * Converts anything thrown during evaluation into a QError: host stack
 * overflows become `'stack`, out-of-memory `'wsfull`; anything else is a bug
 * and is reported as such rather than swallowed.
 */
export function toQError(e: unknown): QError {
  if (e instanceof QError) return e;
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return new QError("stack", "too deeply nested");
    if (/array buffer allocation|invalid (typed )?array length|allocation failed/i.test(e.message)) {
      return new QError("wsfull", e.message);
    }
    return new QError("limit", e.message);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new QError("internal", `internal error: ${msg}`);
}

/** Renders a caret line under the span, for the stderr location hint. */
export function locate(span: Span | undefined): string {
  if (!span) return "";
  const { src, start, end } = span;
  const lineStart = src.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = src.indexOf("\n", start);
  if (lineEnd < 0) lineEnd = src.length;
  const line = src.slice(lineStart, lineEnd);
  const col = start - lineStart;
  const width = Math.max(1, Math.min(end, lineEnd) - start);
  const row = src.slice(0, lineStart).split("\n").length;
  return `  at line ${row}, column ${col + 1}\n  ${line}\n  ${" ".repeat(col)}${"^".repeat(width)}`;
}

/**
 * Thrown by `exit n` and `\\` to unwind to the top of the console, which
 * ends the process with `code`. Evaluation passes it through untouched.
 */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = "ExitRequest";
  }
}
