// Where a user's algorithm comes from: a schedule file (JSON or YAML), MSCCL XML (recognised by
// its <algo> root, whatever the file is called) or a JavaScript module whose default export (or
// `generate`) turns (nodes, elements, elementBytes) into a schedule file's contents. Each becomes
// a ScheduleSource, and as `file:PATH` an algorithm beside the built-ins.
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import type { Algorithm } from "../algorithms/index.js";
import { criticalPathTime } from "../algorithms/criticalPath.js";
import { FILE_PREFIX, fileAlgorithm, registerFileAlgorithm } from "../algorithms/fileAlgorithms.js";
import { stepwiseClosedForm } from "../algorithms/stepwise.js";
import type { Collective } from "../core/collectives.js";
import { isDependencySchedule } from "../core/dependencySchedule.js";
import { InfeasibleError, InputError } from "../core/errors.js";
import type { Schedule } from "../core/schedule.js";
import type { Network } from "../network/network.js";
import { type MscclAlgorithm, looksLikeMscclXml, mscclSchedule, parseMsccl } from "./msccl.js";
import { type ScheduleFile, checkScheduleFile, scheduleFromFile } from "./scheduleFile.js";

export interface ScheduleSource {
  readonly path: string;
  readonly kind: "schedule file" | "MSCCL XML" | "generator module";
  /** The algorithm's name in results. */
  readonly name: string;
  /** Nodes the source is written for (undefined: a generator takes any). */
  readonly nodes?: number;
  /** Elements the source fixes (undefined: it runs at any size). */
  readonly elements?: number;
  /** Its collective; "none" with a postcondition of its own. */
  readonly collective?: Collective | "none";
  /** The chunks it cuts the vector into, when it is written in chunks (a small vector to verify it on: a few elements each). */
  readonly chunks?: number;
  /** The schedule for a vector of `elements` on `nodes` nodes. */
  build(nodes: number, elements: number, elementBytes: number): Schedule;
}

const MODULE = /\.(m|c)?js$/i;

/** Loads any kind of source (a generator module needs the asynchronous import). */
export async function loadScheduleSource(path: string): Promise<ScheduleSource> {
  if (!MODULE.test(path)) return loadScheduleSourceSync(path);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(resolve(path)).href);
  } catch (e) {
    throw new InputError(path, "the module", "a JavaScript module that loads", `${path}: the module did not load (${(e as Error).message.split("\n")[0]})`);
  }
  const generate = (typeof mod.default === "function" ? mod.default : mod.generate) as ((a: { nodes: number; elements: number; elementBytes: number }) => unknown) | undefined;
  if (typeof generate !== "function") throw new InputError(path, "its exports", "a default export or `generate`: a function of { nodes, elements, elementBytes } returning a schedule file's contents");
  const name = basename(path).replace(MODULE, "");
  return {
    path, kind: "generator module", name,
    build(nodes, elements, elementBytes) {
      let doc: unknown;
      try {
        doc = generate({ nodes, elements, elementBytes });
      } catch (e) {
        throw new InputError(path, `${nodes} nodes`, "a generator that returns a schedule", `${path}: the generator failed for ${nodes} nodes, ${elements} elements: ${(e as Error).message.split("\n")[0]}`);
      }
      const where = `${path} (generated for ${nodes} nodes)`;
      const f = checkScheduleFile(doc, where);
      if (f.nodes !== nodes) throw new InputError(`${where}: nodes`, f.nodes, `${nodes}, the nodes it was asked for`);
      return scheduleFromFile(f, where, elements, f.name ?? name);
    },
  };
}

/** Loads a schedule file or MSCCL XML. */
export function loadScheduleSourceSync(path: string): ScheduleSource {
  if (MODULE.test(path)) throw new InputError(path, "a module", "a schedule file or MSCCL XML here (modules load asynchronously)");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError("--schedule", path, "a readable schedule file (JSON, YAML or MSCCL XML) or a generator module (.mjs, .js)");
  }
  if (looksLikeMscclXml(text)) return mscclSource(path, parseMsccl(text, path));
  if (/^\s*</.test(text)) throw new InputError(path, "XML", "MSCCL XML, whose root element is <algo>", `${path}: XML without an <algo> root; MSCCL XML starts with <algo ngpus=... coll=...>`);
  let doc: unknown;
  const json = /\.json$/i.test(path);
  try {
    doc = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(path, "the file", `valid ${json ? "JSON" : "YAML"}`, `${path}: not valid ${json ? "JSON" : "YAML"} (${(e as Error).message.split("\n")[0]}); a schedule file is JSON or YAML, or MSCCL XML`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new InputError(path, "the file", "a schedule file (a mapping with version, nodes, collective, ...) or MSCCL XML", `${path}: not a schedule file: expected a mapping with version, nodes, collective and steps or operations (docs/MODEL.md), or MSCCL XML`);
  return fileSource(path, checkScheduleFile(doc, path));
}

function fileSource(path: string, f: ScheduleFile): ScheduleSource {
  const name = f.name ?? basename(path).replace(/\.(json|ya?ml)$/i, "");
  // an element-addressed file is built once: its schedule does not depend on the size asked
  let fixed: Schedule | undefined;
  return {
    path, kind: "schedule file", name, nodes: f.nodes, elements: f.elements, collective: f.collective, chunks: f.chunks,
    build(nodes, elements) {
      if (nodes !== f.nodes) throw new InfeasibleError("nodes", nodes, `${f.nodes}, the nodes of ${path}`, `nodes: ${path} is written for ${f.nodes} nodes, not ${nodes}`);
      if (f.elements !== undefined) return (fixed ??= scheduleFromFile(f, path, f.elements, name));
      return scheduleFromFile(f, path, elements, name);
    },
  };
}

function mscclSource(path: string, algo: MscclAlgorithm): ScheduleSource {
  return {
    path, kind: "MSCCL XML", name: `msccl:${algo.name}`, nodes: algo.ngpus, collective: algo.collective ?? "none", chunks: algo.nchunksperloop,
    build(nodes, elements) {
      if (nodes !== algo.ngpus) throw new InfeasibleError("nodes", nodes, `${algo.ngpus}, the GPUs of ${path}`, `nodes: ${path} is written for ${algo.ngpus} GPUs, not ${nodes} nodes`);
      if (!algo.collective) throw new InputError(`${path}: <algo coll>`, algo.coll, "allreduce, allgather, reducescatter or alltoall", `${path}: collective "${algo.coll}" has no postcondition here (allreduce, allgather, reducescatter and alltoall do)`);
      return mscclSchedule(algo, elements, path);
    },
  };
}

/** The source as an algorithm named `file:PATH`, registered so that every command finds it. */
export function sourceAlgorithm(source: ScheduleSource): Algorithm {
  const closedForm = (net: Network, schedule: Schedule, eb: number) => (isDependencySchedule(schedule) ? criticalPathTime(net, schedule, eb) : stepwiseClosedForm(net, schedule, eb));
  return {
    name: `${FILE_PREFIX}${source.path}`,
    summary: `${source.kind} ${source.path}`,
    build: (net, elements, eb) => source.build(net.nodes, elements, eb),
    closedForm,
    analytic: (net, elements, eb) => closedForm(net, source.build(net.nodes, elements, eb), eb),
  };
}

/** Loads every `file:` algorithm among `names` (once each) and registers it; returns them by name. */
export async function loadFileAlgorithms(names: readonly string[]): Promise<Map<string, ScheduleSource>> {
  const out = new Map<string, ScheduleSource>();
  for (const name of names) {
    if (!name.startsWith(FILE_PREFIX)) continue;
    const path = name.slice(FILE_PREFIX.length);
    if (!path) throw new InputError("algorithm", name, "file:PATH, a schedule file, MSCCL XML or generator module");
    const source = await loadScheduleSource(path);
    out.set(name, source);
    if (!fileAlgorithm(name)) registerFileAlgorithm(name, sourceAlgorithm(source), source.collective === "none" ? undefined : source.collective);
  }
  return out;
}
