// A sweep file is checked whole before any point runs: every point's settings are parsed as the
// run (or training iteration) they describe, so an unknown name, a unit typo or a setting that
// cannot apply is refused in one line naming the point, before anything is written. A point that
// is valid but cannot run (a lightpath beyond the power budget, no feasible group size, a group
// size larger than the ring at that point) is an InfeasibleError: it stays a row with its reason.
// Each plot must name columns the results will have.
import { parseRunConfig } from "../config/runConfig.js";
import { parseTrainConfig } from "../config/trainConfig.js";
import { InfeasibleError, InputError } from "../core/errors.js";
import { closestName } from "../core/suggest.js";
import { columnsFor } from "./rows.js";
import type { Sweep } from "./spec.js";

/** Columns that hold words or records, never a y value. */
const NOT_NUMERIC = new Set(["sweep", "point", "id", "status", "error", "params", "energyParts", "algorithm", "network", "dtype", "collective", "model", "strategy", "label"]);

/** Throws an InputError for the first point or plot that cannot be what the file means. */
export function validateSweep(sweep: Sweep): void {
  for (const p of sweep.points) {
    try {
      if (p.settings.strategy !== undefined) parseTrainConfig(p.settings);
      else parseRunConfig(p.settings);
    } catch (e) {
      if (e instanceof InfeasibleError || !(e instanceof InputError)) continue;
      const where = Object.entries(p.values).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(", ");
      throw new InputError(e.field, e.value, e.accepted, `sweep point ${p.index}${where ? ` (${where})` : ""}: ${e.message}`);
    }
  }
  const columns = columnsFor(sweep.axisNames, sweep.namesCollective, sweep.training, sweep.faulty);
  sweep.file.plots.forEach((plot, i) => {
    for (const key of ["x", "y", "color", "facet"] as const) {
      const column = plot[key];
      if (column === undefined) continue;
      const allowed = key === "y" ? columns.filter((c) => !NOT_NUMERIC.has(c)) : columns;
      if (allowed.includes(column)) continue;
      const suggestion = closestName(column, allowed);
      throw new InputError(
        `sweep plots.${i}.${key}`, column, `a column of this sweep's results: ${allowed.join(", ")}`,
        `sweep plots.${i}.${key}: ${JSON.stringify(column)} is not ${key === "y" ? "a numeric column" : "a column"} of this sweep's results${suggestion ? ` (did you mean ${suggestion}?)` : ""}; expected one of ${allowed.join(", ")}`,
      );
    }
  });
}
