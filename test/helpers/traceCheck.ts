// An independent replay of a JSONL trace (the format of docs/MODEL.md). It knows only the trace format and the
// model's rules, not the engines: data sums, exclusive channels, readiness, durations, hops.
export interface TraceTransfer {
  type: "transfer";
  /** Runs of several schedules: the index of the transfer's schedule in the header's list. */
  schedule?: number;
  step: number;
  src: number;
  dst: number;
  begin: number;
  end: number;
  dstBegin?: number;
  op: "reduce" | "copy";
  bytes: number;
  route: "cw" | "ccw" | string[];
  hops: number;
  /** The wavelength, or one per segment of a regenerated lightpath. */
  channel: number | number[];
  regens?: number;
  retune?: boolean;
  /** A dependency schedule's transfer: its id and what it waits for (its step is its depth). */
  id?: string | number;
  deps?: (string | number)[];
  ready: number;
  start: number;
  finish: number;
  /** Fair sharing: when its bytes began to flow. */
  flowStart?: number;
}

/** A local copy (or reduction, `op`) inside a node, made before the transfers of `step`. */
export interface TraceCopy {
  type: "copy";
  op?: "reduce";
  /** A dependency schedule's local operation: its id and what it waits for. */
  id?: string | number;
  deps?: (string | number)[];
  schedule?: number;
  step: number;
  node: number;
  from: number;
  to: number;
  length: number;
}

export interface ParsedTrace {
  header: Record<string, any>;
  transfers: TraceTransfer[];
  copies: TraceCopy[];
  summary: Record<string, any>;
}

export function parseTrace(text: string): ParsedTrace {
  const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
  const header = lines[0];
  const summary = lines[lines.length - 1];
  if (header.type !== "header" || summary.type !== "summary") throw new Error("trace must start with a header and end with a summary");
  const body = lines.slice(1, -1);
  return { header, transfers: body.filter((l) => l.type === "transfer"), copies: body.filter((l) => l.type === "copy"), summary };
}

/**
 * Returns the problems found (empty when the trace is consistent). `data`: check the collective's
 * result. A trace of several schedules (header.schedules) is checked as the model runs them: a
 * transfer waits for its schedule's release and for its endpoints' earlier steps on its stream
 * (earlier steps of its schedule, every step of earlier schedules on that stream); each schedule's
 * data is replayed on its own vectors.
 */
export function checkTrace(trace: ParsedTrace, { data = true } = {}): string[] {
  if (Array.isArray(trace.header.schedules)) return checkSeveral(trace, data);
  return checkOne(trace, { data });
}

function checkSeveral({ header, transfers, copies, summary }: ParsedTrace, data: boolean): string[] {
  const problems: string[] = [];
  const list: { collective: string; algorithm: string; elements: number; release: number; stream: number }[] = header.schedules;
  const n: number = header.nodes;
  // order: by schedule, then step
  let last = [-1, -1];
  for (const t of transfers) {
    const k = t.schedule ?? -1;
    if (!(k >= 0 && k < list.length)) {
      problems.push(`transfer ${t.src}->${t.dst} names no schedule of the header`);
      return problems;
    }
    // a dependency schedule's transfers come in position order (their step is their depth)
    if (k < last[0] || (k === last[0] && t.step < last[1] && t.id === undefined)) problems.push(`schedule ${k} step ${t.step}: out of (schedule, step) order`);
    last = [k, t.step];
  }
  for (let k = 1; k < list.length; k++) if (list[k].release < list[k - 1].release) problems.push(`schedule ${k} released before schedule ${k - 1}`);
  // readiness per (node, stream), through the schedules in order
  const streams = Math.max(...list.map((e) => e.stream)) + 1;
  const laneDone = new Float64Array(n * streams);
  for (let k = 0; k < list.length; k++) {
    const own = transfers.filter((t) => t.schedule === k);
    const steps = [...new Set(own.map((t) => t.step))].sort((a, b) => a - b);
    const s = list[k].stream;
    if (own.some((t) => t.id !== undefined)) {
      // a dependency schedule: ready at the latest of its release, its endpoints' earlier schedules
      // on the stream, and what it depends on (a local operation finishing with its dependencies)
      const ops = new Map<string | number, TraceTransfer | TraceCopy>();
      for (const o of [...own, ...copies.filter((c) => c.schedule === k)]) ops.set(o.id as string | number, o);
      const finish = new Map<string | number, number>();
      const finishOf = (id: string | number): number => {
        const known = finish.get(id);
        if (known !== undefined) return known;
        const o = ops.get(id);
        if (!o) {
          problems.push(`schedule ${k}: dep ${JSON.stringify(id)} names no line`);
          return NaN;
        }
        const f = o.type === "transfer" ? o.finish : Math.max(0, ...(o.deps ?? []).map(finishOf));
        finish.set(id, f);
        return f;
      };
      for (const t of own) {
        const want = Math.max(laneDone[t.src * streams + s], laneDone[t.dst * streams + s], list[k].release, ...(t.deps ?? []).map(finishOf));
        if (t.ready !== want && problems.length < 20) problems.push(`schedule ${k} ${JSON.stringify(t.id)} ${t.src}->${t.dst}: ready ${t.ready} but its release, stream and dependencies allow ${want}`);
      }
      for (const t of own) {
        laneDone[t.src * streams + s] = Math.max(laneDone[t.src * streams + s], t.finish);
        laneDone[t.dst * streams + s] = Math.max(laneDone[t.dst * streams + s], t.finish);
      }
      continue;
    }
    for (const step of steps) {
      const ts = own.filter((t) => t.step === step);
      for (const t of ts) {
        const want = Math.max(laneDone[t.src * streams + s], laneDone[t.dst * streams + s], list[k].release);
        if (t.ready !== want && problems.length < 20) problems.push(`schedule ${k} step ${step} ${t.src}->${t.dst}: ready ${t.ready} but it was released and its endpoints free on stream ${s} at ${want}`);
      }
      for (const t of ts) {
        laneDone[t.src * streams + s] = Math.max(laneDone[t.src * streams + s], t.finish);
        laneDone[t.dst * streams + s] = Math.max(laneDone[t.dst * streams + s], t.finish);
      }
    }
  }
  // everything but readiness and data holds across the schedules as in one run: checked as one
  // trace whose readiness check is skipped (every transfer is "ready" at its own ready time)
  const whole = checkOne({ header: { ...header, collective: "allreduce" }, transfers, copies, summary }, { data: false, readiness: false });
  problems.push(...whole);
  if (data) {
    for (let k = 0; k < list.length; k++) {
      const e = list[k];
      const own = transfers.filter((t) => t.schedule === k);
      const ownCopies = copies.filter((c) => c.schedule === k);
      const h = { ...header, collective: e.collective, algorithm: e.algorithm, elements: e.elements };
      let size = e.elements;
      for (const t of own) size = Math.max(size, t.end, (t.dstBegin ?? t.begin) + t.end - t.begin);
      for (const c of ownCopies) size = Math.max(size, c.from + c.length, c.to + c.length);
      const byStep = new Map<number, TraceTransfer[]>();
      for (const t of own) {
        if (!byStep.has(t.step)) byStep.set(t.step, []);
        byStep.get(t.step)!.push(t);
      }
      const before = problems.length;
      checkData(h, size, ownCopies, byStep, problems);
      if (problems.length > before) problems[problems.length - 1] = `schedule ${k}: ${problems[problems.length - 1]}`;
    }
  }
  return problems;
}

function checkOne({ header, transfers, copies = [], summary }: ParsedTrace, { data = true, readiness = true } = {}): string[] {
  const problems: string[] = [];
  const net = header.network;
  const n: number = header.nodes;
  const e: number = header.elements;
  const eb: number = header.elementBytes;
  const lockstep = header.mode === "lockstep";
  // faults in force: cut gaps, lost (link, wavelength), slow nodes' factors; jitter draws are not
  // known here, so under jitter a duration is only checked to be positive
  const faults = header.faults ?? {};
  const cutLinks = new Set<string>((faults.cuts ?? []).flatMap((g: number) => [`cw:${g}`, `ccw:${(g + 1) % n}`]));
  const slowness = new Map<number, number>((faults.slow ?? []).map((x: string) => x.split(":").map(Number) as [number, number]));
  const factorOf = (t: TraceTransfer) => Math.max(slowness.get(t.src) ?? 1, slowness.get(t.dst) ?? 1);
  const jittered = faults.jitter !== undefined;
  const durationOk = (t: TraceTransfer, plain: number) =>
    jittered ? t.finish > t.start || plain === 0 : Math.abs(t.finish - t.start - plain * factorOf(t)) <= 8 * Number.EPSILON * Math.max(1e-9, t.finish);
  const say = (t: TraceTransfer, what: string) => {
    if (problems.length < 20) problems.push(`step ${t.step} ${t.src}->${t.dst}: ${what}`);
  };
  const collectives = ["allreduce", "reducescatter", "allgather", "alltoall", "broadcast", "reduce"];
  if (header.version !== 1 || !collectives.includes(header.collective)) problems.push("bad header");
  const rooted = header.collective === "broadcast" || header.collective === "reduce";
  if (rooted !== (typeof header.root === "number")) problems.push("a root belongs in the header of broadcast and reduce only");
  // a buffer holds the vector, and past it whatever the schedule addresses (all-to-all output, scratch)
  let size = e;
  for (const t of transfers) size = Math.max(size, t.end, (t.dstBegin ?? t.begin) + t.end - t.begin);
  for (const c of copies) size = Math.max(size, c.from + c.length, c.to + c.length);

  // links of each transfer, from the route alone
  const linksOf = (t: TraceTransfer): string[] => {
    if (Array.isArray(t.route)) return t.route;
    const out: string[] = [];
    for (let k = 0; k < t.hops; k++) {
      out.push(t.route === "cw" ? `cw:${(t.src + k) % n}` : `ccw:${(((t.src - k) % n) + n) % n}`);
    }
    return out;
  };
  // each segment's links and wavelength: a regenerated lightpath is cut every hopLimit hops
  const segmentsOf = (t: TraceTransfer): { links: string[]; channel: number }[] => {
    const links = linksOf(t);
    if (!Array.isArray(t.channel)) return [{ links, channel: t.channel }];
    return t.channel.map((channel, k) => ({ links: links.slice(k * net.hopLimit, (k + 1) * net.hopLimit), channel }));
  };

  // a dependency schedule's transfers come in position order, each with its id and deps
  const byDeps = transfers.some((t) => t.id !== undefined);
  let lastStep = -1;
  for (const t of transfers) {
    if (readiness && !byDeps && t.step < lastStep) say(t, "out of step order");
    lastStep = t.step;
    if (t.bytes !== (t.end - t.begin) * eb) say(t, `bytes ${t.bytes} != chunk size`);
    if (!(t.begin >= 0 && t.begin <= t.end)) say(t, "chunk out of range");
    if (t.dstBegin !== undefined && t.dstBegin === t.begin) say(t, "dstBegin written though it equals begin");
    if (net.type === "optical-ring") {
      const cw = (((t.dst - t.src) % n) + n) % n;
      const want = t.route === "cw" ? cw : n - cw;
      if (t.hops !== want) say(t, `hops ${t.hops} but ${t.route} distance is ${want}`);
      if (net.direction === "unidirectional" && t.route !== "cw") say(t, "counter-clockwise on a unidirectional ring");
      const segments = segmentsOf(t);
      for (const seg of segments) if (!(seg.channel >= 0 && seg.channel < net.wavelengths)) say(t, `channel ${seg.channel} out of range`);
      if (Array.isArray(t.channel)) {
        if (!net.regenerate) say(t, "segments without regeneration");
        if (t.regens !== t.channel.length - 1 || t.channel.length !== Math.ceil(t.hops / net.hopLimit)) say(t, "segment count does not match the hop limit");
      } else if (net.hopLimit >= 0 && t.hops > net.hopLimit) say(t, "lightpath beyond the power budget");
      if (t.retune && !(net.tx > 0 || net.rx > 0)) say(t, "a retune without tunable transceivers");
      const regens = Array.isArray(t.channel) ? t.channel.length - 1 : 0;
      const dur = net.alpha + (t.bytes * 8) / net.bandwidth + t.hops * net.hopLatency + (t.op === "reduce" ? net.gamma * t.bytes : 0) + (t.retune ? net.tuningTime : 0) + regens * net.regenLatency;
      if (!durationOk(t, dur)) say(t, `duration ${t.finish - t.start} != model ${dur} x ${factorOf(t)}`);
      for (const l of linksOf(t)) if (cutLinks.has(l)) say(t, `crosses the cut link ${l}`);
    }
    if (net.type === "star" || net.type === "leaf-spine") {
      if (!Array.isArray(t.route) || t.route.length !== t.hops) say(t, "switched route must list its links");
      const same = t.hops === 2;
      if (net.type === "star" && !same) say(t, "a star path has two links");
      if (net.type === "leaf-spine" && same !== (Math.floor(t.src / net.leafSize) === Math.floor(t.dst / net.leafSize))) say(t, "leaf-spine path length does not match the leaves");
      const bw = same ? net.bandwidth : Math.min(net.bandwidth, net.uplinkBandwidth);
      const dur = net.alpha + (t.bytes * 8) / bw + (t.hops - 1) * net.switchLatency + (t.op === "reduce" ? net.gamma * t.bytes : 0);
      const close = (a: number, b: number) => Math.abs(a - b) <= 8 * Number.EPSILON * Math.max(1e-9, t.finish);
      if (net.sharing === "fair") {
        // its latency, then its bytes at no more than the path's bandwidth (sharing only slows them)
        const latency = net.alpha + (t.hops - 1) * net.switchLatency + (t.op === "reduce" ? net.gamma * t.bytes : 0);
        if (t.flowStart === undefined || (!jittered && !close(t.flowStart - t.start, latency * factorOf(t)))) say(t, `flow starts at ${t.flowStart}, not after its latency ${latency}`);
        else if (!jittered && t.finish - t.start < dur * factorOf(t) * (1 - 1e-12)) say(t, `finishes in ${t.finish - t.start}, faster than its path allows (${dur})`);
      } else if (!durationOk(t, dur)) say(t, `duration ${t.finish - t.start} != model ${dur} x ${factorOf(t)}`);
      if (t.channel !== 0) say(t, "electrical links have one channel");
    }
    if (t.start < t.ready) say(t, "starts before it is ready");
  }

  // readiness: async waits for both endpoints' earlier steps; lockstep for the whole earlier step
  const byStep = new Map<number, TraceTransfer[]>();
  for (const t of transfers) {
    if (!byStep.has(t.step)) byStep.set(t.step, []);
    byStep.get(t.step)!.push(t);
  }
  if (byDeps && readiness) checkDependencies(transfers, copies, say, problems);
  const nodeDone = new Float64Array(n);
  let barrier = 0;
  for (const step of byDeps ? [] : [...byStep.keys()].sort((a, b) => a - b)) {
    const ts = byStep.get(step)!;
    for (const t of ts) {
      const want = lockstep ? barrier : Math.max(nodeDone[t.src], nodeDone[t.dst]);
      if (readiness && t.ready !== want) say(t, `ready ${t.ready} but endpoints were free at ${want}`);
    }
    for (const t of ts) {
      nodeDone[t.src] = Math.max(nodeDone[t.src], t.finish);
      nodeDone[t.dst] = Math.max(nodeDone[t.dst], t.finish);
      barrier = Math.max(barrier, t.finish);
    }
  }

  // (a factor counts a message's bytes factor times on its links; jitter's are not known here)
  if (net.sharing === "fair" && !jittered) checkFairLinks(net, transfers, linksOf, say, problems, factorOf);

  // exclusive channels: no (link, channel) held by two transfers at overlapping times; a lost
  // wavelength is held from 0 on, so a lightpath on one is caught here
  const holders = new Map<string, [number, number][]>();
  for (const [l, c] of faults.lostWavelengths ?? []) holders.set(`${l < n ? `cw:${l}` : `ccw:${l - n}`}#${c}`, [[0, Infinity]]);
  for (const t of transfers) {
    for (const seg of net.type === "optical-ring" ? segmentsOf(t) : [{ links: linksOf(t), channel: 0 }]) {
      for (const l of seg.links) {
        const key = `${l}#${seg.channel}`;
        if (!holders.has(key)) holders.set(key, []);
        holders.get(key)!.push([t.start, t.finish]);
      }
    }
  }
  for (const [key, iv] of net.sharing === "fair" ? [] : holders) {
    iv.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 1; i < iv.length; i++) {
      if (iv[i][0] < iv[i - 1][1]) {
        problems.push(`${key} held twice: [${iv[i - 1]}] and [${iv[i]}]`);
        break;
      }
    }
  }

  // transceiver limits
  for (const [limit, side] of [[net.tx, "src"], [net.rx, "dst"]] as const) {
    if (!(limit > 0)) continue;
    const events: [number, number, number][] = [];
    for (const t of transfers) {
      const node = side === "src" ? t.src : t.dst;
      if (t.finish > t.start) events.push([node, t.start, 1], [node, t.finish, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    let cur = 0;
    let node = -1;
    for (const [v, , d] of events) {
      if (v !== node) {
        node = v;
        cur = 0;
      }
      cur += d;
      if (cur > limit) {
        problems.push(`node ${v} uses more than ${limit} ${side === "src" ? "transmitters" : "receivers"}`);
        break;
      }
    }
  }

  if (header.grants === "greedy") checkGreed(header, transfers, holders, segmentsOf, linksOf, problems);

  if (data) checkData(header, size, copies, byStep, problems);

  const makespan = transfers.reduce((m, t) => Math.max(m, t.finish), 0);
  if (summary.time !== makespan) problems.push(`summary time ${summary.time} != last finish ${makespan}`);
  if (summary.transfers !== transfers.length) problems.push("summary transfer count differs");
  return problems;
}

/**
 * Fair sharing, from the records alone: over any interval, the bits of the flows that lie wholly
 * inside it fit through each link (its capacity times the interval's length); and a message whose
 * flow overlaps no other on any of its links took exactly the exclusive duration.
 */
function checkFairLinks(
  net: Record<string, any>, transfers: TraceTransfer[], linksOf: (t: TraceTransfer) => string[], say: (t: TraceTransfer, what: string) => void, problems: string[],
  factorOf: (t: TraceTransfer) => number = () => 1,
): void {
  const flows = new Map<string, TraceTransfer[]>();
  for (const t of transfers) {
    if (t.flowStart === undefined) continue;
    for (const l of linksOf(t)) {
      if (!flows.has(l)) flows.set(l, []);
      flows.get(l)!.push(t);
    }
  }
  // links between switches carry uplinkBandwidth; node links the node bandwidth
  const capacity = (link: string) => (link.includes("spine") ? net.uplinkBandwidth : net.bandwidth);
  for (const [link, on] of flows) {
    if (on.length > 40) continue; // the check is cubic: small traces only
    const cap = capacity(link);
    for (const a of on) {
      for (const b of on) {
        const from = a.flowStart as number;
        const to = b.finish;
        if (to <= from) continue;
        const bits = on.filter((x) => (x.flowStart as number) >= from && x.finish <= to).reduce((s, x) => s + 8 * x.bytes * factorOf(x), 0);
        if (bits > cap * (to - from) * (1 + 1e-9)) {
          problems.push(`${link} carries ${bits} bits in [${from}, ${to}], more than its ${cap} bits/s allow`);
          return;
        }
      }
    }
  }
  for (const t of transfers) {
    if (t.flowStart === undefined || t.bytes === 0) continue;
    const alone = linksOf(t).every((l) => (flows.get(l) ?? []).every((x) => x === t || x.finish <= (t.flowStart as number) || (x.flowStart as number) >= t.finish));
    const same = t.hops === 2;
    const bw = same ? net.bandwidth : Math.min(net.bandwidth, net.uplinkBandwidth);
    const dur = net.alpha + (t.bytes * 8) / bw + (t.hops - 1) * net.switchLatency + (t.op === "reduce" ? net.gamma * t.bytes : 0);
    if (alone && Math.abs(t.finish - t.start - dur * factorOf(t)) > 8 * Number.EPSILON * Math.max(1e-9, t.finish)) say(t, `flowed alone but took ${t.finish - t.start}, not ${dur}`);
  }
}

/**
 * A dependency schedule's trace: every id once, every dep an id of the trace, a transfer ready at
 * the latest finish among its dependencies (a local operation finishes when its own do), and its
 * step the longest chain of transfers before it, so that replaying step by step is exact.
 */
function checkDependencies(transfers: TraceTransfer[], copies: TraceCopy[], say: (t: TraceTransfer, what: string) => void, problems: string[]): void {
  const ops = new Map<string | number, TraceTransfer | TraceCopy>();
  for (const o of [...transfers, ...copies]) {
    if (o.id === undefined || !Array.isArray(o.deps)) {
      problems.push(`a line of a dependency trace without id and deps: ${JSON.stringify(o)}`);
      return;
    }
    if (ops.has(o.id)) problems.push(`id ${JSON.stringify(o.id)} twice`);
    ops.set(o.id, o);
  }
  const finish = new Map<string | number, number>();
  const depth = new Map<string | number, number>();
  const visiting = new Set<string | number>();
  const walk = (id: string | number): void => {
    if (finish.has(id)) return;
    const o = ops.get(id);
    if (!o) {
      problems.push(`dep ${JSON.stringify(id)} names no line of the trace`);
      finish.set(id, NaN);
      depth.set(id, 0);
      return;
    }
    if (visiting.has(id)) {
      problems.push(`a cycle through ${JSON.stringify(id)}`);
      finish.set(id, NaN);
      depth.set(id, 0);
      return;
    }
    visiting.add(id);
    let ready = 0;
    let d = 0;
    for (const dep of o.deps as (string | number)[]) {
      walk(dep);
      ready = Math.max(ready, finish.get(dep) as number);
      d = Math.max(d, (depth.get(dep) as number) + (ops.get(dep)?.type === "transfer" ? 1 : 0));
    }
    visiting.delete(id);
    depth.set(id, d);
    if (o.type === "transfer") {
      if (o.ready !== ready) say(o, `ready ${o.ready} but its dependencies finished at ${ready}`);
      finish.set(id, o.finish);
    } else finish.set(id, ready);
    if (o.step !== d) problems.push(`${o.type} ${JSON.stringify(id)}: step ${o.step} but its depth is ${d}`);
  };
  for (const id of ops.keys()) walk(id);
}

/**
 * Data: replay the copies and transfers on integer vectors and check the collective's result
 * (all-reduce: the sum everywhere; reduce-scatter: node i the sum of block i; all-gather: every
 * node every node's block; all-to-all: node j's output block i is node i's input block j;
 * broadcast: the root's vector everywhere; reduce: the sum at the root).
 */
function checkData(header: Record<string, any>, size: number, copies: TraceCopy[], byStep: Map<number, TraceTransfer[]>, problems: string[]): void {
  const n: number = header.nodes;
  const e: number = header.elements;
  const root: number = header.root ?? 0;
  const vec = Array.from({ length: n }, (_, i) => Float64Array.from({ length: size }, (_, j) => (j < e ? (i * 131 + j * 17) % 1009 : -1)));
  const input = vec.map((v) => v.slice(0, e));
  const sum = new Float64Array(e);
  for (const v of input) for (let j = 0; j < e; j++) sum[j] += v[j];
  const copyStep = new Map<number, TraceCopy[]>();
  for (const c of copies) {
    if (!copyStep.has(c.step)) copyStep.set(c.step, []);
    copyStep.get(c.step)!.push(c);
  }
  const steps = [...new Set([...byStep.keys(), ...copyStep.keys()])].sort((a, b) => a - b);
  for (const step of steps) {
    for (const c of copyStep.get(step) ?? []) {
      if (c.op === "reduce") for (let j = 0; j < c.length; j++) vec[c.node][c.to + j] += vec[c.node][c.from + j];
      else vec[c.node].copyWithin(c.to, c.from, c.from + c.length);
    }
    const ts = byStep.get(step) ?? [];
    const payload = ts.map((t) => vec[t.src].slice(t.begin, t.end));
    ts.forEach((t, k) => {
      const at = t.dstBegin ?? t.begin;
      for (let j = 0; j < payload[k].length; j++) vec[t.dst][at + j] = t.op === "copy" ? payload[k][j] : vec[t.dst][at + j] + payload[k][j];
    });
  }
  const block = (i: number) => [i * Math.floor(e / n) + Math.min(i, e % n), (i + 1) * Math.floor(e / n) + Math.min(i + 1, e % n)];
  const fail = (node: number, j: number, want: number) => {
    problems.push(`${header.collective}: node ${node} element ${j} holds ${vec[node][j]}, expected ${want}`);
  };
  const c = header.collective;
  for (let i = 0; i < n; i++) {
    if (c === "allreduce" || (c === "reduce" && i === root)) {
      for (let j = 0; j < e; j++) if (vec[i][j] !== sum[j]) return fail(i, j, sum[j]);
    } else if (c === "broadcast") {
      for (let j = 0; j < e; j++) if (vec[i][j] !== input[root][j]) return fail(i, j, input[root][j]);
    } else if (c === "reducescatter") {
      const [b, end] = block(i);
      for (let j = b; j < end; j++) if (vec[i][j] !== sum[j]) return fail(i, j, sum[j]);
    } else if (c === "allgather") {
      for (let k = 0; k < n; k++) {
        const [b, end] = block(k);
        for (let j = b; j < end; j++) if (vec[i][j] !== input[k][j]) return fail(i, j, input[k][j]);
      }
    } else if (c === "alltoall") {
      const q = Math.floor(e / n);
      for (let k = 0; k < n; k++) for (let t = 0; t < q; t++) if (vec[i][e + k * q + t] !== input[k][i * q + t]) return fail(i, e + k * q + t, input[k][i * q + t]);
    }
  }
}

/**
 * Greedy grants are work-conserving: a transfer starts when it is ready or when another transfer
 * finishes (an event), and a transfer that waited could not have started when it became ready:
 * on the path it took, some segment had every wavelength held on one of its links, or its
 * transmitters or receivers were all busy. (Adaptive routing could also have taken the other
 * way; the check looks at the path taken.)
 */
function checkGreed(
  header: Record<string, any>, transfers: TraceTransfer[], holders: Map<string, [number, number][]>,
  segmentsOf: (t: TraceTransfer) => { links: string[]; channel: number }[], linksOf: (t: TraceTransfer) => string[], problems: string[],
): void {
  const net = header.network;
  const finishes = new Set(transfers.map((t) => t.finish));
  const heldAt = (key: string, t: number) => (holders.get(key) ?? []).some(([a, b]) => a <= t && t < b);
  // a failed unit is always busy
  const failed = (header.faults?.failedTransceivers ?? []).map((f: string) => f.split(":"));
  const busyUnits = (node: number, side: "src" | "dst", t: number) =>
    transfers.filter((x) => (side === "src" ? x.src : x.dst) === node && x.start <= t && t < x.finish).length +
    failed.filter(([v, s]: string[]) => Number(v) === node && s === (side === "src" ? "tx" : "rx")).length;
  for (const t of transfers) {
    if (t.start !== t.ready && !finishes.has(t.start)) problems.push(`step ${t.step} ${t.src}->${t.dst}: starts at ${t.start}, which is no event`);
    if (t.start === t.ready) continue;
    const r = t.ready;
    const channels = net.type === "optical-ring" ? net.wavelengths : 1;
    const segs = net.type === "optical-ring" ? segmentsOf(t) : [{ links: linksOf(t), channel: 0 }];
    const pathBlocked = net.sharing !== "fair" && segs.some((seg) => {
      for (let c = 0; c < channels; c++) if (!seg.links.some((l) => heldAt(`${l}#${c}`, r))) return false;
      return true;
    });
    const unitsBlocked = (net.tx > 0 && busyUnits(t.src, "src", r) >= net.tx) || (net.rx > 0 && busyUnits(t.dst, "dst", r) >= net.rx);
    const otherWay = net.type === "optical-ring" && header.routing === "adaptive";
    if (!pathBlocked && !unitsBlocked && !otherWay) problems.push(`step ${t.step} ${t.src}->${t.dst}: waited from ${r} though its path and transceivers were free then`);
  }
}
