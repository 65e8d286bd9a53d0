// Every example a user is shown runs and does what its text says: the Examples of every --help,
// and every `$ ` command of README.md, whose shown output (the lines under it, up to a blank
// line) must be exactly what it prints. They run in order in one scratch folder, as a newcomer
// would type them, with `wrht-sim` on the PATH and the repository's sweeps/ and docs/ beside.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CLI, cli } from "./helpers/cli.js";
import { FAULT_TABLES, REPRODUCTION_TABLES, pivot, tableAfter } from "./helpers/reproductionTables.js";

const ROOT = join(__dirname, "..");

/** A scratch folder with a `wrht-sim` command and the repository's sweeps and docs. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "wrht-examples-"));
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  const shim = join(bin, "wrht-sim");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  // `npx wrht-sim` in a folder without the package: the same shim
  writeFileSync(join(bin, "npx"), `#!/bin/sh\n[ "$1" = wrht-sim ] && shift\nexec "${shim}" "$@"\n`);
  chmodSync(join(bin, "npx"), 0o755);
  for (const d of ["sweeps", "docs", "examples"]) symlinkSync(join(ROOT, d), join(dir, d));
  return { dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, COLUMNS: "200" } };
}

function sh(command: string, dir: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync("bash", ["-o", "pipefail", "-c", command], { cwd: dir, env, encoding: "utf8", timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Files an example says it writes: `# -> a.svg`, `# writes a.csv`, `-o a.svg`, `--out a.csv`. */
function promisedFiles(command: string): string[] {
  const files: string[] = [];
  const comment = command.split(" #")[1] ?? "";
  for (const m of comment.matchAll(/(?:->|writes)\s+([\w./*-]+\.(?:csv|jsonl|json|svg))/g)) files.push(m[1]);
  for (const m of command.split(" #")[0].matchAll(/(?:-o|--out|--plot|--trace|--chrome-trace)\s+([\w./-]+\.(?:csv|jsonl|json|svg))/g)) {
    if (!/--shard/.test(command)) files.push(m[1]);
  }
  return files;
}

const COMMANDS = ["", "run", "verify", "train", "compare", "plan", "crossover", "sweep", "merge", "plot", "models", "presets"];

/**
 * Runs every `    $ command` of a Markdown file in order in one scratch folder; where output is
 * shown under it (indented lines up to the next command or prose), it must be exactly what the
 * command prints.
 */
function runShownCommands(file: string): { ran: number; checked: number } {
  const { dir, env } = workspace();
  const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
  let ran = 0;
  let checked = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {4}\$ (.*)$/.exec(lines[i]);
    if (!m) continue;
    const command = m[1];
    const shown: string[] = [];
    // the output: indented lines up to the next command or prose (a blank line inside it counts
    // when more indented output follows)
    const output = (k: number) => k < lines.length && /^ {4}.*\S/.test(lines[k]) && !/^ {4}\$ /.test(lines[k]);
    for (let j = i + 1; output(j) || (lines[j] === "" && output(j + 1)); j++) shown.push(lines[j].slice(4));
    const r = sh(command, dir, env);
    expect(r.code, `${file}: ${command}\n${r.stderr}`).toBe(0);
    for (const f of promisedFiles(command)) expect(existsSync(join(dir, f)), `${command} should write ${f}`).toBe(true);
    if (shown.length > 0) {
      expect(r.stdout.trimEnd().split("\n").map((l) => l.trimEnd()), `${file}: ${command}`).toEqual(shown.map((l) => l.trimEnd()));
      checked++;
    }
    ran++;
  }
  return { ran, checked };
}

describe("examples", () => {
  test("every --help has examples, and every one of them runs and writes what it says", () => {
    const { dir, env } = workspace();
    let ran = 0;
    for (const cmd of COMMANDS) {
      const help = cli(cmd ? [cmd, "--help"] : ["--help"]).stdout;
      const block = help.split(/^Examples?[^\n]*:$/m)[1] ?? "";
      const examples = block.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("wrht-sim "));
      expect(examples.length, `wrht-sim ${cmd} --help`).toBeGreaterThan(0);
      for (const example of examples) {
        const r = sh(example, dir, env);
        expect(r.code, `${example}\n${r.stderr}`).toBe(0);
        expect(r.stderr, example).not.toMatch(/warning|Error/);
        for (const f of promisedFiles(example)) expect(existsSync(join(dir, f)), `${example} should write ${f}`).toBe(true);
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(20);
  }, 300_000);

  test("every `$` command of README.md runs, writes what it says, and prints the output shown", () => {
    const { ran, checked } = runShownCommands("README.md");
    expect(ran).toBeGreaterThan(8);
    expect(checked).toBeGreaterThan(3);
  });

  test("every `$` command of docs/REPRODUCTION.md runs and prints the numbers the text quotes", () => {
    const { ran, checked } = runShownCommands("docs/REPRODUCTION.md");
    expect(ran).toBeGreaterThan(0);
    expect(checked).toBe(ran);
  });

  test("the tables of docs/REPRODUCTION.md read off sweep results are those results", () => {
    const doc = readFileSync(join(ROOT, "docs", "REPRODUCTION.md"), "utf8");
    for (const t of [...REPRODUCTION_TABLES, ...FAULT_TABLES]) {
      const written = tableAfter(doc, t.after);
      expect(written, `a table after ${t.after}`).toBeDefined();
      expect(written).toBe(pivot(t));
    }
  });
});
