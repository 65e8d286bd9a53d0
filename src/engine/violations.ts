// Errors an engine raises about a transfer, shared by both engines so they report alike.
import { InfeasibleError, InputError, PowerBudgetError } from "../core/errors.js";
import type { Network } from "../network/network.js";
import type { RingCuts } from "../network/ringCuts.js";

export function powerBudgetViolation(net: Network, step: number, src: number, dst: number, hops: number): PowerBudgetError {
  return new PowerBudgetError(step, src, dst, hops, net.lossDb(hops), net.budgetDb(), net.hopLimit);
}

export function badEndpoints(net: Network, step: number, src: number, dst: number): InputError {
  return new InputError(
    `schedule step ${step}`,
    `transfer ${src}->${dst}`,
    `distinct source and destination nodes in 0..${net.nodes - 1}`,
  );
}

export function badRoute(step: number, src: number, dst: number, cuts?: RingCuts, net?: Network): InputError {
  if (net && cuts && !cuts.empty) {
    const where = cuts.describe((l) => net.linkName(l));
    const ways = net.unidirectional ? `the ring runs clockwise only, and the way from ${src} to ${dst} crosses a cut` : `no direction from ${src} to ${dst} avoids them all`;
    // valid settings the run cannot complete (comparisons and sweeps record it as infeasible)
    return new InfeasibleError(
      `schedule step ${step}`, `transfer ${src}->${dst}`, "a way round the ring without a cut",
      `schedule step ${step}: transfer ${src}->${dst} cannot be routed: ${where}, and ${ways}`,
    );
  }
  return new InputError(`schedule step ${step}`, `counter-clockwise route for ${src}->${dst}`, "clockwise routes only on a unidirectional ring");
}

/** The shortest path a transfer could have taken (for the power-budget message): pinned, or the shorter way round. */
export function shortestHops(net: Network, src: number, dst: number, pin: number): number {
  const own = net.cost(src, dst, pin).hops;
  if (pin !== 0 || net.kind !== "optical-ring" || net.unidirectional) return own;
  return Math.min(own, net.nodes - own);
}

/** A transfer no channel or unit will ever serve: lost wavelengths, failed transceivers (faults). */
export function neverStarts(step: number, src: number, dst: number): InfeasibleError {
  return new InfeasibleError(
    `schedule step ${step}`, `transfer ${src}->${dst}`, "a wavelength left on every link of its path and a working transmitter and receiver",
    `schedule step ${step}: transfer ${src}->${dst} can never start: no wavelength is left on every link of its path (lost wavelengths), or its node's transmitters or receivers have all failed (or it waits for such a transfer)`,
  );
}
