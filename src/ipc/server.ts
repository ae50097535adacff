/**
 * q's IPC over TCP, the server side (`borf -p 5001`, `\p 5001`): q
 * processes, kdb+ client libraries (node-q, PyKX, qPython, c.java) and
 * other borf processes connect and send messages in q's serialized form.
 *
 * - Handshake: the client sends `user:password`, a capability byte and a
 *   NUL; the server answers with one byte, the capability it accepts (3:
 *   compression and 64-bit lengths off, timestamps and guids on).
 * - Then each message is an 8-byte header and a body (src/io/serialize.ts).
 *   A sync message (type 1) is evaluated by `.z.pg` (default `value`) and
 *   answered with a response (type 2): the result, or the error as q
 *   sends it (type -128, the error's name). An async message (type 0) is
 *   evaluated by `.z.ps` (default `value`), with no answer.
 * - `.z.pw[user;password]`, when defined, admits a client (1b) or refuses
 *   it (the connection is closed without an answer).
 * - `.z.po` and `.z.pc` run with the handle when a connection opens and
 *   closes; `.z.w` is the handle of the connection being served and
 *   `.z.u` its user. `neg[h] x` sends x to client h (async); `hclose h`
 *   closes it.
 *
 * One message is evaluated at a time, each to its end, as in q.
 * Malformed messages (bad header, truncated or garbage body) close that
 * connection only; the session and the other connections go on.
 *
 * @module
 */

import { ExitRequest, QError } from "../err/qerror.ts";
import type { Session } from "../eval/session.ts";
import { IpcClient, targetOf } from "./client.ts";
import { deserialize, errorReply, HEADER_BYTES, MSG, serialize } from "../io/serialize.ts";
import { apply, apply1 } from "../prim/apply.ts";
import type { HandleOps } from "../prim/host.ts";
import { value as VALUE } from "../prim/evaluate.ts";
import { intern } from "../value/sym.ts";
import { Atom, NIL, str, type Value } from "../value/value.ts";

/** The capability byte this server accepts (q's 3: no compression, no 64-bit lengths). */
const CAPABILITY = 3;
/** Longest accepted handshake (user:password) in bytes. */
const MAX_HANDSHAKE = 1024;
/** Largest accepted message: q's own limit of a 32-bit length. */
const MAX_MESSAGE = 0xffffffff;

/** One client connection. */
interface Client {
  handle: number;
  user: string;
  conn: Deno.Conn;
  /** Writes in order: each send waits for the one before. */
  writing: Promise<void>;
}

/**
 * A session's IPC: a listening server (its clients) and the connections
 * the session opened (`hopen`), all of them the session's handles.
 */
export class IpcServer implements HandleOps {
  private readonly clients = new Map<number, Client>();
  /** Connections this process opened (`hopen`). */
  private readonly remotes = new Map<number, IpcClient>();
  private nextHandle = 4;
  private listener: Deno.TcpListener | undefined;
  private accepting: Promise<void> | undefined;

  private constructor(private readonly session: Session, private readonly onExit: (code: number) => void) {}

  /**
   * Makes `session`'s handles and `\p` go through a new server, not yet
   * listening. `onExit` runs when a client's message calls `exit` or `\\`.
   */
  static attach(session: Session, onExit: (code: number) => void): IpcServer {
    const s = new IpcServer(session, onExit);
    session.handles = s;
    session.listen = (p) => s.listen(p);
    return s;
  }

  /** Listens on `port` (any free port when -1) instead of any port before; 0 stops. Returns the port bound. */
  listen(port: number): number {
    this.listener?.close();
    this.listener = undefined;
    if (port === 0) return 0;
    let l: Deno.TcpListener;
    try {
      l = Deno.listen({ port: Math.max(port, 0), transport: "tcp" });
    } catch (e) {
      throw new QError(String(port), `cannot listen on port ${port}: ${(e as Error).message}`);
    }
    this.listener = l;
    this.accepting = this.accept(l);
    return (l.addr as Deno.NetAddr).port;
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    this.listener?.close();
    this.listener = undefined;
    for (const c of [...this.clients.values()]) this.drop(c);
    for (const h of [...this.remotes.keys()]) this.close(h);
    await this.accepting;
  }

  // ---------------------------------------------------------------- handles

  /**
   * `h x` / `neg[h] x`: on a connection this process opened, a sync call
   * (waiting for the reply) or an async message; on a client of this
   * server, `neg[h] x` sends x (a sync call to a client is not available).
   */
  apply(h: number, x: Value): Value {
    const remote = this.remotes.get(Math.abs(h));
    if (remote) {
      if (h < 0) {
        remote.async(x);
        return NIL;
      }
      try {
        return remote.sync(x, (m, sync) => this.run(sync ? ".z.pg" : ".z.ps", m));
      } catch (e) {
        if (e instanceof QError && e.qname === "close") this.close(h); // the other side went away
        throw e;
      }
    }
    const c = this.clients.get(Math.abs(h));
    if (!c) throw new QError("type", `handle ${h} is not open`);
    if (h > 0) throw new QError("nyi", `handle ${h} is a client of this server: send to it with neg[h] (async)`);
    this.send(c, serialize(x, MSG.async));
    return NIL;
  }

  /** `hopen x`: connects to another q process; the new handle. */
  open(target: Value): number {
    const c = IpcClient.open(targetOf(target));
    const h = this.nextHandle++;
    this.remotes.set(h, c);
    return h;
  }

  /** `hclose h`: closes a connection this process opened, or client h. */
  close(h: number): void {
    const remote = this.remotes.get(h);
    if (remote) {
      this.remotes.delete(h);
      return remote.close();
    }
    const c = this.clients.get(h);
    if (!c) throw new QError("type", `handle ${h} is not open`);
    this.drop(c);
  }

  // ---------------------------------------------------------------- connections

  /** Serves each connection `l` accepts, until it is closed. */
  private async accept(l: Deno.TcpListener): Promise<void> {
    try {
      for await (const conn of l) void this.serve(conn);
    } catch {
      // the listener was closed
    }
  }

  /** Handshake, then messages until the client goes or sends something malformed. */
  private async serve(conn: Deno.Conn): Promise<void> {
    const input = new Reader(conn);
    let client: Client | undefined;
    try {
      const hello = await input.until0(MAX_HANDSHAKE);
      if (!hello) return;
      const cap = hello.length > 0 && hello[hello.length - 1] < 32 ? hello[hello.length - 1] : 0;
      const text = new TextDecoder().decode(cap ? hello.subarray(0, -1) : hello);
      const colon = text.indexOf(":");
      const user = colon < 0 ? text : text.slice(0, colon), password = colon < 0 ? "" : text.slice(colon + 1);
      if (!this.admits(user, password)) return; // refused: closed without an answer, as q does
      await writeAll(conn, Uint8Array.of(Math.min(cap, CAPABILITY)));
      client = { handle: this.nextHandle++, user, conn, writing: Promise.resolve() };
      this.clients.set(client.handle, client);
      this.hook(".z.po", client, new Atom(-6, client.handle));
      for (;;) {
        const header = await input.exactly(HEADER_BYTES);
        if (!header) return;
        const length = new DataView(header.buffer, header.byteOffset, 8).getUint32(4, true);
        if (header[0] !== 1 || header[1] > 2 || length < HEADER_BYTES + 1 || length > MAX_MESSAGE) return;
        const body = await input.exactly(length - HEADER_BYTES);
        if (!body) return;
        const message = new Uint8Array(length);
        message.set(header);
        message.set(body, HEADER_BYTES);
        if (!this.clients.has(client.handle)) return; // closed by hclose while reading
        this.answer(client, header[1], message);
      }
    } catch (e) {
      if (e instanceof ExitRequest) return this.onExit(e.code);
      // the connection failed: drop it
    } finally {
      if (client) this.drop(client);
      else conn.close();
    }
  }

  /** Evaluates one message and, for a sync one, sends the reply. */
  private answer(c: Client, type: number, message: Uint8Array): void {
    let reply: Uint8Array;
    try {
      const x = deserialize(message, `message from handle ${c.handle}`);
      const result = this.as(c, () => this.run(type === MSG.sync ? ".z.pg" : ".z.ps", x));
      if (type !== MSG.sync) return;
      reply = serialize(result, MSG.response);
    } catch (e) {
      if (e instanceof ExitRequest) throw e;
      if (type !== MSG.sync) return;
      reply = errorReply(e instanceof QError ? e.qname : String(e));
    }
    this.send(c, reply);
  }

  /** Whether `.z.pw[user;password]` (when defined) lets a client in; an error in it refuses. */
  private admits(user: string, password: string): boolean {
    const pw = this.session.vars.get(".z.pw");
    if (pw === undefined) return true;
    this.session.install();
    try {
      const ok = apply(pw, [new Atom(-11, intern(user)), str(password)]);
      return ok instanceof Atom && ok.t === -1 && ok.v === 1;
    } catch (e) {
      if (e instanceof ExitRequest) this.onExit(e.code);
      return false;
    }
  }

  /** `.z.pg x` or `.z.ps x` when the handler is defined, else `value x`. */
  private run(name: string, x: Value): Value {
    const f = this.session.vars.get(name);
    return f === undefined ? VALUE(x) : apply1(f, x);
  }

  /** Runs a `.z.po`/`.z.pc` hook when defined; its errors are the hook's own. */
  private hook(name: string, c: Client, arg: Value): void {
    const f = this.session.vars.get(name);
    if (f === undefined) return;
    try {
      this.as(c, () => apply1(f, arg));
    } catch (e) {
      if (e instanceof ExitRequest) this.onExit(e.code);
    }
  }

  /** Runs `f` in this server's session, with `.z.w` and `.z.u` naming client `c`. */
  private as<T>(c: Client, f: () => T): T {
    this.session.install(); // other sessions of this process may have run since
    const saved = this.session.caller;
    this.session.caller = { handle: c.handle, user: c.user };
    try {
      return f();
    } finally {
      this.session.caller = saved;
    }
  }

  /** Queues `bytes` to client `c` after whatever it is being sent; a failed write drops the client. */
  private send(c: Client, bytes: Uint8Array): void {
    c.writing = c.writing.then(() => writeAll(c.conn, bytes)).catch(() => this.drop(c));
  }

  /** Closes client `c` (once) and runs `.z.pc`. */
  private drop(c: Client): void {
    if (!this.clients.delete(c.handle)) return;
    try {
      c.conn.close();
    } catch {
      // already closed
    }
    this.hook(".z.pc", c, new Atom(-6, c.handle));
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

/** Buffered reads of exact lengths from a connection. */
class Reader {
  private buf = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;
  constructor(private readonly conn: Deno.Conn) {}

  /** Reads more bytes; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    if (this.start > 0 && this.start === this.end) this.start = this.end = 0;
    if (this.end === this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, 64 * 1024));
      grown.set(this.buf.subarray(this.start, this.end));
      this.end -= this.start;
      this.start = 0;
      this.buf = grown;
    }
    const n = await this.conn.read(this.buf.subarray(this.end));
    if (n === null) return false;
    this.end += n;
    return true;
  }

  /**
   * The next `n` bytes, or undefined when the stream ends first. The buffer
   * grows as bytes arrive, not to `n` at once: a header that claims 4 GB
   * costs only what is really sent.
   */
  async exactly(n: number): Promise<Uint8Array | undefined> {
    while (this.end - this.start < n) if (!(await this.fill())) return undefined;
    const out = this.buf.slice(this.start, this.start + n);
    this.start += n;
    return out;
  }

  /** The bytes before the next NUL (which is consumed), or undefined at the end or past `max` bytes. */
  async until0(max: number): Promise<Uint8Array | undefined> {
    for (;;) {
      const at = this.buf.subarray(this.start, this.end).indexOf(0);
      if (at >= 0) {
        const out = this.buf.slice(this.start, this.start + at);
        this.start += at + 1;
        return out;
      }
      if (this.end - this.start > max || !(await this.fill())) return undefined;
    }
  }
}
