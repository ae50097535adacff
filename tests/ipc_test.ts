/**
 * q IPC, the server side: a kdb+ client library (node-q) queries a
 * session over TCP (values of many types, errors, async messages, the
 * .z handlers); malformed input closes only its own connection; and the
 * `borf -p` process serves until a client ends it.
 *
 * @module
 */

import assert from "node:assert/strict";
import nodeq from "node-q";
import { Session } from "../src/eval/session.ts";
import { serialize } from "../src/io/serialize.ts";
import { IpcServer } from "../src/ipc/server.ts";

// deno-lint-ignore no-explicit-any
type Conn = any;

/** A node-q connection to `port`. */
function connect(port: number): Promise<Conn> {
  return new Promise((res, rej) =>
    nodeq.connect({ host: "127.0.0.1", port }, (e: Error | undefined, c: Conn) => e ? rej(e) : res(c))
  );
}

/** A sync request; an error reply becomes "'name". */
function k(c: Conn, ...args: unknown[]): Promise<unknown> {
  return new Promise((res) => c.k(...args, (e: Error | null, r: unknown) => res(e ? `'${e.message}` : r)));
}

/** Runs `f` against a session served on a free port. */
async function served(f: (port: number, s: Session) => Promise<void>): Promise<void> {
  const s = new Session({ out: () => {}, err: () => {} });
  const server = IpcServer.attach(s, () => {});
  s.eval("\\p 0W");
  try {
    await f(s.port, s);
  } finally {
    await server.stop();
  }
}

/** Bytes of a raw TCP exchange: handshake, then `send`, then everything until the server closes or `ms` pass. */
async function raw(port: number, send: Uint8Array[], ms = 2000): Promise<Uint8Array> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const got: number[] = [];
  const reading = (async () => {
    const buf = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) return;
      got.push(...buf.subarray(0, n));
    }
  })();
  for (const b of send) await conn.write(b);
  const timer = setTimeout(() => conn.close(), ms);
  await reading;
  clearTimeout(timer);
  try {
    conn.close();
  } catch {
    // closed by the timer or the server
  }
  return Uint8Array.from(got);
}

const hello = new TextEncoder().encode("me:secret\x03\x00");

Deno.test("ipc: a kdb+ client queries values of many types and gets q's errors", async () => {
  await served(async (port, s) => {
    s.eval("a:42; f:{x*2}; t:([]x:1 2;s:`a`b)");
    const other = new Session({ out: () => {}, err: () => {} });
    IpcServer.attach(other, () => {});
    assert.equal(other.line(`\\p ${port}`).text, `'${port}`, "a port in use is an error naming it");
    const c = await connect(port);
    try {
      assert.equal(await k(c, "1+2"), 3);
      assert.equal(await k(c, "a"), 42);
      assert.equal(await k(c, "f", 21), 42);
      assert.deepEqual(await k(c, "til 5"), [0, 1, 2, 3, 4]);
      assert.deepEqual(await k(c, "`a`b!1 2"), { a: 1, b: 2 });
      assert.deepEqual(await k(c, "t"), [{ x: 1, s: "a" }, { x: 2, s: "b" }]);
      assert.equal(await k(c, '"abc"'), "abc");
      assert.deepEqual(await k(c, "1.5 2.5"), [1.5, 2.5]);
      assert.deepEqual(await k(c, "2024.01.02"), new Date(Date.UTC(2024, 0, 2)));
      assert.equal(await k(c, "1+`a"), "'type");
      assert.equal(await k(c, "nothere"), "'nothere");
      assert.equal(await k(c, "{x+y}", 1, 2), 3);
      await new Promise<void>((res) => c.ks("b:99", () => res()));
      assert.equal(await k(c, "b"), 99, "an async message was evaluated before the next sync one");
    } finally {
      c.close();
    }
  });
});

Deno.test("ipc: .z.pg, .z.ps, .z.po, .z.pc, .z.w and .z.u; neg[h] pushes to a client; hclose closes it", async () => {
  await served(async (port, s) => {
    s.eval("opened:(); closed:(); .z.po:{opened,::x}; .z.pc:{closed,::x}; .z.pg:{(.z.w;.z.u;value x)}");
    const c = await connect(port);
    const reply = await k(c, "1+1") as unknown[];
    assert.equal(reply[1], "anonymous", "node-q's default user");
    assert.equal(reply[2], 2);
    const h = reply[0] as number;
    assert.equal(s.line("opened").text, `,${h}i`);
    c.close();
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(s.line("closed").text, `,${h}i`);

    // a raw client: the handshake names the user; neg[.z.w] sends back an async message
    s.eval(".z.pg:{neg[.z.w] (`upd;.z.u;x); 0N!x; 7}");
    const bytes = await raw(port, [hello, serialize(s.eval('"1+1"'), 1)], 500);
    assert.equal(bytes[0], 3, "the capability byte");
    const first = bytes.subarray(1, 1 + new DataView(bytes.buffer, 5, 4).getUint32(0, true));
    assert.equal(first[1], 0, "the push is async");
    assert.equal(
      s.line(`-3!-9!0x${[...first].map((b) => b.toString(16).padStart(2, "0")).join("")}`).text,
      '"(`upd;`me;\\"1+1\\")"',
    );
    const second = bytes.subarray(1 + first.length);
    assert.equal(second[1], 2, "then the response");
    assert.equal(s.line(`-9!0x${[...second].map((b) => b.toString(16).padStart(2, "0")).join("")}`).text, "7");

    s.eval(".z.pg:{hclose .z.w; 1}");
    const closed = await raw(port, [hello, serialize(s.eval('"1"'), 1)], 2000);
    assert.equal(closed.length, 1, "hclose of the caller closes the connection before any reply");
  });
});

Deno.test("ipc: .z.pw admits or refuses a client by user and password", async () => {
  await served(async (port, s) => {
    s.eval('.z.pw:{[u;p] (u=`me) and p~"secret"}');
    const open = (user: string, password: string) =>
      new Promise((res) =>
        nodeq.connect({ host: "127.0.0.1", port, user, password }, (e: Error | undefined, c: Conn) => {
          if (e) return res("refused");
          c.close();
          res("admitted");
        })
      );
    assert.equal(await open("me", "secret"), "admitted");
    assert.equal(await open("me", "guess"), "refused");
    assert.equal(await open("you", "secret"), "refused");
    s.eval(".z.pw:{[u;p] 'nope}");
    assert.equal(await open("me", "secret"), "refused", "an error in .z.pw refuses");
  });
});

Deno.test("ipc: malformed input closes that connection only", async () => {
  await served(async (port, s) => {
    s.eval("a:1");
    const keep = await connect(port);
    try {
      const garbage = [
        [hello, Uint8Array.of(1, 1, 0, 0, 9, 0, 0, 0, 0xff)], // unknown type
        [hello, Uint8Array.of(7, 1, 0, 0, 20, 0, 0, 0)], // bad byte order
        [hello, Uint8Array.of(1, 9, 0, 0, 20, 0, 0, 0)], // bad message type
        [hello, Uint8Array.of(1, 1, 0, 0, 3, 0, 0, 0)], // length shorter than the header
        [hello, Uint8Array.of(1, 1, 0, 0, 100, 0, 0, 0, 10, 0, 50, 0, 0, 0)], // body cut short
        [hello, Uint8Array.of(1, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 10, 0)], // claims 4 GB, sends 2 bytes
        [new Uint8Array(5000).fill(65)], // a handshake that never ends
      ];
      for (const send of garbage) {
        const got = await raw(port, send, 1000);
        assert.ok(got.length <= 1 + 40, `closed without a crash (${got.length} bytes back)`);
      }
      // a bad body in a well-formed sync message is an error reply, not a closed connection
      const bad = await raw(port, [hello, Uint8Array.of(1, 1, 0, 0, 11, 0, 0, 0, 0xf5, 0x61, 0x62)], 500);
      assert.equal(bad[1 + 8], 0x80, "an error reply");
      assert.equal(await k(keep, "a"), 1, "other connections go on");
    } finally {
      keep.close();
    }
  });
});

/** A `borf -q -p port` child process serving `setup` (its stdin), and its port, once it accepts connections. */
async function borfServer(
  setup: string,
  stdout: "piped" | "null" = "null",
): Promise<{ port: number; child: Deno.ChildProcess }> {
  const probe = Deno.listen({ port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "-q", "-p", String(port)],
    stdin: "piped",
    stdout,
    stderr: "null",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(setup));
  await w.close();
  for (let i = 0; i < 100; i++) {
    const c = await Deno.connect({ port }).catch(() => undefined);
    if (c) {
      c.close();
      break;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  return { port, child };
}

Deno.test("ipc: borf -p serves after its input ends, until a client calls exit", async () => {
  const { port, child } = await borfServer("x:6*7\n\\p\n", "piped");
  const c = await connect(port);
  assert.equal(await k(c, "x"), 42);
  c.ks("exit 3", () => {});
  const out = await child.output();
  c.close();
  assert.equal(out.code, 3);
  assert.equal(new TextDecoder().decode(out.stdout), `${port}i\n`);
});

Deno.test("ipc: hopen connects to another borf; h x waits for the reply, neg[h] x does not; errors and closes", async () => {
  const { port, child } = await borfServer('x:6*7; .z.pg:{$[x~"push";[neg[.z.w] (`got;42); `pushed];value x]}\n');
  const s = new Session({ out: () => {}, err: () => {} });
  const ipc = IpcServer.attach(s, () => {});
  try {
    s.eval(`h:hopen \`::${port}`);
    assert.equal(s.line('h "x"').text, "42");
    assert.equal(s.line("h ({x*y};6;7)").text, "42");
    assert.equal(s.line('h "([]a:1 2;b:`x`y)"').text, "a b\n---\n1 x\n2 y");
    assert.equal(s.line('h "1+`a"').text, "'type", "the remote error, by name");
    s.eval('neg[h] "y:1"');
    assert.equal(s.line('h "y"').text, "1", "the async message came first");
    s.eval("got:{r::x}");
    assert.equal(s.line('h "push"').text, "`pushed");
    assert.equal(s.line("r").text, "42", "a push before the reply is evaluated first");
    s.eval("hclose h");
    assert.equal(s.line('h "x"').text, "'type", "a closed handle");
    assert.equal(s.line("hopen `::1").text, "'hop");
    assert.equal(s.line("hopen `:a").text, "'domain");
    assert.equal(s.line("hopen 1.5").text, "'type");
    s.eval(`h2:hopen ${port}`);
    assert.equal(s.line('h2 "exit 0"').text, "'close", "the server went away mid-call");
    assert.equal(s.line('h2 "x"').text, "'type", "its handle is closed");
  } finally {
    await ipc.stop();
    child.kill();
    await child.status;
  }
});
