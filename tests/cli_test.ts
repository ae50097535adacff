/**
 * Process-level tests of the `borf` command: piped console input, scripts,
 * the `-e` console-file mode, exit codes, and the interactive REPL under a
 * pseudo-terminal (via `script(1)`).
 *
 * @module
 */

import assert from "node:assert/strict";

const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;
const decoder = new TextDecoder();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `borf args…` with `input` on stdin (under `sh -c "<shell>; exec borf…"` when `shell` is given). */
async function borf(args: string[], input = "", env: Record<string, string> = {}, shell?: string): Promise<Run> {
  const argv = [Deno.execPath(), "run", "-A", MAIN, ...args];
  const child = new Deno.Command(shell ? "sh" : argv[0], {
    args: shell ? ["-c", `${shell}; exec "$@"`, "sh", ...argv] : argv.slice(1),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(input));
  await w.close();
  const out = await child.output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

async function tempFile(text: string, suffix = ".q"): Promise<string> {
  const path = await Deno.makeTempFile({ suffix });
  await Deno.writeTextFile(path, text);
  return path;
}

Deno.test("borf -q prints each piped line's result as the q console does", async () => {
  const r = await borf(["-q"], "1+1\nx:til 5\nx*2\n`a`b!1 2\n");
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "2\n0 2 4 6 8\na| 1\nb| 2\n");
  assert.equal(r.stderr, "");
});

Deno.test("borf carries on after an error, printing 'name and explaining on stderr", async () => {
  const r = await borf(["-q"], "1+`a\nfoo\n3*3\n");
  assert.equal(r.stdout, "'type\n'foo\n9\n");
  assert.match(r.stderr, /at line 1, column 1/);
  assert.match(r.stderr, /foo is undefined/);
  assert.equal(r.code, 1);
});

Deno.test("borf joins lines while brackets are open", async () => {
  const r = await borf(["-q"], "f:{[a;b]\n  a*b}\nf[6;7]\n");
  assert.equal(r.stdout, "42\n");
});

Deno.test("borf stops at \\\\ with exit code 0", async () => {
  const r = await borf(["-q"], "1\n\\\\\n2\n");
  assert.equal(r.stdout, "1\n");
  assert.equal(r.code, 0);
});

Deno.test("exit n ends borf with exit code n, from the console, a function, value or a script", async () => {
  assert.equal((await borf(["-q"], "exit 3\n1\n")).code, 3);
  const r = await borf(["-q"], "f:{exit 4}\nf[]\n2\n");
  assert.equal(r.code, 4);
  assert.equal(r.stdout, "");
  assert.equal((await borf(["-q"], 'value "exit 5"\n1\n')).code, 5);
  const script = await tempFile("a:1\nexit 6\nb:2\n");
  try {
    const s = await borf(["-q"], `\\l ${script}\n7\n`);
    assert.equal(s.code, 6);
    assert.equal(s.stdout, "");
  } finally {
    await Deno.remove(script);
  }
});

Deno.test("the \\t timer runs .z.ts with the scheduled time while the console waits for input", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "-q"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(
    new TextEncoder().encode('n:0\n.z.ts:{n+::1; if[n=3; system "t 0"]; -1 "tick ",string -12h=type x}\n\\t 50\n'),
  );
  await new Promise((r) => setTimeout(r, 1500));
  await w.write(new TextEncoder().encode("n\n\\t\n"));
  await w.close();
  const out = await child.output();
  assert.equal(decoder.decode(out.stdout), "tick 1\ntick 1\ntick 1\n3\n0i\n");
});

Deno.test("borf db opens a database directory, mapping its tables", async () => {
  const db = await Deno.makeTempDir();
  try {
    await borf(["-q"], `\`:${db}/t/ set ([]a:1 2 3)\n`);
    const r = await borf([db, "-q"], "select sum a from t\n");
    assert.equal(r.stdout, "a\n-\n6\n");
    assert.equal(r.code, 0);
  } finally {
    await Deno.remove(db, { recursive: true });
  }
});

Deno.test("borf prints a banner without -q", async () => {
  const r = await borf([], "");
  assert.match(r.stdout, /^borf \d+\.\d+\.\d+ /);
});

Deno.test("borf runs a script without echoing its values, then reads stdin", async () => {
  const path = await tempFile("/ a script\na:6\nb:7\nshow a*b\n\\\nthis is not q and is never read\n");
  try {
    const r = await borf(["-q", path], "a+b\n");
    assert.equal(r.stdout, "42\n13\n");
    assert.equal(r.code, 0);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("borf reports a failing script line and exits 1", async () => {
  const path = await tempFile("a:1\nb:a+`x\nc:3\n");
  try {
    const r = await borf(["-q", path], "a\n");
    assert.equal(r.stdout, "'type\n1\n");
    assert.match(r.stderr, /line 2/);
    assert.equal(r.code, 1);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("borf -e runs a file as console input, echoing it", async () => {
  const path = await tempFile("/ intro\nx:1 2 3\nsum x\n");
  try {
    const r = await borf(["-q", "-e", path], "");
    assert.equal(r.stdout, "/ intro\nq)x:1 2 3\nq)sum x\n6\n");
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("borf names a script it cannot read, then carries on with stdin and exits 1", async () => {
  for (const args of [["-q", "nothere.q"], ["-q", "-e", "nothere.q"]]) {
    const r = await borf(args, "1+1\n");
    assert.equal(r.stdout, "'nothere.q\n2\n", args.join(" "));
    assert.match(r.stderr, /cannot read nothere\.q/);
    assert.doesNotMatch(r.stderr, /at .*main\.ts/);
    assert.equal(r.code, 1);
  }
});

Deno.test("a full disk fails file writes with a clear error, keeping the old file and leaving no temporary files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const input = [
      "`:v set til 10",
      "`:v set til 1000000",
      "get `:v",
      "`:big.csv 0: csv 0: ([]a:til 1000000)",
      "`:db/t/ set ([]a:til 1000000)",
      "key `:.",
    ].map((l) => l.replaceAll("`:", `\`:${dir}/`)).join("\n") + "\n";
    // a 1 MB file-size limit stands in for a full disk (ulimit counts 512-byte blocks under sh)
    const r = await borf(["-q"], input, {}, "ulimit -f 2048");
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines[0], `\`:${dir}/v`);
    assert.equal(lines[1], `'${dir}/v: File too large`);
    assert.equal(lines[2], "0 1 2 3 4 5 6 7 8 9");
    assert.equal(lines[3], `'${dir}/big.csv: File too large`);
    assert.equal(lines[4], "'os");
    assert.equal(lines[5], "`db`v", "no temporary files, no half-built table");
    assert.deepEqual([...Deno.readDirSync(`${dir}/db`)].map((e) => e.name).sort(), [".sym.lock", "sym"]);
    assert.match(r.stderr, /disk is full/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("borf rejects unknown options with exit code 2", async () => {
  const r = await borf(["--nope"], "");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /usage/);
});

Deno.test("borf -c sets the console size", async () => {
  const r = await borf(["-q", "-c", "10 20"], "til 100\n");
  assert.equal(r.stdout, "0 1 2 3 4 5 6 7 8..\n");
});

// ---------------------------------------------------------------- REPL under a terminal

/** The Deno cache of this process, so a child with another HOME needs no downloads. */
function denoDir(): string {
  const info = new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" }).outputSync();
  return JSON.parse(decoder.decode(info.stdout)).denoDir;
}

/** Terminal control sequences (ESC [ … letter), removed before matching REPL output. */
const ANSI_ESCAPE = new RegExp(String.fromCharCode(27) + "\\[[0-9;?]*[A-Za-z]", "g");

const hasScript = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "the REPL edits lines, recalls history, joins open brackets and survives Ctrl-C",
  ignore: !hasScript,
  async fn() {
    const home = await Deno.makeTempDir();
    const cmd = `${Deno.execPath()} run -A ${MAIN} -q`;
    const child = new Deno.Command("script", {
      args: ["-qfec", cmd, "/dev/null"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { HOME: home, NO_COLOR: "1", TERM: "xterm", DENO_DIR: denoDir() },
    }).spawn();
    const w = child.stdin.getWriter();
    const send = async (s: string) => {
      await w.write(new TextEncoder().encode(s));
      await new Promise((r) => setTimeout(r, 400));
    };
    try {
      await new Promise((r) => setTimeout(r, 1500));
      await send("x:40\r");
      await send("x+2\r");
      await send("\x1b[A\r"); // Up: recall x+2
      await send("{y*\r");
      await send("2}[0;21]\r"); // a two-line input
      await send("1+\x03"); // Ctrl-C abandons the line
      await send("x+1\r");
      await send("\\\\\r");
      await w.close();
      const out = await child.output();
      const text = decoder.decode(out.stdout).replace(ANSI_ESCAPE, "");
      assert.match(text, /q\)/);
      assert.equal((text.match(/\b42\b/g) ?? []).length >= 3, true, text);
      assert.match(text, /'stop/);
      assert.match(text, /\b41\b/);
      const hist = await Deno.readTextFile(`${home}/.borf_history`);
      assert.match(hist, /x\+2/);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
