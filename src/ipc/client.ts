/**
 * q's IPC, the client side: `h:hopen \`:host:port`, then `h"query"` (sync:
 * waits for the reply), `neg[h]"query"` (async), `hclose h`. The socket
 * blocks (ffi/socket.ts), as q's sync calls do; async messages the server
 * sends while a sync call waits are evaluated before its reply is read.
 *
 * @module
 */

import { BlockingSocket } from "../../ffi/socket.ts";
import { qerr, QError } from "../err/qerror.ts";
import { deserialize, errorReply, HEADER_BYTES, MSG, serialize } from "../io/serialize.ts";
import { symName } from "../value/sym.ts";
import { Atom, List, type Value } from "../value/value.ts";

/** Where `hopen x` connects: host, port, user and password. */
export interface Target {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The target of `hopen`'s argument: a port (`hopen 5001`), a file-handle
 * symbol `` `:host:port[:user:password]`` (an empty host is this machine),
 * or either with a timeout, `(target;ms)` (accepted, not applied).
 */
export function targetOf(x: Value): Target {
  if (x instanceof List && x.n === 2) return targetOf(x.a[0]);
  if (x instanceof Atom && (x.t === -5 || x.t === -6 || x.t === -7)) return check(Number(x.v), "localhost", "", "");
  if (x instanceof Atom && x.t === -11) {
    const s = symName(x.v as number);
    const parts = (s.startsWith(":") ? s.slice(1) : s).split(":");
    if (parts.length < 2 || parts[0] === "unix") {
      return qerr("domain", `hopen ${s}: give :host:port (unix domain sockets are not available)`);
    }
    const [host, port, user = "", password = ""] = parts;
    return check(Number(port), host || "localhost", user, password);
  }
  return qerr("type", "hopen takes a port, `:host:port or (`:host:port;timeout)");
}

function check(port: number, host: string, user: string, password: string): Target {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return qerr("domain", `hopen: ${port} is not a port`);
  return { host, port, user, password };
}

/** A connection to a q IPC server. */
export class IpcClient {
  private constructor(private readonly socket: BlockingSocket) {}

  /** Connects and does the handshake; errors name the target. */
  static open(t: Target): IpcClient {
    const where = `${t.host}:${t.port}`;
    let socket: BlockingSocket;
    try {
      socket = BlockingSocket.connect(t.host, t.port);
    } catch (e) {
      return qerr("hop", `hopen ${where}: ${(e as Error).message}`);
    }
    const user = t.user || Deno.env.get("USER") || "";
    socket.send(new TextEncoder().encode(`${user}${t.password ? ":" + t.password : ""}\x03\x00`));
    const cap = socket.receive(1);
    if (!cap) {
      socket.close();
      return qerr("access", `hopen ${where}: the server refused the connection`);
    }
    return new IpcClient(socket);
  }

  /**
   * Sends `x` and waits for the reply; a q error reply is raised as that
   * error. Messages the server sends first are given to `serve` (the
   * value to answer a sync one with).
   */
  sync(x: Value, serve: (message: Value, sync: boolean) => Value): Value {
    this.socket.send(serialize(x, MSG.sync));
    for (;;) {
      const [type, message] = this.read();
      if (type === MSG.response) return deserialize(message, `reply from ${this.socket.where}`);
      let reply: Uint8Array;
      try {
        const v = serve(deserialize(message, `message from ${this.socket.where}`), type === MSG.sync);
        reply = serialize(v, MSG.response);
      } catch (e) {
        if (!(e instanceof QError)) throw e;
        reply = errorReply(e.qname);
      }
      if (type === MSG.sync) this.socket.send(reply);
    }
  }

  /** Sends `x` without waiting. */
  async(x: Value): void {
    this.socket.send(serialize(x, MSG.async));
  }

  /** Closes the connection. */
  close(): void {
    this.socket.close();
  }

  /** The next message: its type and its bytes (header included). */
  private read(): [number, Uint8Array] {
    const header = this.socket.receive(HEADER_BYTES) ?? qerr("close", `${this.socket.where}: the connection closed`);
    const length = new DataView(header.buffer).getUint32(4, true);
    if (length < HEADER_BYTES) return qerr("badmsg", `${this.socket.where}: a message of ${length} bytes`);
    const body = this.socket.receive(length - HEADER_BYTES) ??
      qerr("close", `${this.socket.where}: the connection closed mid-message`);
    const message = new Uint8Array(length);
    message.set(header);
    message.set(body, HEADER_BYTES);
    return [header[1], message];
  }
}
