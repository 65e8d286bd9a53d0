// The TypeScript reference engine: the oracle for the WebAssembly kernel. It is written for
// clarity, with objects and explicit link lists from the network layer, and shares no code with
// the kernel; tests require the two to agree on every start, finish and wavelength.
//
// Greedy grants are simulated literally: time moves from event to event (a transfer becomes
// ready, a transfer finishes), and at each event every waiting transfer that is ready is
// offered a start, in (ready, serial) order. Reservation grants each transfer once, in that
// order, at the earliest time its path allows.
import { OP_REDUCE, type Op, type Pin } from "../core/schedule.js";
import type { FairLinks, Route } from "../network/network.js";
import { BinaryHeap } from "./binaryHeap.js";
import { type Engine, type EngineInput, type EngineOutput, STREAM_WINDOW, type TransferRecord } from "./engine.js";
import { ChannelState, type Choice, type Units, commit, reserve, startAt } from "./grants.js";
import { candidateRoutes } from "./routing.js";
import { TransceiverPool } from "./transceivers.js";
import { badEndpoints, badRoute, neverStarts, powerBudgetViolation, shortestHops } from "./violations.js";
import type { ScheduleList } from "./schedules.js";
import { DependencyReadiness } from "./dependencies.js";
import { isDependencySchedule } from "../core/dependencySchedule.js";
import { needsGraph, runListAsGraph } from "./scheduleGraph.js";
import { FairSharing, type Flow } from "./fairSharing.js";
import { factorFunction } from "./variability.js";
import { RingCuts } from "../network/ringCuts.js";

interface Pending {
  readonly serial: number;
  /** Step in the concatenated schedule. */
  readonly step: number;
  /** Lanes of the endpoints (node x streams + stream). */
  readonly lanes: readonly [number, number];
  readonly src: number;
  readonly dst: number;
  readonly begin: number;
  readonly end: number;
  readonly op: Op;
  readonly pin: Pin;
  /** Where the chunk lands at dst, when not at begin. */
  readonly dstBegin?: number;
  /** Ready time so far (the max over endpoints released so far). */
  key: number;
  readonly tie: number;
  /** Endpoints still busy with earlier steps. */
  blockedBy: number;
  record?: TransferRecord;
  /** Transceiver retunes of its grant (for the energy sums). */
  retunes: number;
  /** Fair sharing: when it started, its path, when its bytes began to flow. */
  started?: number;
  path?: Route;
  flowAt?: number;
}

/** The transfers of one lane (a node on one stream) in one step. */
interface Phase {
  readonly step: number;
  members: Pending[];
  ungranted: number;
}

/** Whether a transfer joins two different nodes of an n-node network. */
function endpointsOk(n: number, src: number, dst: number): boolean {
  return Number.isInteger(src) && Number.isInteger(dst) && src >= 0 && src < n && dst >= 0 && dst < n && src !== dst;
}

export class ReferenceEngine implements Engine {
  readonly name = "js" as const;

  run(input: EngineInput): EngineOutput {
    // several schedules, one of them by dependencies: one graph (scheduleGraph.ts)
    if (needsGraph(input.schedules)) return runListAsGraph(this, { ...input, schedules: input.schedules });
    return this.runOne(input);
  }

  private runOne({ network: net, schedule, schedules: list, mode, grants = "greedy", elementBytes, onTransfer, onProgress, window: ahead = STREAM_WINDOW, faults, variability }: EngineInput): EngineOutput {
    const n = net.nodes;
    // several schedules: lanes per stream, releases, completion per schedule (schedules.ts)
    const several: ScheduleList | undefined = list?.multi ? list : undefined;
    const multi = several !== undefined;
    if (multi && mode === "lockstep") throw new Error("several schedules run async: a barrier per step has no meaning across streams");
    // a dependency schedule: readiness by its dependencies (dependencies.ts), loaded whole
    const graph = isDependencySchedule(schedule) ? schedule.dependencies : undefined;
    if (graph && (multi || mode === "lockstep")) throw new Error("a dependency schedule runs alone and async: its dependencies, not steps, order it");
    const readiness = graph ? new DependencyReadiness(graph) : undefined;
    const graphPending: Pending[] = [];
    const streams = several?.streams ?? 1;
    const lanes = n * streams;
    const left = Float64Array.from(several?.transfers ?? []);
    const doneAt = new Float64Array(left.length).fill(-Infinity);
    const releases = several?.newReleases() ?? new Float64Array(0);
    /** The schedule of a step (0 for a plain run). */
    const scheduleOf = (step: number): number => several?.scheduleOf(step) ?? 0;
    const doneOf = (k: number): number => (left[k] > 0 ? NaN : doneAt[k] === -Infinity ? releases[k] : doneAt[k]);
    /** A step's index within its schedule (errors and records name it so). */
    const localStep = (step: number): number => step - (several?.firstStep[scheduleOf(step)] ?? 0);
    const releaseOf = (step: number): number => several?.resolve(scheduleOf(step), doneOf, releases) ?? 0;
    const state = new ChannelState(net.links, net.channels);
    const txPools = net.tx > 0 ? Array.from({ length: n }, () => new TransceiverPool(net.tx)) : null;
    const rxPools = net.rx > 0 ? Array.from({ length: n }, () => new TransceiverPool(net.rx)) : null;
    const cuts = net.kind === "optical-ring" ? RingCuts.of(n, net.channels, faults) : undefined;
    const factors = factorFunction(n, variability);
    const factorOf = (p: Pending) => (factors ? factors(p.serial, p.src, p.dst) : 1);
    // faults: lost channels and failed units are held from 0 until Infinity, so never granted
    for (const [link, c] of faults?.lostChannels ?? []) state.lose(link, c);
    for (const [node, side, unit] of faults?.failedUnits ?? []) (side === "tx" ? txPools : rxPools)?.[node].fail(unit);
    const lastFinish = new Float64Array(lanes);
    const phases: Phase[][] = Array.from({ length: lanes }, () => []);
    const stepStart = new Float64Array(schedule.steps).fill(NaN);
    const stepEnd = new Float64Array(schedule.steps).fill(NaN);
    const lockstep = mode === "lockstep";
    // switched links shared max-min fairly (fairSharing.ts): no channel is ever waited for
    const fairLinks = net.fairSharing();
    const fair = fairLinks !== undefined;
    if (fair && grants === "reservation") throw new Error("fair sharing reserves nothing: grants are greedy");
    // transfers whose ready time is known, in (ready, serial) order (reservation grants from it
    // directly); greedy moves the due ones to `waiting`, which stays in that order, and treats
    // every finish as an event
    const queue = new BinaryHeap<Pending>();
    let waiting: Pending[] = [];
    const finishes = new BinaryHeap<{ key: number; tie: number }>();
    const becameReady = (p: Pending): void => {
      queue.push(p);
    };

    let nextStep = 0;
    let serial = 0;
    let ungrantedLoaded = 0;
    let idleLanes = lanes;
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
    const energySums = { lightpathSeconds: 0, byteSegments: 0, byteHops: 0, byteRegens: 0, retunes: 0 };

    const loadStep = (): Pending[] => {
      const s = nextStep++;
      const loadedNow: Pending[] = [];
      const release = releaseOf(s);
      const stream = several?.entries[scheduleOf(s)].stream ?? 0;
      schedule.emit(s, {
        add(src, dst, begin, end, op, pin, dstBegin) {
          if (!endpointsOk(n, src, dst)) {
            throw badEndpoints(net, localStep(s), src, dst);
          }
          const moved = dstBegin !== undefined && dstBegin !== begin ? { dstBegin } : {};
          const lanesOf: [number, number] = [src * streams + stream, dst * streams + stream];
          loadedNow.push({ serial, step: s, lanes: lanesOf, src, dst, begin, end, op, pin, ...moved, key: release, tie: serial, blockedBy: 0, retunes: 0 });
          serial++;
        },
      });
      for (const p of loadedNow) window.push(p);
      ungrantedLoaded += loadedNow.length;
      if (lockstep) return loadedNow;
      for (const p of loadedNow) {
        for (const u of p.lanes) {
          const q = phases[u];
          if (q.length === 0) idleLanes--;
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
        if (p.blockedBy === 0) becameReady(p);
      }
      return loadedNow;
    };

    const finishAt = (u: number, finish: number): void => {
      lastFinish[u] = Math.max(lastFinish[u], finish);
      const q = phases[u];
      const first = q[0];
      first.ungranted--;
      if (first.ungranted > 0) return;
      q.shift();
      if (q.length === 0) {
        idleLanes++;
        return;
      }
      for (const p of q[0].members) {
        p.key = Math.max(p.key, lastFinish[u]);
        p.blockedBy--;
        if (p.blockedBy === 0) becameReady(p);
      }
    };

    const routesOf = (p: Pending): Route[] => {
      let r;
      try {
        r = candidateRoutes(net, p.src, p.dst, p.pin, cuts);
      } catch {
        throw badRoute(localStep(p.step), p.src, p.dst);
      }
      if (r === "unidirectional") throw badRoute(localStep(p.step), p.src, p.dst, cuts, net);
      if (r === "power") throw powerBudgetViolation(net, localStep(p.step), p.src, p.dst, shortestHops(net, p.src, p.dst, p.pin));
      return r;
    };
    const unitsOf = (p: Pending): Units => ({ tx: txPools?.[p.src], rx: rxPools?.[p.dst] });

    const grant = (p: Pending, c: Choice): number => {
      if (c.start === Infinity) throw neverStarts(localStep(p.step), p.src, p.dst);
      const { finish, retunes } = commit(net, state, c, unitsOf(p), (p.end - p.begin) * elementBytes, p.op === OP_REDUCE, factorOf(p));
      return granted(p, c.route, c.channels, c.start, finish, retunes);
    };

    /** A transfer's grant is known (under fair sharing: its bytes are through): its record, and readiness moves on. */
    const granted = (p: Pending, route: Route, channels: readonly number[], start: number, finish: number, retunes: number, flowStart?: number): number => {
      const size = (p.end - p.begin) * elementBytes;
      const segments = channels.length;
      const sched = scheduleOf(p.step);
      const where = multi ? { step: localStep(p.step), schedule: sched } : { step: p.step };
      p.record = {
        ...where, src: p.src, dst: p.dst, begin: p.begin, end: p.end, op: p.op, pin: p.pin, bytes: size,
        hops: route.hops, dir: route.dir, channel: channels[0], segments, retune: retunes > 0, ready: p.key, start, finish,
      };
      if (flowStart !== undefined) p.record.flowStart = flowStart;
      if (segments > 1) p.record.channels = [...channels];
      if (graph) {
        const t = graph.transfers[p.serial];
        p.record.id = t.id;
        p.record.deps = t.deps;
      }
      if (p.dstBegin !== undefined) p.record.dstBegin = p.dstBegin;
      p.retunes = retunes;
      transfers++;
      if (onProgress && (transfers & 0xffff) === 0) onProgress(transfers);
      bytes += size;
      time = Math.max(time, finish);
      for (const ch of channels) maxChannel = Math.max(maxChannel, ch);
      maxHops = Math.max(maxHops, route.hops);
      stepStart[p.step] = Number.isNaN(stepStart[p.step]) ? start : Math.min(stepStart[p.step], start);
      stepEnd[p.step] = Number.isNaN(stepEnd[p.step]) ? finish : Math.max(stepEnd[p.step], finish);
      ungrantedLoaded--;
      if (grants === "greedy" && !fair) finishes.push({ key: finish, tie: 0 });
      if (readiness) {
        readiness.finished(p.serial, finish, (j, at) => {
          const q = graphPending[j];
          q.key = at;
          becameReady(q);
        });
      } else if (!lockstep) {
        finishAt(p.lanes[0], finish);
        finishAt(p.lanes[1], finish);
      }
      if (multi) {
        left[sched]--;
        doneAt[sched] = Math.max(doneAt[sched], finish);
      }
      return finish;
    };

    const report = (): void => {
      while (head < window.length && window[head].record !== undefined) {
        const r = window[head].record as TransferRecord;
        // summed in schedule order, so every engine adds the same numbers in the same order
        waitTime += r.start - r.ready;
        energySums.lightpathSeconds += (r.finish - r.start) * r.segments;
        energySums.byteSegments += r.bytes * r.segments;
        energySums.byteHops += r.bytes * r.hops;
        energySums.byteRegens += r.bytes * (r.segments - 1);
        energySums.retunes += window[head].retunes;
        onTransfer?.(r);
        head++;
      }
      if (head > 1024 && head * 2 > window.length) {
        window = window.slice(head);
        head = 0;
      }
    };

    /**
     * Loads while a lane is idle (its next transfer might be due by `horizon`, though not before
     * its schedule's release) or the window has room; true when it loaded a step.
     */
    const loadAhead = (horizon: number): boolean => {
      if (lockstep) return false;
      let any = false;
      while (nextStep < schedule.steps) {
        const release = releaseOf(nextStep);
        if (Number.isNaN(release) || !((idleLanes > 0 && release <= horizon) || ungrantedLoaded < ahead)) break;
        loadStep();
        any = true;
      }
      return any;
    };

    /** Greedy: one event time, every due transfer offered a start in order; true when one started and ended at `now`. */
    const offerAt = (now: number): boolean => {
      const due: Pending[] = [];
      while (queue.size > 0 && (queue.peek() as Pending).key <= now) due.push(queue.pop() as Pending);
      if (due.length > 0) waiting = [...waiting, ...due].sort((a, b) => a.key - b.key || a.tie - b.tie);
      let zeroLength = false;
      const still: Pending[] = [];
      for (const p of waiting) {
        const c = startAt(net, state, p.src, p.dst, routesOf(p), unitsOf(p), now);
        if (!c) still.push(p);
        else if (grant(p, c) === now) zeroLength = true;
      }
      waiting = still;
      return zeroLength;
    };

    /** The event loops' end: nothing may still wait (for `what`), nor a step stay unloaded. */
    const noEventLeft = (waiting: number, what: string): void => {
      // faults: a transfer no channel or unit will serve; the first one not granted is named
      const first = window[head];
      if (first !== undefined && (waiting > 0 || first.record === undefined)) throw neverStarts(localStep(first.step), first.src, first.dst);
      if (waiting > 0) throw new Error(`reference engine: transfers wait${what} with no event to come`);
      if (!lockstep && nextStep < schedule.steps) throw new Error("reference engine: a schedule's release never became known");
    };

    /** Greedy: events until every loaded transfer has started (and, async, every step is loaded). */
    const runGreedy = (from: number): void => {
      let now = from;
      for (;;) {
        loadAhead(now);
        while (offerAt(now));
        report();
        // the next event: a transfer becoming ready, or one finishing (if something waits); grants
        // may leave lanes with nothing loaded, whose next transfers may be due before it
        let next: number;
        do {
          while (finishes.size > 0 && (finishes.peek() as { key: number }).key <= now) finishes.pop();
          next = queue.size > 0 ? (queue.peek() as Pending).key : Infinity;
          if (waiting.length > 0 && finishes.size > 0) next = Math.min(next, (finishes.peek() as { key: number }).key);
        } while (loadAhead(next));
        if (next === Infinity) return noEventLeft(waiting.length, "");
        now = next;
      }
    };

    /**
     * Fair sharing: events until every loaded transfer has finished (and, async, every step is
     * loaded). At one time: the finishes, then the latencies that end, then the starts (loading
     * what lanes freed now may need first), again until nothing more happens at that time; then
     * the touched components' rates.
     */
    const runFair = (from: number): void => {
      const links = fairLinks as FairLinks;
      const flows = new FairSharing(links.capacity);
      const pendingOf = new Map<Flow, Pending>();
      const latencies = new BinaryHeap<{ key: number; tie: number; p: Pending }>();
      const txBusy = new Int32Array(n);
      const rxBusy = new Int32Array(n);
      const unitsFree = (p: Pending): boolean => (net.tx === 0 || txBusy[p.src] < net.tx) && (net.rx === 0 || rxBusy[p.dst] < net.rx);
      const hold = (p: Pending, d: number): void => {
        txBusy[p.src] += d;
        rxBusy[p.dst] += d;
      };
      const through = (p: Pending, at: number): void => {
        hold(p, -1);
        granted(p, p.path as Route, [0], p.started as number, at, 0, p.flowAt);
      };
      let blocked: Pending[] = [];
      let now = from;
      for (;;) {
        for (;;) {
          let moved = false;
          for (let f = flows.next(); f !== undefined && f.key <= now; f = flows.next()) {
            flows.pop();
            const p = pendingOf.get(f.flow) as Pending;
            flows.close(f.flow);
            pendingOf.delete(f.flow);
            through(p, now);
            moved = true;
          }
          while (latencies.size > 0 && (latencies.peek() as { key: number }).key <= now) {
            const { p } = latencies.pop() as { p: Pending };
            const bytes = (p.end - p.begin) * elementBytes;
            const route = p.path as Route;
            if (bytes === 0) through(p, now);
            else {
              // a straggler's or jittered message counts its bytes `factor` times
              const factor = factorOf(p);
              const f = flows.open(p.serial, route.links, bytes * factor, p.started as number, now, (rate) => factor * net.duration(bytes, { ...route, bandwidth: rate }, p.op === OP_REDUCE));
              pendingOf.set(f, p);
            }
            moved = true;
          }
          loadAhead(now);
          const due: Pending[] = [];
          while (queue.size > 0 && (queue.peek() as Pending).key <= now) due.push(queue.pop() as Pending);
          const offered = [...blocked, ...due].sort((a, b) => a.key - b.key || a.tie - b.tie);
          blocked = [];
          for (const p of offered) {
            if (!unitsFree(p)) {
              blocked.push(p);
              continue;
            }
            hold(p, 1);
            const route = routesOf(p)[0];
            p.started = now;
            p.path = route;
            p.flowAt = now + factorOf(p) * links.latency((p.end - p.begin) * elementBytes, route, p.op === OP_REDUCE);
            latencies.push({ key: p.flowAt, tie: p.serial, p });
            moved = true;
          }
          if (!moved) break;
        }
        flows.recompute(now);
        report();
        let next: number;
        do {
          next = Math.min(queue.size > 0 ? (queue.peek() as Pending).key : Infinity, latencies.size > 0 ? (latencies.peek() as { key: number }).key : Infinity, flows.next()?.key ?? Infinity);
        } while (loadAhead(next));
        if (next === Infinity) return noEventLeft(blocked.length, " for units");
        now = next;
      }
    };

    if (graph) {
      // every transfer at once, in position order (its serial)
      graph.transfers.forEach((t, k) => {
        if (!endpointsOk(n, t.src, t.dst)) throw badEndpoints(net, graph.depth[k], t.src, t.dst);
        const moved = t.dstBegin !== undefined && t.dstBegin !== t.begin ? { dstBegin: t.dstBegin } : {};
        graphPending.push({ serial: k, step: graph.depth[k], lanes: [0, 0], src: t.src, dst: t.dst, begin: t.begin, end: t.end, op: t.op, pin: t.pin, ...moved, key: (readiness as DependencyReadiness).releaseOf(k), tie: k, blockedBy: 0, retunes: 0 });
      });
      window = [...graphPending];
      serial = window.length;
      ungrantedLoaded = window.length;
      nextStep = schedule.steps;
      for (const k of (readiness as DependencyReadiness).initiallyReady()) becameReady(graphPending[k]);
    }
    if (lockstep) {
      while (nextStep < schedule.steps) {
        const fresh = loadStep();
        if (fresh.length === 0) continue;
        for (const p of fresh) {
          p.key = barrier;
          becameReady(p);
        }
        if (fair) runFair(barrier);
        else if (grants === "greedy") runGreedy(barrier);
        else {
          while (queue.size > 0) {
            const p = queue.pop() as Pending;
            grant(p, reserve(net, state, p.src, p.dst, routesOf(p), unitsOf(p), p.key));
          }
        }
        barrier = time;
        report();
      }
    } else if (fair) {
      runFair(0);
      report();
    } else if (grants === "greedy") {
      runGreedy(0);
      report();
    } else {
      for (;;) {
        while (loadAhead(queue.size > 0 ? (queue.peek() as Pending).key : Infinity));
        const p = queue.pop();
        if (p === undefined) {
          if (nextStep < schedule.steps) throw new Error("reference engine: a schedule's release never became known");
          break;
        }
        grant(p, reserve(net, state, p.src, p.dst, routesOf(p), unitsOf(p), p.key));
        if (window.length - head > ahead) report();
      }
      report();
    }

    // schedules without steps are never loaded: their releases are resolved here, all else being done
    if (several) for (let i = 0; i < several.entries.length; i++) several.resolve(i, doneOf, releases);
    const perSchedule = multi ? { releases, scheduleDone: Float64Array.from(left, (_, k) => doneOf(k)) } : {};
    return { time, transfers, bytes, waitTime, peakWavelengths: maxChannel + 1, maxHops, stepStart, stepEnd, energySums, ...perSchedule };
  }
}
