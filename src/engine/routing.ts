// Which paths a transfer may take (twin of assembly/routing.ts). An algorithm's pin wins; else
// the network's routing policy: balanced or clockwise give one path (the network's `route`),
// adaptive gives both directions of a bidirectional ring that fit the power budget (or all of
// them when lightpaths are regenerated), and the grant policy picks one (grants.ts).
import type { Network, Route } from "../network/network.js";
import type { OpticalRing } from "../network/opticalRing.js";
import { PIN_AUTO, PIN_CCW } from "../core/schedule.js";
import type { RingCuts } from "../network/ringCuts.js";

/** Why no path can be taken. */
export type NoRoute = "unidirectional" | "power";

/** The candidate paths, or the reason there is none (`unidirectional` also when cuts leave no way round). */
export function candidateRoutes(net: Network, src: number, dst: number, pin: number, cuts?: RingCuts): Route[] | NoRoute {
  if (net.kind !== "optical-ring") return [net.route(src, dst, pin)];
  const ring = net as OpticalRing;
  if (ring.unidirectional && pin === PIN_CCW) return "unidirectional";
  const fits = (r: Route) => ring.regenerate || ring.hopLimit < 0 || r.hops <= ring.hopLimit;
  const cut = (r: Route) => cuts !== undefined && !cuts.empty && cuts.crosses(src, r.dir as "cw" | "ccw", r.hops);
  if (ring.routing === "adaptive" && pin === PIN_AUTO && ring.bidirectional) {
    const both = [ring.routeIn(src, dst, "cw"), ring.routeIn(src, dst, "ccw")];
    const ok = both.filter((r) => !cut(r) && fits(r));
    if (ok.length > 0) return ok;
    return both.every(cut) ? "unidirectional" : "power";
  }
  let r = ring.route(src, dst, pin);
  // a chosen (or pinned) direction that crosses a cut takes the other way round, if it is intact
  if (cut(r)) {
    if (!ring.bidirectional) return "unidirectional";
    r = ring.routeIn(src, dst, r.dir === "cw" ? "ccw" : "cw");
    if (cut(r)) return "unidirectional";
  }
  return fits(r) ? [r] : "power";
}

/**
 * Adaptive routing between two directions that could both go: the one starting first, then the
 * shorter, then the one balanced routing would take.
 */
export function preferredRoute<T extends { route: Route; start: number }>(net: Network, src: number, dst: number, a: T, b: T): T {
  if (a.start !== b.start) return a.start < b.start ? a : b;
  if (a.route.hops !== b.route.hops) return a.route.hops < b.route.hops ? a : b;
  const dir = (net as OpticalRing).policyDirection(src, dst);
  return a.route.dir === dir ? a : b;
}
