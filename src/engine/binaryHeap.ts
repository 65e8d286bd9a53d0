// Min-heap ordered by (key, tie) — the reference engine's ready queue.

export class BinaryHeap<T extends { readonly key: number; readonly tie: number }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The least item, left in place. */
  peek(): T | undefined {
    return this.items[0];
  }

  private static before(a: { key: number; tie: number }, b: { key: number; tie: number }): boolean {
    return a.key < b.key || (a.key === b.key && a.tie < b.tie);
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!BinaryHeap.before(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop() as T;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && BinaryHeap.before(a[l], a[m])) m = l;
        if (r < a.length && BinaryHeap.before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
