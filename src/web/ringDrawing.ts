// The optical ring as SVG with one step's lightpaths: nodes on a circle (node 0 at the top,
// clockwise), clockwise lightpaths outside it and counter-clockwise ones inside, each on a
// track and in a colour of its wavelength, so the same wavelength reused on disjoint stretches of
// the ring shows as arcs of one colour on one track that never overlap.
import type { DrawnPath, StepDrawing } from "./protocol.js";

/** 20 distinguishable colours (Tableau 20), reused cyclically past 20 wavelengths. */
export const WAVELENGTH_COLORS = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
];

export function wavelengthColor(ch: number): string {
  return WAVELENGTH_COLORS[ch % WAVELENGTH_COLORS.length];
}

const SIZE = 620;
const C = SIZE / 2;
const R = 170;
/** Radial room for the tracks on each side of the ring. */
const BAND = 95;

const angle = (pos: number, nodes: number) => (2 * Math.PI * pos) / nodes - Math.PI / 2;
const pt = (a: number, r: number) => `${(C + r * Math.cos(a)).toFixed(2)},${(C + r * Math.sin(a)).toFixed(2)}`;

/** An arc at radius r from ring position p0 over `span` positions (negative: counter-clockwise). */
function arc(p0: number, span: number, r: number, nodes: number): string {
  const a0 = angle(p0, nodes);
  // a whole turn cannot be one arc command: two halves
  if (Math.abs(span) >= nodes) return `M${pt(a0, r)}A${r},${r} 0 1 1 ${pt(a0 + Math.PI, r)}A${r},${r} 0 1 1 ${pt(a0, r)}`;
  const a1 = angle(p0 + span, nodes);
  const large = Math.abs(span) * 2 > nodes ? 1 : 0;
  const sweep = span > 0 ? 1 : 0;
  return `M${pt(a0, r)}A${r},${r} 0 ${large} ${sweep} ${pt(a1, r)}`;
}

/** Text for HTML and SVG markup. */
export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function trackRadius(dir: "cw" | "ccw", ch: number, gap: number): number {
  return dir === "cw" ? R + 10 + ch * gap : R - 10 - ch * gap;
}

function lightpath(p: DrawnPath, nodes: number, gap: number, fmt: (s: number) => string): string {
  const sign = p.dir === "cw" ? 1 : -1;
  const parts: string[] = [];
  for (let k = 0, done = 0; done < p.hops; k++) {
    const h = Math.min(p.segmentHops, p.hops - done);
    const ch = p.channels[Math.min(k, p.channels.length - 1)];
    parts.push(`<path d="${arc(p.src + sign * done, sign * h, trackRadius(p.dir, ch, gap), nodes)}" stroke="${wavelengthColor(ch)}"/>`);
    done += h;
  }
  const wl = p.channels.length > 1 ? `wavelengths ${p.channels.join(", ")} (regenerated)` : `wavelength ${p.channels[0]}`;
  const title = `${p.src} → ${p.dst}, ${p.dir === "cw" ? "clockwise" : "counter-clockwise"}, ${p.hops} hop${p.hops === 1 ? "" : "s"}, ${wl}, ${fmt(p.start)} to ${fmt(p.finish)}`;
  return `<g class="lightpath" data-src="${p.src}" data-dst="${p.dst}" data-wavelength="${p.channels[0]}"><title>${esc(title)}</title>${parts.join("")}</g>`;
}

/** The ring and a step's lightpaths; `fmt` writes a time for tooltips. */
export function ringSvg(d: StepDrawing, nodes: number, fmt: (s: number) => string): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-labelledby="ring-title" class="ring">`);
  out.push(`<title id="ring-title">Step ${d.step + 1}: ${d.count.toLocaleString("en-US")} lightpaths on a ${nodes}-node ring</title>`);
  out.push(`<circle cx="${C}" cy="${C}" r="${R}" class="ring-line" fill="none"/>`);
  // node marks, and labels where they fit
  const markEvery = Math.max(1, Math.ceil(nodes / 128));
  const labelEvery = nodes <= 32 ? 1 : nodes <= 64 ? 2 : Math.ceil(nodes / 16);
  for (let i = 0; i < nodes; i += markEvery) {
    const a = angle(i, nodes);
    out.push(`<circle cx="${(C + R * Math.cos(a)).toFixed(2)}" cy="${(C + R * Math.sin(a)).toFixed(2)}" r="${nodes <= 64 ? 3 : 1.5}" class="node"/>`);
  }
  for (let i = 0; i < nodes; i += labelEvery) {
    const a = angle(i, nodes);
    // labels sit between the ring and the inner tracks' edge would clash: outside, beyond the tracks
    const r = R + BAND + 14;
    out.push(`<text x="${(C + r * Math.cos(a)).toFixed(1)}" y="${(C + r * Math.sin(a)).toFixed(1)}" class="node-label" text-anchor="middle" dominant-baseline="middle">${i}</text>`);
  }
  // this step's receivers (group leaders in WRHT's reduce steps) ringed
  if (d.paths && d.paths.length <= 512) {
    for (const dst of new Set(d.paths.map((p) => p.dst))) {
      const a = angle(dst, nodes);
      out.push(`<circle cx="${(C + R * Math.cos(a)).toFixed(2)}" cy="${(C + R * Math.sin(a)).toFixed(2)}" r="6" class="receiver" fill="none"><title>node ${dst} receives</title></circle>`);
    }
  }
  const gap = Math.max(0.6, Math.min(6, (BAND - 12) / Math.max(1, d.wavelengths)));
  out.push(`<g fill="none" stroke-width="${Math.max(1, Math.min(3, gap * 0.7)).toFixed(2)}" stroke-linecap="round" class="paths">`);
  if (d.paths) {
    for (const p of d.paths) out.push(lightpath(p, nodes, gap, fmt));
  } else if (d.links) {
    const { bins } = d.links;
    let most = 1;
    for (const f of [d.links.cw, d.links.ccw]) for (let b = 0; b < bins; b++) most = Math.max(most, f.count[b]);
    for (const [dir, f] of [["cw", d.links.cw], ["ccw", d.links.ccw]] as const) {
      for (let b = 0; b < bins; b++) {
        if (f.count[b] === 0) continue;
        const width = 2 + (BAND - 20) * (f.count[b] / most);
        const r = dir === "cw" ? R + 8 + width / 2 : R - 8 - width / 2;
        const p0 = (b * nodes) / bins;
        out.push(
          `<path class="link-load" d="${arc(p0, nodes / bins, r, nodes)}" stroke="${wavelengthColor(f.top[b])}" stroke-width="${width.toFixed(1)}" stroke-linecap="butt">` +
            `<title>${dir === "cw" ? "clockwise" : "counter-clockwise"} link${bins < nodes ? "s" : ""} ${Math.round(p0)}: ${f.count[b].toLocaleString("en-US")} lightpaths, highest wavelength ${f.top[b]}</title></path>`,
        );
      }
    }
  }
  out.push("</g>");
  out.push(`<text x="${C}" y="${C - 8}" text-anchor="middle" class="ring-caption">clockwise outside</text>`);
  out.push(`<text x="${C}" y="${C + 10}" text-anchor="middle" class="ring-caption">counter-clockwise inside</text>`);
  if (d.paths && d.paths.length <= 512) out.push(`<text x="${C}" y="${C + 28}" text-anchor="middle" class="ring-caption">ringed nodes receive</text>`);
  out.push("</svg>");
  return out.join("");
}
