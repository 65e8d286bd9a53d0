// Where a damaged ring cannot carry light: fibre cuts (gap g between nodes g and g+1, both
// directions) and directed links that lost every wavelength (one direction). A lightpath whose
// way round crosses either takes the other way, if that one is intact (routing rule in
// docs/MODEL.md, "Faults"). Twin: assembly/routing.ts (crossesCut) with assembly/faults.ts.
import type { Faults } from "../engine/engine.js";

export class RingCuts {
  /** Per entry: the gap, and its gone directions (bit 0 clockwise g -> g+1, bit 1 counter-clockwise g+1 -> g). */
  private readonly gaps: number[] = [];
  private readonly dirs: number[] = [];

  /** `deadLinks`: directed link ids (clockwise i: i -> i+1; counter-clockwise N+i: i -> i-1). */
  constructor(readonly nodes: number, readonly cuts: readonly number[], readonly deadLinks: readonly number[] = []) {
    for (const g of cuts) this.add(g, 3);
    for (const l of deadLinks) this.add(l < nodes ? l : (l - nodes + nodes - 1) % nodes, l < nodes ? 1 : 2);
  }

  private add(gap: number, dirs: number): void {
    this.gaps.push(gap);
    this.dirs.push(dirs);
  }

  get empty(): boolean {
    return this.gaps.length === 0;
  }

  /** Whether the path of `hops` hops from `src` in direction `dir` crosses a cut or a dead link. */
  crosses(src: number, dir: "cw" | "ccw", hops: number): boolean {
    const n = this.nodes;
    const bit = dir === "cw" ? 1 : 2;
    for (let i = 0; i < this.gaps.length; i++) {
      if ((this.dirs[i] & bit) === 0) continue;
      const g = this.gaps[i];
      // clockwise from src the path crosses gaps src, src+1, ...; counter-clockwise src-1, src-2, ...
      if (((((dir === "cw" ? g - src : src - 1 - g) % n) + n) % n) < hops) return true;
    }
    return false;
  }

  /** The cuts and dead links of a run's faults on a ring of `nodes` nodes and `channels` wavelengths. */
  static of(nodes: number, channels: number, faults: Faults | undefined): RingCuts {
    const lost = new Map<number, number>();
    for (const [l] of faults?.lostChannels ?? []) lost.set(l, (lost.get(l) ?? 0) + 1);
    const dead = [...lost].filter(([, k]) => k >= channels).map(([l]) => l).sort((a, b) => a - b);
    return new RingCuts(nodes, faults?.cuts ?? [], dead);
  }

  /** "2|3, 6|7" and "0>1" as people read them, for refusals. */
  describe(linkName: (l: number) => string): string {
    const parts: string[] = [];
    if (this.cuts.length > 0) parts.push(`the ring is cut between nodes ${this.cuts.map((g) => `${g}|${(g + 1) % this.nodes}`).join(", ")}`);
    if (this.deadLinks.length > 0) parts.push(`link${this.deadLinks.length > 1 ? "s" : ""} ${this.deadLinks.map(linkName).join(", ")} lost every wavelength`);
    return parts.join(", and ");
  }
}
