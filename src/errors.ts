// Typed errors. An InputError is bad input: the CLI prints its one-line message and exits with 2.

/** Bad input: names the field, the value given and what is accepted. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly accepted: string,
  ) {
    super(`${field}: ${formatValue(value)} is not accepted; expected ${accepted}`);
    this.name = "InputError";
  }
}

/** A lightpath breaks the power budget. */
export class PowerBudgetError extends InputError {
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
