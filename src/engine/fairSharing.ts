// Fair sharing on switched networks, the reference engine's twin of assembly/fairSharing.ts.
// Messages whose bytes flow at once share their links' bandwidth max-min fairly, as packet
// networks do and as SimGrid's CM02 model computes it (cross-traffic and TCP-gamma off): all rates
// rise together until some link is full (the rates of the messages crossing it sum to its
// capacity); those messages keep that rate and the rest rise on, until every message is held by a
// full link (progressive filling). Max-min rates of one connected component (flows joined through
// shared links) do not depend on any other, so a start or finish recomputes its component alone.
//
// Written with sets and objects for clarity; every step is independent of the order in which
// flows and links are visited, which is what lets the kernel, walking flat lists, agree to the bit:
// a round of the filling fixes every unfixed flow of the full links at once and takes k * share
// off a link k of them cross; remaining bits are updated per flow. A flow's finish is predicted
// when its rate is set: the first time start + the network's duration at that rate (alpha +
// bits/rate + switch latencies, + gamma * bytes: a message that never shares gets the exclusive
// result to the bit); afterwards, the time of the update + remaining bits / rate.
import { BinaryHeap } from "./binaryHeap.js";

/** A link is full when its share is within this factor of the least (relative 1e-9, SimGrid's order of precision). */
const FULL = 1 + 1e-9;

export interface Flow {
  /** The transfer's serial: finishes at one time are taken in this order. */
  readonly serial: number;
  readonly links: readonly number[];
  /** bits/s; 0 until first set. */
  rate: number;
  /** When `remaining` was last brought up to date. */
  anchor: number;
  /** Bits still to flow at the anchor. */
  remaining: number;
  /** Predicted finish. */
  finish: number;
  /** Its duration from its start if it flowed at `rate` from its flow start on (the first prediction). */
  readonly durationAt: (rate: number) => number;
  /** When the message started (its latency began). */
  readonly start: number;
}

export class FairSharing {
  private readonly onLink: Set<Flow>[];
  private readonly seeds = new Set<number>();
  private readonly finishes = new BinaryHeap<{ key: number; tie: number; flow: Flow }>();
  private readonly live = new Set<Flow>();

  /** `capacity` of each link, bits/s. */
  constructor(private readonly capacity: ArrayLike<number>) {
    this.onLink = Array.from({ length: capacity.length }, () => new Set<Flow>());
  }

  /** A message's bytes begin to flow at `now` (its `bytes` > 0). */
  open(serial: number, links: readonly number[], bytes: number, start: number, now: number, durationAt: (rate: number) => number): Flow {
    const flow: Flow = { serial, links, rate: 0, anchor: now, remaining: bytes * 8, finish: Infinity, durationAt, start };
    for (const l of links) {
      this.onLink[l].add(flow);
      this.seeds.add(l);
    }
    this.live.add(flow);
    return flow;
  }

  /** A flow's bytes are through: it leaves its links. */
  close(flow: Flow): void {
    for (const l of flow.links) {
      this.onLink[l].delete(flow);
      this.seeds.add(l);
    }
    this.live.delete(flow);
  }

  /** The earliest predicted finish still current, with its flow (stale predictions dropped). */
  next(): { key: number; flow: Flow } | undefined {
    for (;;) {
      const top = this.finishes.peek();
      if (top === undefined) return undefined;
      if (this.live.has(top.flow) && top.flow.finish === top.key) return top;
      this.finishes.pop();
    }
  }

  /** Takes the flow `next()` gave. */
  pop(): void {
    this.finishes.pop();
  }

  /** After every start and finish at `now`: the seeded components' rates and predicted finishes. */
  recompute(now: number): void {
    if (this.seeds.size === 0) return;
    // the component: every link and flow reachable from the seeds through shared links
    const links = new Set<number>(this.seeds);
    const flows = new Set<Flow>();
    this.seeds.clear();
    for (const l of links) {
      for (const f of this.onLink[l]) {
        if (flows.has(f)) continue;
        flows.add(f);
        for (const m of f.links) links.add(m);
      }
    }
    // bits flowed since each flow's anchor, at its old rate
    for (const f of flows) {
      if (f.rate > 0) {
        const rem = f.remaining - f.rate * (now - f.anchor);
        f.remaining = rem < 0 ? 0 : rem;
        f.anchor = now;
      }
    }
    // progressive filling
    const left = new Map<number, number>();
    const unfixed = new Map<number, number>();
    for (const l of links) {
      left.set(l, this.capacity[l]);
      unfixed.set(l, this.onLink[l].size);
    }
    const fixed = new Set<Flow>();
    while (fixed.size < flows.size) {
      let share = Infinity;
      for (const l of links) if ((unfixed.get(l) as number) > 0) share = Math.min(share, (left.get(l) as number) / (unfixed.get(l) as number));
      // full: at the least share, to within FULL (links whose shares are equal in exact arithmetic
      // may differ in the last bits; one left out would keep a sliver and starve its flows)
      const limit = share * FULL;
      const full = [...links].filter((l) => (unfixed.get(l) as number) > 0 && (left.get(l) as number) / (unfixed.get(l) as number) <= limit);
      const fixedNow = new Map<number, number>();
      for (const l of full) {
        for (const f of this.onLink[l]) {
          if (fixed.has(f)) continue;
          fixed.add(f);
          this.setRate(f, share, now);
          for (const m of f.links) fixedNow.set(m, (fixedNow.get(m) ?? 0) + 1);
        }
      }
      for (const [l, k] of fixedNow) {
        left.set(l, (left.get(l) as number) - k * share);
        unfixed.set(l, (unfixed.get(l) as number) - k);
      }
    }
  }

  private setRate(f: Flow, rate: number, now: number): void {
    let finish = f.rate === 0 ? f.start + f.durationAt(rate) : now + f.remaining / rate;
    if (finish < now) finish = now;
    f.rate = rate;
    if (finish !== f.finish) {
      f.finish = finish;
      this.finishes.push({ key: finish, tie: f.serial, flow: f });
    }
  }
}
