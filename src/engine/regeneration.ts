// Regeneration (twin of assembly/regeneration.ts): a lightpath longer than the hop limit hMax is
// cut every hMax hops into segments, each its own lightpath with its own wavelength, joined by
// 3R regenerators with wavelength conversion. Without regeneration a path is one segment.
import type { Network, Route } from "../network/network.js";

/** The links of each segment, in path order. */
export function segmentLinks(net: Network, route: Route): number[][] {
  if (route.segments <= 1) return [route.links as number[]];
  const out: number[][] = [];
  for (let from = 0; from < route.links.length; from += net.hopLimit) out.push(route.links.slice(from, from + net.hopLimit) as number[]);
  return out;
}
