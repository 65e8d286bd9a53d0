// The --collective flag, read the same way by every command that takes it.
import { COLLECTIVES, type Collective } from "../core/collectives.js";
import { InputError } from "../core/errors.js";

export function parseCollective(value: unknown): Collective {
  if (value === undefined) return "allreduce";
  const v = String(value).trim();
  if (!(COLLECTIVES as readonly string[]).includes(v)) throw new InputError("--collective", value, `one of ${COLLECTIVES.join(", ")}`);
  return v as Collective;
}
