// The schedule file (JSON or YAML, version 1; docs/MODEL.md, "Schedule files"): a user's own
// algorithm as steps of transfers, or as operations with ids and dependencies, with local copies
// and reductions. Ranges are chunks of the vector (the file then runs at any size) or element
// indices (the file fixes the vector's length).
import { z } from "zod";
import { COLLECTIVES, type Collective, isRooted } from "../core/collectives.js";
import { DependencySchedule, type Operation, type OperationId } from "../core/dependencySchedule.js";
import { InputError } from "../core/errors.js";
import { ExplicitSchedule, type LocalCopy, OP_COPY, OP_REDUCE, type Pin, type Schedule, type Transfer, chunkBegin } from "../core/schedule.js";
import type { Expectation } from "../core/schedule.js";

export const SCHEDULE_FILE_VERSION = 1;

const id = z.union([z.string().min(1), z.number().int()]);
const index = z.number().int().min(0);
const range = {
  chunk: index.optional(),
  count: z.number().int().min(1).optional(),
  dstChunk: index.optional(),
  begin: index.optional(),
  end: index.optional(),
  dstBegin: index.optional(),
};
const transferSchema = z.strictObject({
  id: id.optional(),
  deps: z.array(id).optional(),
  src: index,
  dst: index,
  op: z.enum(["copy", "reduce"]).default("copy"),
  route: z.enum(["auto", "cw", "ccw"]).default("auto"),
  ...range,
});
const localSchema = z.strictObject({
  id: id.optional(),
  deps: z.array(id).optional(),
  node: index,
  local: z.enum(["copy", "reduce"]),
  ...range,
  from: index.optional(),
  to: index.optional(),
  length: index.optional(),
});
const entrySchema = z.union([transferSchema, localSchema]);
const expectationSchema = z.strictObject({
  nodes: z.union([z.literal("all"), z.array(index).min(1)]),
  chunk: index.optional(),
  count: z.number().int().min(1).optional(),
  begin: index.optional(),
  end: index.optional(),
  sumOf: z.union([z.literal("all"), z.array(index).min(1)]),
  from: index.optional(),
  fromChunk: index.optional(),
});
export const scheduleFileSchema = z.strictObject({
  version: z.literal(SCHEDULE_FILE_VERSION),
  name: z.string().min(1).optional(),
  nodes: z.number().int().min(2),
  collective: z.enum([...COLLECTIVES, "none"]),
  root: index.optional(),
  elements: z.number().int().min(1).optional(),
  chunks: z.number().int().min(1).optional(),
  bufferChunks: z.number().int().min(1).optional(),
  bufferElements: z.number().int().min(1).optional(),
  postcondition: z.array(expectationSchema).min(1).optional(),
  steps: z.array(z.array(entrySchema)).optional(),
  operations: z.array(entrySchema).optional(),
});
export type ScheduleFile = z.output<typeof scheduleFileSchema>;
type Entry = z.output<typeof entrySchema>;
type TransferEntry = z.output<typeof transferSchema>;
type LocalEntry = z.output<typeof localSchema>;

/** Checks a parsed document against the schema; `file` names it in the one-line refusal. */
export function checkScheduleFile(doc: unknown, file: string): ScheduleFile {
  const r = scheduleFileSchema.safeParse(doc);
  if (r.success) {
    const f = r.data;
    if ((f.steps === undefined) === (f.operations === undefined)) throw new InputError(`${file}`, "the file", "either steps or operations", `${file}: give either "steps" (lists of transfers) or "operations" (with ids and deps), not ${f.steps ? "both" : "neither"}`);
    if (f.elements === undefined && f.chunks === undefined) throw new InputError(`${file}`, "the file", "elements or chunks", `${file}: say how the vector is addressed: "chunks" (ranges are chunks; the file runs at any size) or "elements" (ranges are element indices)`);
    if (f.collective === "none" && !f.postcondition) throw new InputError(`${file}: postcondition`, undefined, "a postcondition with collective none", `${file}: collective "none" needs a "postcondition" (what must hold at the end) so verify can check it`);
    if (f.collective !== "none" && f.postcondition) throw new InputError(`${file}: postcondition`, "given", "a postcondition only with collective none", `${file}: a postcondition goes with collective "none"; ${f.collective} has its own`);
    if (f.root !== undefined && (f.collective === "none" || !isRooted(f.collective))) throw new InputError(`${file}: root`, f.root, "a root only for broadcast and reduce");
    if (f.root !== undefined && f.root >= f.nodes) throw new InputError(`${file}: root`, f.root, `a node from 0 to ${f.nodes - 1}`);
    return f;
  }
  const issue = r.error.issues[0];
  const path = issue.path.map(String).join(".");
  const where = path ? `${file}: ${path}` : file;
  if (issue.code === "unrecognized_keys") {
    const k = (issue as { keys: string[] }).keys[0];
    throw new InputError(`${where}`, k, "a key of the schedule file format (docs/MODEL.md)", `${where}: unknown key "${k}"; the schedule file format is in docs/MODEL.md, "Schedule files"`);
  }
  if (issue.code === "invalid_union" && issue.path.length >= 2) {
    throw new InputError(where, "this entry", "a transfer (src, dst, chunk or begin/end) or a local operation (node, local, ...)", `${where}: not a transfer {src, dst, chunk | begin, end, op, deps} nor a local operation {node, local: copy|reduce, ...}, or it has a key neither has`);
  }
  const value = issue.path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k as string], doc);
  throw new InputError(where, value, issue.message.replace(/^Invalid input: /, ""), `${where}: ${value === undefined ? "missing" : JSON.stringify(value) + " is not accepted"}; expected ${issue.message.replace(/^Invalid input: /, "").replace(/^expected /, "")}`);
}

/** The schedule a checked file describes, for a vector of `elements` (the file's own when it fixes one). */
export function scheduleFromFile(f: ScheduleFile, file: string, elements: number, algorithm: string): Schedule {
  const E = f.elements ?? elements;
  const C = f.chunks;
  const bufferElements = f.bufferElements ?? (f.bufferChunks !== undefined && C ? chunkAt(f.bufferChunks, E, C) : f.collective === "alltoall" ? 2 * E : E);
  const n = f.nodes;
  /** Element where chunk c starts: chunk c of region floor(c / C), each region E elements. */
  const place = (where: string, e: { chunk?: number; count?: number; dstChunk?: number; begin?: number; end?: number; dstBegin?: number }) => {
    if (e.chunk !== undefined) {
      if (!C) throw new InputError(`${file}: ${where}.chunk`, e.chunk, "element ranges (begin, end): the file gives no chunks", `${file}: ${where}: "chunk" needs "chunks" at the top of the file`);
      if (e.begin !== undefined || e.end !== undefined || e.dstBegin !== undefined) throw new InputError(`${file}: ${where}`, "chunk and begin", "one way to give a range", `${file}: ${where}: give a range as chunk (count, dstChunk) or as begin, end (dstBegin), not both`);
      const k = e.count ?? 1;
      const begin = chunkAt(e.chunk, E, C);
      const end = chunkAt(e.chunk + k, E, C);
      const dst = e.dstChunk === undefined ? begin : chunkAt(e.dstChunk, E, C);
      if (e.dstChunk !== undefined && chunkAt(e.dstChunk + k, E, C) - dst !== end - begin) throw new InputError(`${file}: ${where}.dstChunk`, e.dstChunk, "chunks of the same length as the source's", `${file}: ${where}: chunks ${e.chunk}..${e.chunk + k - 1} and ${e.dstChunk}..${e.dstChunk + k - 1} differ in length at ${E} elements; use a size that is a multiple of ${C} elements`);
      return { begin, end, dstBegin: dst };
    }
    if (e.begin === undefined || e.end === undefined) throw new InputError(`${file}: ${where}`, "no range", "chunk, or begin and end", `${file}: ${where}: give a range: chunk (with count, dstChunk) or begin and end (with dstBegin)`);
    if (e.end < e.begin) throw new InputError(`${file}: ${where}.end`, e.end, `at least begin (${e.begin})`);
    return { begin: e.begin, end: e.end, dstBegin: e.dstBegin ?? e.begin };
  };
  const inBuffer = (where: string, node: number, what: string, at: number, length: number) => {
    if (node >= n) throw new InputError(`${file}: ${where}.${what}`, node, `a node from 0 to ${n - 1}`);
    if (at + length > bufferElements) throw new InputError(`${file}: ${where}`, `[${at}, ${at + length})`, `elements within the buffer of ${bufferElements}`, `${file}: ${where}: elements [${at}, ${at + length}) at node ${node} are outside its buffer of ${bufferElements} elements${C ? ` (${f.bufferChunks ?? (f.collective === "alltoall" ? 2 * C : C)} chunks; set bufferChunks for scratch)` : " (set bufferElements for scratch)"}`);
  };
  const transferOf = (where: string, e: TransferEntry): Transfer => {
    if (e.src === e.dst) throw new InputError(`${file}: ${where}.dst`, e.dst, `a node other than the source ${e.src}; local operations use node and local`);
    const r = place(where, e);
    inBuffer(where, e.src, "src", r.begin, r.end - r.begin);
    inBuffer(where, e.dst, "dst", r.dstBegin, r.end - r.begin);
    const t: Transfer = { src: e.src, dst: e.dst, begin: r.begin, end: r.end, op: e.op === "reduce" ? OP_REDUCE : OP_COPY, pin: ({ auto: 0, cw: 1, ccw: 2 } as const)[e.route] as Pin };
    if (r.dstBegin !== r.begin) t.dstBegin = r.dstBegin;
    return t;
  };
  const localOf = (where: string, e: LocalEntry): LocalCopy => {
    let from: number;
    let to: number;
    let length: number;
    if (e.chunk !== undefined || e.begin !== undefined) {
      if (e.dstChunk === undefined && e.dstBegin === undefined) throw new InputError(`${file}: ${where}`, "no destination", "dstChunk or dstBegin", `${file}: ${where}: a local operation needs where it writes (dstChunk or dstBegin)`);
      const r = place(where, e);
      [from, to, length] = [r.begin, r.dstBegin, r.end - r.begin];
    } else {
      if (e.from === undefined || e.to === undefined || e.length === undefined) throw new InputError(`${file}: ${where}`, "no range", "chunk and dstChunk, or from, to and length", `${file}: ${where}: give a local operation's range as chunk and dstChunk (count) or from, to and length`);
      [from, to, length] = [e.from, e.to, e.length];
    }
    inBuffer(where, e.node, "node", from, length);
    inBuffer(where, e.node, "node", to, length);
    return e.local === "reduce" ? { node: e.node, from, to, length, op: OP_REDUCE } : { node: e.node, from, to, length };
  };
  const isLocal = (e: Entry): e is LocalEntry => "local" in e;
  const postcondition = f.postcondition?.map((x, i): Expectation => {
    const where = `postcondition.${i}`;
    const all = Array.from({ length: n }, (_, k) => k);
    let begin: number;
    let end: number;
    if (x.chunk !== undefined) {
      if (!C) throw new InputError(`${file}: ${where}.chunk`, x.chunk, "begin and end: the file gives no chunks");
      begin = chunkAt(x.chunk, E, C);
      end = chunkAt(x.chunk + (x.count ?? 1), E, C);
    } else if (x.begin !== undefined && x.end !== undefined) [begin, end] = [x.begin, x.end];
    else throw new InputError(`${file}: ${where}`, "no range", "chunk (count) or begin and end");
    const from = x.fromChunk !== undefined && C ? chunkAt(x.fromChunk, E, C) : (x.from ?? begin);
    const nodes = x.nodes === "all" ? all : x.nodes;
    const sources = x.sumOf === "all" ? all : x.sumOf;
    for (const v of [...nodes, ...sources]) if (v >= n) throw new InputError(`${file}: ${where}`, v, `nodes from 0 to ${n - 1}`);
    if (end > bufferElements || from + (end - begin) > E) throw new InputError(`${file}: ${where}`, `[${begin}, ${end})`, `a range within the buffer, read from the input's ${E} elements`);
    return { nodes, begin, end, sources, from };
  });
  const collective = f.collective === "none" ? undefined : (f.collective as Collective);
  const info = { collective, root: f.root, bufferElements: bufferElements !== E ? bufferElements : undefined, postcondition };
  if (f.steps) {
    const steps: Transfer[][] = [];
    const copies: LocalCopy[][] = [];
    f.steps.forEach((step, s) => {
      steps.push([]);
      copies.push([]);
      step.forEach((e, j) => {
        const where = `steps.${s}.${j}`;
        if (e.id !== undefined || e.deps !== undefined) throw new InputError(`${file}: ${where}`, e.id ?? "deps", "no ids or deps in steps (use operations for dependencies)", `${file}: ${where}: ids and deps belong to "operations"; a step's transfers are ordered by their step`);
        if (isLocal(e)) copies[s].push(localOf(where, e));
        else steps[s].push(transferOf(where, e));
      });
    });
    copies.push([]);
    return new ExplicitSchedule(n, E, steps, algorithm, { file }, { ...info, copyList: copies });
  }
  const ops: Operation[] = (f.operations as Entry[]).map((e, i): Operation => {
    const where = `operations.${i}`;
    const opId: OperationId = e.id ?? i;
    const deps = e.deps ?? [];
    if (isLocal(e)) {
      const c = localOf(where, e);
      return { kind: "local", id: opId, deps, node: c.node, from: c.from, to: c.to, length: c.length, op: c.op ?? OP_COPY };
    }
    return { kind: "transfer", id: opId, deps, ...transferOf(where, e) };
  });
  return new DependencySchedule({ nodes: n, elements: E, algorithm, ...info, params: { file }, source: file }, ops);
}

/** First element of chunk c, chunks of C to a region of E elements (regions: input, then beyond). */
function chunkAt(c: number, E: number, C: number): number {
  return Math.floor(c / C) * E + chunkBegin(c % C, E, C);
}
