/**
 * Blocking TCP client sockets through libc, for q's synchronous IPC calls
 * (`h"query"` waits for the reply inside an expression, which Deno's own
 * sockets, all asynchronous, cannot do). IPv4, Linux x86_64.
 *
 * @module
 */

import { errno, OsError, strerror } from "./libc.ts";

const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  send: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  recv: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  getaddrinfo: { parameters: ["buffer", "buffer", "buffer", "buffer"], result: "i32" },
  freeaddrinfo: { parameters: ["pointer"], result: "void" },
  gai_strerror: { parameters: ["i32"], result: "pointer" },
} as const;

const AF_INET = 2, SOCK_STREAM = 1, IPPROTO_TCP = 6, TCP_NODELAY = 1, MSG_NOSIGNAL = 0x4000, EINTR = 4;

let lib: Deno.DynamicLibrary<typeof SYMBOLS>["symbols"] | null | undefined;

/** The socket calls, or null without `--allow-ffi`. */
function sockets(): typeof lib {
  if (lib !== undefined) return lib;
  try {
    lib = Deno.permissions.querySync({ name: "ffi" }).state === "granted"
      ? Deno.dlopen("libc.so.6", SYMBOLS).symbols
      : null;
  } catch {
    lib = null;
  }
  return lib;
}

/** True when blocking sockets are available (FFI is permitted). */
export function canBlock(): boolean {
  return sockets() !== null;
}

function fail(call: string, where: string): never {
  const e = errno();
  throw new OsError(call, e, where, strerror(e));
}

/** The IPv4 address of `host` (a name or dotted quad), as 4 bytes. */
function resolve(host: string): Uint8Array {
  const l = sockets()!;
  const hints = new Uint8Array(48), dv = new DataView(hints.buffer);
  dv.setInt32(4, AF_INET, true);
  dv.setInt32(8, SOCK_STREAM, true);
  const out = new BigUint64Array(1);
  const rc = l.getaddrinfo(new TextEncoder().encode(host + "\0"), null, hints, new Uint8Array(out.buffer));
  if (rc !== 0) {
    const p = l.gai_strerror(rc);
    throw new OsError("getaddrinfo", rc, host, p ? Deno.UnsafePointerView.getCString(p) : `error ${rc}`);
  }
  const res = Deno.UnsafePointer.create(out[0])!;
  try {
    const addr = new Deno.UnsafePointerView(res).getPointer(24)!; // ai_addr: a sockaddr_in
    return new Uint8Array(new Deno.UnsafePointerView(addr).getArrayBuffer(8, 0)).slice(4, 8);
  } finally {
    l.freeaddrinfo(res);
  }
}

/** A connected TCP socket whose reads and writes block. */
export class BlockingSocket {
  private constructor(private fd: number, readonly where: string) {}

  /** Connects to `host:port`. */
  static connect(host: string, port: number): BlockingSocket {
    const l = sockets();
    if (!l) throw new OsError("connect", 0, `${host}:${port}`, "blocking sockets need --allow-ffi");
    const where = `${host}:${port}`;
    const ip = resolve(host);
    const fd = l.socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) fail("socket", where);
    const sa = new Uint8Array(16), dv = new DataView(sa.buffer);
    dv.setUint16(0, AF_INET, true);
    dv.setUint16(2, port, false);
    sa.set(ip, 4);
    for (;;) {
      if (l.connect(fd, sa, 16) === 0) break;
      if (errno() === EINTR) continue;
      const e = errno();
      l.close(fd);
      throw new OsError("connect", e, where, strerror(e));
    }
    l.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, Int32Array.of(1), 4); // requests are small: send them at once
    return new BlockingSocket(fd, where);
  }

  /** Sends all of `bytes`. */
  send(bytes: Uint8Array): void {
    const l = sockets()!;
    for (let off = 0; off < bytes.length;) {
      const part = bytes.subarray(off);
      const n = Number(l.send(this.fd, part, BigInt(part.length), MSG_NOSIGNAL));
      if (n < 0) {
        if (errno() === EINTR) continue;
        fail("send", this.where);
      }
      off += n;
    }
  }

  /** Exactly `n` bytes, or undefined when the peer closes first. */
  receive(n: number): Uint8Array | undefined {
    const l = sockets()!, out = new Uint8Array(n);
    for (let off = 0; off < n;) {
      const part = out.subarray(off);
      const got = Number(l.recv(this.fd, part, BigInt(part.length), 0));
      if (got < 0) {
        if (errno() === EINTR) continue;
        fail("recv", this.where);
      }
      if (got === 0) return undefined;
      off += got;
    }
    return out;
  }

  /** Closes the socket (again is harmless). */
  close(): void {
    if (this.fd < 0) return;
    sockets()!.close(this.fd);
    this.fd = -1;
  }
}
