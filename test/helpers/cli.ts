// Runs the built command line (dist/) as a separate process.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const CLI = join(__dirname, "..", "..", "dist", "cli", "main.js");

export function cli(args: string[], cwd?: string, env?: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd, env: env ? { ...process.env, ...env } : process.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
