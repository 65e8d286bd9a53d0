// Granting one transfer (twin of assembly/grants.ts): which path, which wavelength on each
// segment, which transceivers, when.
// - greedy: it starts at an event time t only if every segment of a candidate path has a
//   wavelength free at t on all its links (the lowest: first fit) and a transmitter and receiver
//   are free at t where limited; adaptive routing takes the shorter of two that can.
// - reservation: it starts at the earliest time, not before it is ready, at which that holds
//   after every earlier grant (no back-filling); adaptive routing takes the path starting first.
import type { Network, Route } from "../network/network.js";
import { segmentLinks } from "./regeneration.js";
import { preferredRoute } from "./routing.js";
import type { TransceiverPool } from "./transceivers.js";

/** When each channel of each link is next free: the finish of its last holder. */
export class ChannelState {
  private readonly free: Float64Array[];

  constructor(links: number, readonly channels: number) {
    this.free = Array.from({ length: links }, () => new Float64Array(channels));
  }

  /** Faults: channel `c` of `link` is never free. */
  lose(link: number, c: number): void {
    this.free[link][c] = Infinity;
  }

  /** The lowest channel free at `t` on every link, or -1. */
  firstFreeAt(links: readonly number[], t: number): number {
    for (let c = 0; c < this.channels; c++) {
      let free = true;
      for (const l of links) {
        if (this.free[l][c] > t) {
          free = false;
          break;
        }
      }
      if (free) return c;
    }
    return -1;
  }

  /** The earliest time some channel is free on every link. */
  earliest(links: readonly number[]): number {
    let best = Infinity;
    for (let c = 0; c < this.channels; c++) {
      let busy = 0;
      for (const l of links) busy = Math.max(busy, this.free[l][c]);
      best = Math.min(best, busy);
    }
    return best;
  }

  hold(links: readonly number[], channel: number, until: number): void {
    for (const l of links) this.free[l][channel] = until;
  }
}

/** A decided grant: the path, its segments' links and wavelengths, and the start. */
export interface Choice {
  route: Route;
  segments: number[][];
  channels: number[];
  start: number;
}

/** The transfer's transceiver pools (absent when unlimited). */
export interface Units {
  tx?: TransceiverPool;
  rx?: TransceiverPool;
}

/** When both sides have a unit free (0 when unlimited). */
export function unitsEarliest(u: Units): number {
  return Math.max(u.tx ? u.tx.earliest() : 0, u.rx ? u.rx.earliest() : 0);
}

function channelsAt(state: ChannelState, segments: number[][], t: number): number[] | null {
  const channels: number[] = [];
  for (const seg of segments) {
    const c = state.firstFreeAt(seg, t);
    if (c < 0) return null;
    channels.push(c);
  }
  return channels;
}

/** Greedy: the grant at `t`, or null when no candidate path can start at `t`. */
export function startAt(net: Network, state: ChannelState, src: number, dst: number, routes: Route[], units: Units, t: number): Choice | null {
  if (unitsEarliest(units) > t) return null;
  const ok: Choice[] = [];
  for (const route of routes) {
    const segments = segmentLinks(net, route);
    const channels = channelsAt(state, segments, t);
    if (channels) ok.push({ route, segments, channels, start: t });
  }
  if (ok.length === 0) return null;
  return ok.length === 1 ? ok[0] : preferredRoute(net, src, dst, ok[0], ok[1]);
}

/** The earliest start of a path after every grant so far, not before `from`. */
function earliestStart(state: ChannelState, segments: number[][], from: number): number {
  let s = from;
  for (const seg of segments) s = Math.max(s, state.earliest(seg));
  return s;
}

/** Greedy: the earliest time the transfer could start as things stand. */
export function wakeTime(net: Network, state: ChannelState, routes: Route[], units: Units): number {
  const from = unitsEarliest(units);
  return Math.min(...routes.map((r) => earliestStart(state, segmentLinks(net, r), from)));
}

/** Reservation: the grant at the earliest start not before `ready`. */
export function reserve(net: Network, state: ChannelState, src: number, dst: number, routes: Route[], units: Units, ready: number): Choice {
  const from = Math.max(ready, unitsEarliest(units));
  const options = routes.map((route) => {
    const segments = segmentLinks(net, route);
    return { route, segments, start: earliestStart(state, segments, from) };
  });
  const best = options.length === 1 ? options[0] : preferredRoute(net, src, dst, options[0], options[1]);
  return { ...best, channels: channelsAt(state, best.segments, best.start) as number[] };
}

/** What holding a grant decided: transceivers, retune, duration, and the channels held. */
export function commit(net: Network, state: ChannelState, c: Choice, units: Units, bytes: number, reduce: boolean, factor = 1): { finish: number; retunes: number } {
  const first = c.channels[0];
  const last = c.channels[c.channels.length - 1];
  const tx = units.tx?.choose(c.start, first) ?? null;
  const rx = units.rx?.choose(c.start, last) ?? null;
  // tuning is an optical matter: electrical units carry one channel and never tune
  const ring = net.kind === "optical-ring";
  const retunes = ring ? (tx?.retunes ? 1 : 0) + (rx?.retunes ? 1 : 0) : 0;
  const finish = c.start + net.duration(bytes, c.route, reduce, retunes > 0) * factor;
  c.segments.forEach((seg, k) => state.hold(seg, c.channels[k], finish));
  if (tx && units.tx) units.tx.take(tx.unit, finish, first);
  if (rx && units.rx) units.rx.take(rx.unit, finish, last);
  return { finish, retunes };
}
