// How the CLI ends on failure: one line on stderr, exit code 2 for bad input, 1 otherwise.
import { InputError } from "../core/errors.js";

export function fail(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`wrht-sim: ${e.message}\n`);
    process.exit(2);
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`wrht-sim: ${msg.split("\n")[0]}\n`);
  process.exit(1);
}
