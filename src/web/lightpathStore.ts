// A run's lightpaths kept in flat typed arrays (about 40 bytes each) so the worker can answer
// "draw step s" and bin wavelength use over time after the run. Transfers arrive in schedule
// order, so each step's lightpaths are one contiguous range.
import type { TransferRecord } from "../engine/engine.js";
import type { DrawnPath, StepDrawing } from "./protocol.js";

/** Lightpaths kept for drawing; a larger run is reported complete but not drawn. */
export const STORE_LIMIT = 4_000_000;
/** A step with more lightpaths than this is drawn per link, not per lightpath. */
export const DRAW_LIMIT = 1500;
/** Links of a large ring are drawn in at most this many bins. */
const LINK_BINS = 1024;

export class LightpathStore {
  private n = 0;
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private hops = new Int32Array(1024);
  private channel = new Int32Array(1024);
  /** 1 clockwise, -1 counter-clockwise. */
  private dir = new Int8Array(1024);
  private start = new Float64Array(1024);
  private finish = new Float64Array(1024);
  /** Wavelengths per segment of regenerated lightpaths, by index. */
  private segments = new Map<number, number[]>();
  /** Each step's first index and lightpath count. */
  private readonly stepFirst: Int32Array;
  private readonly stepCount: Int32Array;
  /** More lightpaths than STORE_LIMIT: the later ones are not kept, and nothing is drawn. */
  overflow = false;

  constructor(readonly nodes: number, readonly steps: number, private readonly hopLimit: number) {
    this.stepFirst = new Int32Array(steps);
    this.stepCount = new Int32Array(steps);
  }

  get size(): number {
    return this.n;
  }

  add(t: TransferRecord): void {
    if (this.overflow || t.dir === null) return;
    if (this.n >= STORE_LIMIT) {
      this.overflow = true;
      return;
    }
    if (this.n === this.src.length) this.grow();
    const i = this.n++;
    if (this.stepCount[t.step]++ === 0) this.stepFirst[t.step] = i;
    this.src[i] = t.src;
    this.dst[i] = t.dst;
    this.hops[i] = t.hops;
    this.channel[i] = t.channel;
    this.dir[i] = t.dir === "cw" ? 1 : -1;
    this.start[i] = t.start;
    this.finish[i] = t.finish;
    if (t.channels && t.channels.length > 1) this.segments.set(i, t.channels);
  }

  private grow(): void {
    const n = this.src.length * 2;
    const more = <T extends Int32Array | Int8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.src = more(this.src);
    this.dst = more(this.dst);
    this.hops = more(this.hops);
    this.channel = more(this.channel);
    this.dir = more(this.dir);
    this.start = more(this.start);
    this.finish = more(this.finish);
  }

  /** Every stored lightpath, for the occupancy grid. */
  forEach(visit: (src: number, hops: number, route: "cw" | "ccw", start: number, finish: number) => void): void {
    for (let i = 0; i < this.n; i++) visit(this.src[i], this.hops[i], this.dir[i] === 1 ? "cw" : "ccw", this.start[i], this.finish[i]);
  }

  /** [first, end) indices of a step's lightpaths. */
  private range(step: number): [number, number] {
    return [this.stepFirst[step], this.stepFirst[step] + this.stepCount[step]];
  }

  /** Lightpaths per step. */
  counts(): number[] {
    return Array.from(this.stepCount);
  }

  drawing(step: number, start: number | null, end: number | null): StepDrawing {
    const [a, b] = this.range(step);
    let wavelengths = 0;
    for (let i = a; i < b; i++) {
      const chs = this.segments.get(i);
      wavelengths = Math.max(wavelengths, 1 + (chs ? Math.max(...chs) : this.channel[i]));
    }
    const base = { step, count: b - a, start, end, wavelengths };
    if (b - a <= DRAW_LIMIT) {
      const paths: DrawnPath[] = [];
      for (let i = a; i < b; i++) {
        paths.push({
          src: this.src[i], dst: this.dst[i], hops: this.hops[i], dir: this.dir[i] === 1 ? "cw" : "ccw",
          channels: this.segments.get(i) ?? [this.channel[i]], segmentHops: this.hopLimit > 0 ? this.hopLimit : this.hops[i],
          start: this.start[i], finish: this.finish[i],
        });
      }
      return { ...base, paths };
    }
    // per link: how many lightpaths cross it, and the highest wavelength among them
    const bins = Math.min(this.nodes, LINK_BINS);
    const fibre = () => ({ count: new Int32Array(bins), top: new Int32Array(bins).fill(-1) });
    const links = { bins, cw: fibre(), ccw: fibre() };
    const N = this.nodes;
    for (let i = a; i < b; i++) {
      const f = this.dir[i] === 1 ? links.cw : links.ccw;
      const ch = this.channel[i];
      // the link leaving node p clockwise is link p; counter-clockwise, the link p-1 -> p is link p-1
      const first = this.dir[i] === 1 ? this.src[i] : this.src[i] - this.hops[i];
      let last = -1;
      for (let h = 0; h < this.hops[i]; h++) {
        const link = (((first + h) % N) + N) % N;
        const bin = Math.floor((link * bins) / N);
        if (bin === last) continue;
        last = bin;
        f.count[bin]++;
        if (ch > f.top[bin]) f.top[bin] = ch;
      }
    }
    return { ...base, links };
  }
}
