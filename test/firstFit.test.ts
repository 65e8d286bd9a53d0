// Serial first fit of a step's lightpaths (the wavelengths a lockstep step needs) against the
// plain definition: every lightpath, in order, on each of its segments takes the lowest wavelength
// free on each link it crosses, with the links listed by the ring's own route.
import fc from "fast-check";
import { expect, test } from "vitest";
import { ringFirstFit } from "../src/network/firstFit.js";
import { OpticalRing } from "../src/network/opticalRing.js";

function plainFirstFit(ring: OpticalRing, paths: { src: number; dst: number; pin: number }[]): number {
  const used = new Map<number, Set<number>>();
  let need = 0;
  for (const p of paths) {
    const route = ring.route(p.src, p.dst, p.pin);
    const cut = route.segments > 1 ? ring.hopLimit : route.hops;
    for (let from = 0; from < route.hops; from += cut) {
      const links = route.links.slice(from, from + cut);
      let c = 0;
      while (links.some((l) => used.get(l)?.has(c))) c++;
      for (const l of links) {
        if (!used.has(l)) used.set(l, new Set());
        used.get(l)!.add(c);
      }
      need = Math.max(need, c + 1);
    }
  }
  return need;
}

test("first fit over ring pieces equals first fit link by link, with and without regeneration", () => {
  const arb = fc.record({
    nodes: fc.integer({ min: 2, max: 40 }),
    direction: fc.constantFrom("bidirectional" as const, "unidirectional" as const),
    regenerate: fc.boolean(),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 120 }),
  });
  fc.assert(
    fc.property(arb, ({ nodes, direction, regenerate, pairs }) => {
      // a budget of a few hops, so that regeneration cuts the longer lightpaths
      const ring = new OpticalRing({ nodes, direction, regenerate, power: { throughDbPerHop: regenerate ? 2 : 0.5 } });
      const paths = pairs
        .map(([a, b, pin]) => ({ src: a % nodes, dst: b % nodes, pin: direction === "unidirectional" && pin === 2 ? 0 : pin }))
        .filter((p) => p.src !== p.dst);
      if (!regenerate && ring.hopLimit >= 0) {
        // without regeneration only lightpaths within the budget exist
        for (let i = paths.length - 1; i >= 0; i--) if (ring.cost(paths[i].src, paths[i].dst, paths[i].pin).hops > ring.hopLimit) paths.splice(i, 1);
      }
      const need = plainFirstFit(ring, paths);
      expect(ringFirstFit(ring, paths)).toBe(need);
      if (need > 1) expect(ringFirstFit(ring, paths, need - 1)).toBe(need);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
  );
});
