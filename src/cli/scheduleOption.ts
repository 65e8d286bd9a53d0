// `--schedule FILE` on `run`: a user's algorithm (schedule file, MSCCL XML or generator module)
// stands in for --algorithm, and its own nodes, collective and fixed size become the run's.
import { InputError } from "../core/errors.js";
import { FILE_PREFIX } from "../algorithms/fileAlgorithms.js";
import { type ScheduleSource, loadFileAlgorithms } from "../import/scheduleSource.js";

/** Loads the file and rewrites `settings` to run it; refuses settings that contradict it. */
export async function applyScheduleFile(settings: Record<string, unknown>, path: string): Promise<ScheduleSource> {
  if (settings.algorithm !== undefined) throw new InputError("--algorithm", settings.algorithm, "either --algorithm or --schedule", `--algorithm: ${JSON.stringify(settings.algorithm)} and --schedule ${path} both name the algorithm; give one`);
  const name = `${FILE_PREFIX}${path}`;
  const source = (await loadFileAlgorithms([name])).get(name) as ScheduleSource;
  settings.algorithm = name;
  if (source.collective !== undefined && source.collective !== "none") {
    if (settings.collective !== undefined && settings.collective !== source.collective) {
      throw new InputError("--collective", settings.collective, source.collective, `--collective: ${path} implements ${source.collective}, not ${JSON.stringify(settings.collective)}; drop --collective`);
    }
    settings.collective = source.collective;
  } else if (settings.collective !== undefined) {
    throw new InputError("--collective", settings.collective, "none: the file states its own postcondition", `--collective: ${path} states its own postcondition (collective none); drop --collective`);
  }
  if (source.nodes !== undefined) {
    if (settings.nodes !== undefined && Number(settings.nodes) !== source.nodes) {
      throw new InputError("--nodes", settings.nodes, String(source.nodes), `--nodes: ${path} is written for ${source.nodes} nodes, not ${settings.nodes}; drop --nodes`);
    }
    settings.nodes = source.nodes;
  }
  if (source.elements !== undefined) {
    const given = ["size", "elements", "params", "model"].find((k) => settings[k] !== undefined);
    if (given && !(given === "elements" && Number(settings.elements) === source.elements)) {
      throw new InputError(`--${given}`, settings[given], `none: ${path} fixes the vector at ${source.elements} elements`, `--${given}: ${path} addresses elements and fixes the vector at ${source.elements} elements; drop --${given} (files written in chunks run at any size)`);
    }
    settings.elements = source.elements;
  }
  return source;
}
