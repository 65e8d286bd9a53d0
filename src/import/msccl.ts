// MSCCL XML import: the algorithm format of msccl-tools, TACCL, TE-CCL and the MSCCL runtime,
// turned into a dependency schedule (docs/MODEL.md, "MSCCL XML" gives the whole mapping).
//
// An <algo> holds one <gpu> per rank, each with threadblocks <tb send recv chan> that run their
// <step>s in order. Every buffer reference of a step is local to its GPU (the runtime reads them
// so): a send reads `src`, a receive writes `dst`. The send part of a step pairs, in order, with
// the receive part of a step on the threadblock of the peer that receives from this GPU on the
// same channel; each pair is one transfer. A step waits for its threadblock's previous step and
// for step `deps` of threadblock `depid` on its GPU; a step that receives and then sends sends
// only after its receive has landed (and after its reduction).
import { XMLParser } from "fast-xml-parser";
import { type Collective } from "../core/collectives.js";
import { DependencySchedule, type Operation, type OperationId, dependentTransfer } from "../core/dependencySchedule.js";
import { InputError } from "../core/errors.js";
import { OP_COPY, OP_REDUCE, type Op } from "../core/schedule.js";

/** Step types and what each does: reads src, receives, reduces, writes dst, sends. */
const STEP_TYPES = {
  s: { recv: false, send: true },
  r: { recv: true, send: false },
  rcs: { recv: true, send: true },
  rrs: { recv: true, send: true },
  rrc: { recv: true, send: false },
  rrcs: { recv: true, send: true },
  cpy: { recv: false, send: false },
  re: { recv: false, send: false },
  nop: { recv: false, send: false },
} as const;
type StepType = keyof typeof STEP_TYPES;

const COLLECTIVES: Readonly<Record<string, Collective>> = {
  allreduce: "allreduce", allgather: "allgather", alltoall: "alltoall", reducescatter: "reducescatter",
};

interface XmlStep {
  gpu: number;
  tb: number;
  s: number;
  type: StepType;
  srcbuf: string;
  srcoff: number;
  dstbuf: string;
  dstoff: number;
  cnt: number;
  depid: number;
  deps: number;
  /** Where it sits, for messages. */
  where: string;
}

interface XmlThreadblock {
  id: number;
  send: number;
  recv: number;
  chan: number;
  steps: XmlStep[];
}

/** The parsed <algo>, checked: everything the mapping needs, independent of the vector's size. */
export interface MscclAlgorithm {
  name: string;
  ngpus: number;
  nchunksperloop: number;
  nchannels: number;
  collective: Collective | undefined;
  /** The `coll` attribute as written. */
  coll: string;
  inplace: boolean;
  proto: string;
  gpus: { id: number; iChunks: number; oChunks: number; sChunks: number; tbs: XmlThreadblock[] }[];
}

/** Whether text is MSCCL XML (its root is <algo>). */
export function looksLikeMscclXml(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<algo[\s>]/.test(text);
}

/** Parses and checks MSCCL XML; `file` names the source in refusals. */
export function parseMsccl(text: string, file: string): MscclAlgorithm {
  const bad = (where: string, value: unknown, accepted: string, message?: string) => new InputError(`${file}: ${where}`, value, accepted, message && `${file}: ${where}: ${message}`);
  let doc: any;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "gpu" || name === "tb" || name === "step" }).parse(text, true);
  } catch (e) {
    throw new InputError(file, "the file", "well-formed XML", `${file}: not well-formed XML (${(e as Error).message.split("\n")[0]})`);
  }
  const algo = doc?.algo;
  if (!algo || typeof algo !== "object") throw new InputError(file, "the file", "MSCCL XML with an <algo> root", `${file}: no <algo> root element; MSCCL XML starts with <algo ngpus=... coll=...>`);
  const int = (v: unknown, where: string, what: string, min = 0): number => {
    const x = typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(x) || x < min) throw bad(where, v, `${what}, an integer of at least ${min}`);
    return x;
  };
  const ngpus = int(algo.ngpus, "<algo ngpus>", "the GPU count", 2);
  const nchunksperloop = int(algo.nchunksperloop, "<algo nchunksperloop>", "chunks per loop", 1);
  const nchannels = algo.nchannels === undefined ? 1 : int(algo.nchannels, "<algo nchannels>", "the channel count", 1);
  const coll = String(algo.coll ?? "");
  const inplace = algo.inplace === undefined ? true : int(algo.inplace, "<algo inplace>", "0 or 1") === 1;
  const gpus: MscclAlgorithm["gpus"] = [];
  const seen = new Set<number>();
  for (const g of (algo.gpu ?? []) as any[]) {
    const id = int(g.id, "<gpu id>", "a GPU id");
    if (id >= ngpus) throw bad(`<gpu id="${id}">`, id, `a GPU from 0 to ${ngpus - 1} (ngpus="${ngpus}")`);
    if (seen.has(id)) throw bad(`<gpu id="${id}">`, id, "each GPU once", "appears twice");
    seen.add(id);
    const gw = `<gpu id="${id}">`;
    const tbs: XmlThreadblock[] = [];
    for (const t of (g.tb ?? []) as any[]) {
      const tid = int(t.id, `${gw} <tb id>`, "a threadblock id");
      const tw = `${gw} <tb id="${tid}">`;
      const peer = (v: unknown, what: string) => {
        const p = int(v, `${tw} ${what}`, "a peer GPU or -1", -1);
        if (p >= ngpus || p === id) throw bad(`${tw} ${what}`, p, `a GPU from 0 to ${ngpus - 1} other than ${id}, or -1`);
        return p;
      };
      const tb: XmlThreadblock = { id: tid, send: peer(t.send, "send"), recv: peer(t.recv, "recv"), chan: int(t.chan ?? "0", `${tw} chan`, "a channel"), steps: [] };
      for (const st of (t.step ?? []) as any[]) {
        const s = int(st.s, `${tw} <step s>`, "a step index");
        const where = `${tw} <step s="${s}">`;
        const type = String(st.type);
        if (!(type in STEP_TYPES)) throw bad(`${where} type`, type, `one of ${Object.keys(STEP_TYPES).join(", ")}`);
        const kind = STEP_TYPES[type as StepType];
        if (kind.send && tb.send < 0) throw bad(`${where} type`, type, "a step that sends only on a threadblock with a send peer", `type "${type}" sends, but the threadblock has send="-1"`);
        if (kind.recv && tb.recv < 0) throw bad(`${where} type`, type, "a step that receives only on a threadblock with a recv peer", `type "${type}" receives, but the threadblock has recv="-1"`);
        tb.steps.push({
          gpu: id, tb: tid, s, type: type as StepType,
          srcbuf: String(st.srcbuf ?? "i"), srcoff: int(st.srcoff ?? "-1", `${where} srcoff`, "a chunk offset", -1),
          dstbuf: String(st.dstbuf ?? "o"), dstoff: int(st.dstoff ?? "-1", `${where} dstoff`, "a chunk offset", -1),
          cnt: int(st.cnt ?? "1", `${where} cnt`, "a chunk count"),
          depid: int(st.depid ?? "-1", `${where} depid`, "a threadblock or -1", -1), deps: int(st.deps ?? "-1", `${where} deps`, "a step or -1", -1),
          where,
        });
      }
      tb.steps.forEach((st, i) => {
        if (st.s !== i) throw bad(st.where, st.s, `steps numbered 0, 1, ... in order (this is step ${i} of its threadblock)`);
      });
      tbs.push(tb);
    }
    gpus.push({
      id, tbs,
      iChunks: int(g.i_chunks ?? "0", `${gw} i_chunks`, "a chunk count"),
      oChunks: int(g.o_chunks ?? "0", `${gw} o_chunks`, "a chunk count"),
      sChunks: int(g.s_chunks ?? "0", `${gw} s_chunks`, "a chunk count"),
    });
  }
  if (gpus.length !== ngpus) throw bad("<algo>", gpus.length, `one <gpu> per GPU (ngpus="${ngpus}")`, `has ${gpus.length} <gpu> elements for ngpus="${ngpus}"`);
  gpus.sort((a, b) => a.id - b.id);
  return { name: String(algo.name ?? "msccl"), ngpus, nchunksperloop, nchannels, collective: COLLECTIVES[coll], coll, inplace, proto: String(algo.proto ?? ""), gpus };
}

/**
 * The schedule of `algo` for a vector of `elements` (a multiple of nchunksperloop): chunk c of a
 * buffer is elements [c q, (c+1) q) of it, q = elements / nchunksperloop, and the buffers are laid
 * out in each node's memory as input, output, scratch (docs/MODEL.md).
 */
export function mscclSchedule(algo: MscclAlgorithm, elements: number, file: string): DependencySchedule {
  const C = algo.nchunksperloop;
  if (!(Number.isSafeInteger(elements) && elements > 0 && elements % C === 0)) {
    throw new InputError("size", `${elements} elements`, `a multiple of ${C} elements`, `size: ${elements} elements do not split into the ${C} chunks per loop of ${file}; use a multiple of ${C} elements (${C * 4} bytes in fp32)`);
  }
  const q = elements / C;
  const bad = (step: XmlStep, what: string, message: string) => new InputError(`${file}: ${step.where} ${what}`, "", "", `${file}: ${step.where}: ${message}`);
  const coll = algo.collective;
  const N = algo.ngpus;
  // regions: in-place collectives keep input and output in one vector of `elements` (the smaller
  // aliases its rank's slice of the larger, as msccl-tools defines them); all-to-all has both
  const twoBuffers = !algo.inplace;
  if (twoBuffers && coll !== "alltoall" && coll !== undefined) {
    throw new InputError(`${file}: <algo inplace>`, "0", "in-place for all-reduce, all-gather and reduce-scatter", `${file}: out-of-place ${algo.coll} is not supported: results are checked in place (input and output one vector); msccl-tools writes these in place by default`);
  }
  const maxScratch = Math.max(0, ...algo.gpus.map((g) => g.sChunks));
  const scratchBase = (twoBuffers ? 2 : 1) * elements;
  /** Element of chunk `off` of buffer `buf` at GPU `gpu`. */
  const at = (step: XmlStep, buf: string, off: number, cnt: number, role: string): number => {
    const g = algo.gpus[step.gpu];
    const size = buf === "i" ? g.iChunks : buf === "o" ? g.oChunks : buf === "s" ? g.sChunks : -1;
    if (size < 0) throw bad(step, `${role}buf`, `buffer "${buf}" is not i, o or s`);
    if (off < 0 || off + cnt > size) throw bad(step, `${role}off`, `chunks [${off}, ${off + cnt}) of buffer ${buf} are outside its ${size} chunks (${buf}_chunks="${size}")`);
    if (buf === "s") return scratchBase + off * q;
    if (twoBuffers) return (buf === "i" ? 0 : elements) + off * q;
    // in place: the smaller buffer is its rank's slice of the larger
    const slice = (coll === "allgather" && buf === "i") || (coll === "reducescatter" && buf === "o") ? step.gpu * Math.floor(C / N) : 0;
    return (slice + off) * q;
  };
  let stageTop = scratchBase + maxScratch * q;

  const ops: Operation[] = [];
  const id = (st: XmlStep) => `g${st.gpu}.tb${st.tb}.s${st.s}`;
  const tbOf = (gpu: number, tb: number) => algo.gpus[gpu].tbs.find((t) => t.id === tb);
  /** The operation that ends each step: dependencies on a step wait for it. */
  const done = new Map<XmlStep, string>();
  /** A step's own dependencies: its threadblock's previous step, and step `deps` of `depid`. */
  const before = (st: XmlStep): OperationId[] => {
    const tb = tbOf(st.gpu, st.tb) as XmlThreadblock;
    const deps: OperationId[] = [];
    if (st.s > 0) deps.push(id(tb.steps[st.s - 1]));
    if (st.depid >= 0) {
      const other = tbOf(st.gpu, st.depid);
      if (!other || st.deps < 0 || st.deps >= other.steps.length) throw bad(st, "depid", `depends on step ${st.deps} of threadblock ${st.depid}, which GPU ${st.gpu} does not have`);
      deps.push(id(other.steps[st.deps]));
    }
    return deps;
  };
  /** Where each receive lands first: the connection's buffer, an area of the receiver's own. */
  const landing = new Map<XmlStep, number>();
  /** Where each send reads, and what it waits for. */
  const sendFrom = new Map<XmlStep, { at: number; after: OperationId[] }>();
  const local = (idOf: string, node: number, from: number, to: number, length: number, op: Op, deps: OperationId[]) => {
    ops.push({ kind: "local", id: idOf, node, from, to, length, op, deps });
  };
  for (const g of algo.gpus) {
    for (const tb of g.tbs) {
      for (const st of tb.steps) {
        const me = id(st);
        const deps = before(st);
        const cnt = st.cnt * q;
        const kind = STEP_TYPES[st.type];
        if (st.type === "s") {
          sendFrom.set(st, { at: at(st, st.srcbuf, st.srcoff, st.cnt, "src"), after: deps });
          done.set(st, `${me}:send`);
          continue;
        }
        if (!kind.recv) {
          // cpy: dst = src; re: dst += src; nop: only its dependencies
          if (st.type === "nop") local(me, st.gpu, 0, 0, 0, OP_COPY, deps);
          else local(me, st.gpu, at(st, st.srcbuf, st.srcoff, st.cnt, "src"), at(st, st.dstbuf, st.dstoff, st.cnt, "dst"), cnt, st.type === "re" ? OP_REDUCE : OP_COPY, deps);
          done.set(st, me);
          continue;
        }
        // a receive: the transfer lands in the step's landing area; the step then takes it in
        // once its own dependencies are done (it waits for the transfer, the transfer not for it)
        const land = stageTop;
        stageTop += cnt;
        landing.set(st, land);
        const arrived = [...deps, `${me}:arrive`];
        let result: number;
        if (st.type === "r" || st.type === "rcs") {
          result = at(st, st.dstbuf, st.dstoff, st.cnt, "dst");
          local(`${me}:recv`, st.gpu, land, result, cnt, OP_COPY, arrived);
        } else if (st.type === "rrs") {
          // the sum is only sent on: it stays in the landing area
          result = land;
          local(`${me}:recv`, st.gpu, at(st, st.srcbuf, st.srcoff, st.cnt, "src"), land, cnt, OP_REDUCE, arrived);
        } else {
          // rrc, rrcs: dst = src + received
          const src = at(st, st.srcbuf, st.srcoff, st.cnt, "src");
          result = at(st, st.dstbuf, st.dstoff, st.cnt, "dst");
          let after = arrived;
          if (src !== result) {
            local(`${me}:operand`, st.gpu, src, result, cnt, OP_COPY, arrived);
            after = [`${me}:operand`];
          }
          local(`${me}:recv`, st.gpu, land, result, cnt, OP_REDUCE, after);
        }
        if (kind.send) sendFrom.set(st, { at: result, after: [`${me}:recv`] });
        done.set(st, kind.send ? `${me}:send` : `${me}:recv`);
      }
    }
  }
  // pair sends with receives: per (sender, receiver, channel), in threadblock and step order
  const queues = new Map<string, XmlStep[]>();
  const key = (from: number, to: number, chan: number) => `${from}>${to}#${chan}`;
  for (const g of algo.gpus) {
    for (const tb of g.tbs) {
      for (const st of tb.steps) {
        if (!STEP_TYPES[st.type].recv) continue;
        const k = key(tb.recv, g.id, tb.chan);
        if (!queues.has(k)) queues.set(k, []);
        (queues.get(k) as XmlStep[]).push(st);
      }
    }
  }
  for (const g of algo.gpus) {
    for (const tb of g.tbs) {
      for (const st of tb.steps) {
        if (!STEP_TYPES[st.type].send) continue;
        const peer = queues.get(key(g.id, tb.send, tb.chan))?.shift();
        if (!peer) throw bad(st, "type", `sends to GPU ${tb.send} on channel ${tb.chan}, and no receive on GPU ${tb.send} from GPU ${g.id} on that channel is left to pair with`);
        if (peer.cnt !== st.cnt) throw bad(st, "cnt", `sends ${st.cnt} chunks, and the receive it pairs with (${peer.where} on GPU ${peer.gpu}) takes ${peer.cnt}`);
        const from = sendFrom.get(st) as { at: number; after: OperationId[] };
        const tid = `${id(st)}:send`;
        ops.push(dependentTransfer(tid, g.id, tb.send, from.at, from.at + st.cnt * q, from.after, OP_COPY, 0, landing.get(peer)));
        local(`${id(peer)}:arrive`, peer.gpu, 0, 0, 0, OP_COPY, [tid]);
      }
    }
  }
  for (const [k, left] of queues) {
    if (left.length > 0) throw bad(left[0], "type", `receives from GPU ${k.split(">")[0]} on channel ${k.split("#")[1]}, and no send is left to pair with`);
  }
  // dependencies named steps: now the operations that end them
  const stepIds = new Map<string, string>();
  for (const [st, end] of done) stepIds.set(id(st), end);
  for (const o of ops) (o as { deps: readonly OperationId[] }).deps = o.deps.map((d) => stepIds.get(String(d)) ?? d);
  return new DependencySchedule(
    {
      nodes: N, elements, algorithm: `msccl:${algo.name}`, collective: coll, bufferElements: stageTop, source: file,
      params: { chunksPerLoop: C, channels: algo.nchannels, threadblocks: algo.gpus.reduce((s, g) => s + g.tbs.length, 0), proto: algo.proto },
    },
    ops,
  );
}
