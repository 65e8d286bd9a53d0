// Typed errors. An InputError is bad input: the CLI prints its one-line message and exits with 2.
import { closestName } from "./suggest.js";

/** Bad input: names the field, the value given and what is accepted. */
export class InputError extends Error {
  /**
   * `message` replaces the standard wording where the standard one reads badly; `suggestion` is
   * the known name the value probably meant (a typo), said before what is accepted.
   */
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly accepted: string,
    message?: string,
    readonly suggestion?: string,
  ) {
    super(message ?? `${field}: ${formatValue(value)} is not accepted${suggestion ? ` (did you mean ${suggestion}?)` : ""}; expected ${accepted}`);
    this.name = "InputError";
  }
}

/** An unknown name among `known`: the refusal lists them and names the one probably meant. */
export function unknownName(field: string, value: unknown, known: readonly string[], accepted = `one of ${known.join(", ")}`): InputError {
  return new InputError(field, value, accepted, undefined, typeof value === "string" ? closestName(value, known) : undefined);
}

/**
 * Valid settings that the chosen algorithm cannot run with (a lightpath beyond the power budget,
 * no feasible WRHT group size): comparisons and sweeps record these as infeasible cells.
 */
export class InfeasibleError extends InputError {
  constructor(field: string, value: unknown, accepted: string, message?: string) {
    super(field, value, accepted, message);
    this.name = "InfeasibleError";
  }
}

/** A lightpath breaks the power budget. */
export class PowerBudgetError extends InfeasibleError {
  constructor(
    readonly step: number,
    readonly src: number,
    readonly dst: number,
    readonly hops: number,
    readonly lossDb: number,
    readonly budgetDb: number,
    readonly hopLimit: number,
  ) {
    super("power budget", `step ${step} transfer ${src}->${dst}`, `at most ${hopLimit} hops`);
    this.name = "PowerBudgetError";
    this.message =
      `power budget: step ${step} transfer ${src}->${dst} crosses ${hops} hops with ${lossDb.toFixed(2)} dB loss; ` +
      `the ${budgetDb.toFixed(2)} dB budget allows at most ${hopLimit} hops (raise --laser-dbm, lower --through-db, or add --regenerate to cut longer lightpaths at 3R regenerators)`;
  }
}

/** The way out of a power-budget refusal, for messages that give the budget as their reason. */
export const REGENERATE_HINT = "add --regenerate to cut longer lightpaths at 3R regenerators, or raise --laser-dbm";

export function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (v === undefined) return "nothing";
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
