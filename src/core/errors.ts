// Typed errors. An InputError is bad input: the CLI prints its one-line message and exits with 2.

/** Bad input: names the field, the value given and what is accepted. */
export class InputError extends Error {
  /** `message` replaces the standard wording where the standard one reads badly. */
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly accepted: string,
    message?: string,
  ) {
    super(message ?? `${field}: ${formatValue(value)} is not accepted; expected ${accepted}`);
    this.name = "InputError";
  }
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
      `the ${budgetDb.toFixed(2)} dB budget allows at most ${hopLimit} hops (raise --laser-dbm or lower --through-db)`;
  }
}

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
