// The nodes taking part in one level of a hierarchical schedule, in ring order: an arithmetic
// progression (start + i*stride for i < regular) followed by a few irregular positions (leaders
// of uneven groups). Levels of WRHT over a million nodes stay a few numbers each.

export class LevelNodes {
  readonly size: number;

  constructor(
    readonly start: number,
    readonly stride: number,
    readonly regular: number,
    readonly tail: readonly number[],
  ) {
    this.size = regular + tail.length;
  }

  static all(nodes: number): LevelNodes {
    return new LevelNodes(0, 1, nodes, []);
  }

  at(i: number): number {
    return i < this.regular ? this.start + i * this.stride : this.tail[i - this.regular];
  }

  /** Groups of `m` consecutive members (the last may be smaller): [first index, size]. */
  groupCount(m: number): number {
    return Math.ceil(this.size / m);
  }

  groupSize(k: number, m: number): number {
    return Math.min(m, this.size - k * m);
  }

  /** Groups that lie wholly in the regular progression: all have the same shape. */
  regularGroups(m: number): number {
    return Math.floor(this.regular / m);
  }

  /** The nodes at `lead(groupSize)` in every group, as the next level. */
  leaders(m: number, lead: (groupSize: number) => number): LevelNodes {
    const rg = this.regularGroups(m);
    const tail: number[] = [];
    for (let k = rg; k < this.groupCount(m); k++) tail.push(this.at(k * m + lead(this.groupSize(k, m))));
    if (rg === 0) return new LevelNodes(0, 1, 0, tail);
    return new LevelNodes(this.start + lead(m) * this.stride, this.stride * m, rg, tail);
  }

  /**
   * Indices of groups that represent every group shape: the first two, the last regular one, and
   * every group that reaches past the progression. Regular groups between them are translations.
   */
  representativeGroups(m: number): number[] {
    const rg = this.regularGroups(m);
    const out = new Set<number>();
    for (const k of [0, 1, rg - 1]) if (k >= 0 && k < rg) out.add(k);
    for (let k = rg; k < this.groupCount(m); k++) out.add(k);
    return [...out].sort((a, b) => a - b);
  }
}
