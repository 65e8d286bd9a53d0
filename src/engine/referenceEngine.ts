// The TypeScript reference engine: the oracle for the WebAssembly kernel. It is written for
// clarity, with objects and explicit link lists from the network layer, and shares no code with
// the kernel; tests require the two to agree on every start, finish and wavelength.
import { OP_REDUCE, type Op, type Pin } from "../schedule.js";
import { BinaryHeap } from "./binaryHeap.js";
import { type Engine, type EngineInput, type EngineOutput, STREAM_WINDOW, type TransferRecord } from "./engine.js";
import { badEndpoints, badRoute, powerBudgetViolation } from "./violations.js";

interface Pending {
  readonly serial: number;
  readonly step: number;
  readonly src: number;
  readonly dst: number;
  readonly begin: number;
  readonly end: number;
  readonly op: Op;
  readonly pin: Pin;
  /** Ready time so far (the max over endpoints released so far). */
  key: number;
  readonly tie: number;
  /** Endpoints still busy with earlier steps. */
  blockedBy: number;
  record?: TransferRecord;
}

/** The transfers of one node in one step. */
interface Phase {
  readonly step: number;
  members: Pending[];
  ungranted: number;
}

export class ReferenceEngine implements Engine {
  readonly name = "js" as const;

  run({ network: net, schedule, mode, elementBytes, onTransfer, onProgress, window: ahead = STREAM_WINDOW }: EngineInput): EngineOutput {
    const n = net.nodes;
    const channelFree: Float64Array[] = [];
    for (let l = 0; l < net.links; l++) channelFree.push(new Float64Array(net.channels));
    const txFree = net.tx > 0 ? Array.from({ length: n }, () => new Float64Array(net.tx)) : null;
    const rxFree = net.rx > 0 ? Array.from({ length: n }, () => new Float64Array(net.rx)) : null;
    const lastFinish = new Float64Array(n);
    const phases: Phase[][] = Array.from({ length: n }, () => []);
    const stepStart = new Float64Array(schedule.steps).fill(NaN);
    const stepEnd = new Float64Array(schedule.steps).fill(NaN);
    const queue = new BinaryHeap<Pending>();
    const lockstep = mode === "lockstep";

    let nextStep = 0;
    let serial = 0;
    let ungrantedLoaded = 0;
    let idleNodes = n;
    // transfers loaded but not yet reported, in serial order, from window[head]
    let window: Pending[] = [];
    let head = 0;

    let time = 0;
    let transfers = 0;
    let bytes = 0;
    let waitTime = 0;
    let maxChannel = -1;
    let maxHops = 0;
    let barrier = 0;

    const loadStep = (): void => {
      const s = nextStep++;
      const loadedNow: Pending[] = [];
      schedule.emit(s, {
        add(src, dst, begin, end, op, pin) {
          if (!(src >= 0 && src < n && dst >= 0 && dst < n && src !== dst && Number.isInteger(src) && Number.isInteger(dst))) {
            throw badEndpoints(net, s, src, dst);
          }
          const p: Pending = { serial, step: s, src, dst, begin, end, op, pin, key: 0, tie: serial, blockedBy: 0 };
          serial++;
          loadedNow.push(p);
        },
      });
      for (const p of loadedNow) window.push(p);
      ungrantedLoaded += loadedNow.length;
      if (lockstep) return;
      for (const p of loadedNow) {
        for (const u of [p.src, p.dst]) {
          const q = phases[u];
          if (q.length === 0) idleNodes--;
          let phase = q[q.length - 1];
          if (phase === undefined || phase.step !== s) {
            phase = { step: s, members: [], ungranted: 0 };
            q.push(phase);
          }
          phase.members.push(p);
          phase.ungranted++;
          if (phase === q[0]) p.key = Math.max(p.key, lastFinish[u]);
          else p.blockedBy++;
        }
        if (p.blockedBy === 0) queue.push(p);
      }
    };

    const startLockstepStep = (): boolean => {
      while (nextStep < schedule.steps) {
        const first = window.length;
        loadStep();
        const fresh = window.slice(first);
        if (fresh.length === 0) continue;
        for (const p of fresh) {
          p.key = barrier;
          queue.push(p);
        }
        return true;
      }
      return false;
    };

    const finishAt = (u: number, finish: number): void => {
      lastFinish[u] = Math.max(lastFinish[u], finish);
      const q = phases[u];
      const head = q[0];
      head.ungranted--;
      if (head.ungranted > 0) return;
      q.shift();
      if (q.length === 0) {
        idleNodes++;
        return;
      }
      for (const p of q[0].members) {
        p.key = Math.max(p.key, lastFinish[u]);
        p.blockedBy--;
        if (p.blockedBy === 0) queue.push(p);
      }
    };

    const grant = (p: Pending): void => {
      let route;
      try {
        route = net.route(p.src, p.dst, p.pin);
      } catch {
        throw badRoute(p.step, p.src, p.dst);
      }
      if (net.hopLimit >= 0 && route.hops > net.hopLimit) throw powerBudgetViolation(net, p.step, p.src, p.dst, route.hops);
      let earliest = p.key;
      if (txFree) earliest = Math.max(earliest, Math.min(...txFree[p.src]));
      if (rxFree) earliest = Math.max(earliest, Math.min(...rxFree[p.dst]));
      // first fit: the lowest channel that lets the transfer start soonest
      let start = Infinity;
      let channel = -1;
      for (let c = 0; c < net.channels && start > earliest; c++) {
        let t = earliest;
        for (const l of route.links) t = Math.max(t, channelFree[l][c]);
        if (t < start) {
          start = t;
          channel = c;
        }
      }
      const size = (p.end - p.begin) * elementBytes;
      const finish = start + net.duration(size, route, p.op === OP_REDUCE);
      for (const l of route.links) channelFree[l][channel] = finish;
      if (txFree) take(txFree[p.src], start, finish);
      if (rxFree) take(rxFree[p.dst], start, finish);

      p.record = {
        step: p.step, src: p.src, dst: p.dst, begin: p.begin, end: p.end, op: p.op, pin: p.pin, bytes: size,
        hops: route.hops, dir: route.dir, channel, ready: p.key, start, finish,
      };
      transfers++;
      if (onProgress && (transfers & 0xffff) === 0) onProgress(transfers);
      bytes += size;
      time = Math.max(time, finish);
      maxChannel = Math.max(maxChannel, channel);
      maxHops = Math.max(maxHops, route.hops);
      stepStart[p.step] = Number.isNaN(stepStart[p.step]) ? start : Math.min(stepStart[p.step], start);
      stepEnd[p.step] = Number.isNaN(stepEnd[p.step]) ? finish : Math.max(stepEnd[p.step], finish);
      ungrantedLoaded--;
      if (!lockstep) {
        finishAt(p.src, finish);
        finishAt(p.dst, finish);
      }
    };

    const report = (): void => {
      while (head < window.length && window[head].record !== undefined) {
        const r = window[head].record as TransferRecord;
        // summed in schedule order, so every engine adds the same numbers in the same order
        waitTime += r.start - r.ready;
        onTransfer?.(r);
        head++;
      }
      if (head > 1024 && head * 2 > window.length) {
        window = window.slice(head);
        head = 0;
      }
    };

    if (lockstep) {
      while (startLockstepStep()) {
        while (queue.size > 0) grant(queue.pop() as Pending);
        barrier = time;
        report();
      }
    } else {
      for (;;) {
        // A node with nothing loaded might have the next transfer due: load until none is idle.
        while (nextStep < schedule.steps && (idleNodes > 0 || ungrantedLoaded < ahead)) loadStep();
        const p = queue.pop();
        if (p === undefined) break;
        grant(p);
        if (window.length - head > ahead) report();
      }
      report();
    }

    return { time, transfers, bytes, waitTime, peakWavelengths: maxChannel + 1, maxHops, stepStart, stepEnd };
  }
}

/** First fit on a transceiver pool: the lowest unit free at `start` is held until `finish`. */
function take(pool: Float64Array, start: number, finish: number): void {
  for (let j = 0; j < pool.length; j++) {
    if (pool[j] <= start) {
      pool[j] = finish;
      return;
    }
  }
}
