// Renders the library's Vega-Lite charts (the same specifications the CLI writes as SVG files) into
// the page, in the colours of the page's light or dark scheme.
import * as vega from "vega";
import * as vl from "vega-lite";
import { expressionInterpreter } from "vega-interpreter";
import type { VegaLiteSpec } from "../plot/svg.js";

function themed(): vl.Config {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const fg = v("--fg");
  const muted = v("--muted");
  const line = v("--line");
  return {
    background: "transparent",
    title: { color: fg, subtitleColor: muted },
    axis: { labelColor: fg, titleColor: fg, gridColor: line, domainColor: muted, tickColor: muted },
    legend: { labelColor: fg, titleColor: fg },
    header: { labelColor: fg, titleColor: fg },
    view: { stroke: line },
    text: { color: fg },
  };
}

const views = new WeakMap<HTMLElement, vega.View>();

export async function renderChart(container: HTMLElement, spec: VegaLiteSpec, label: string): Promise<void> {
  views.get(container)?.finalize();
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec, { config: themed() }).spec;
  // Vega's expressions interpreted, not compiled with Function: the page runs under a CSP without 'unsafe-eval'
  const view = new vega.View(vega.parse(compiled, undefined, { ast: true }), { renderer: "svg", container, hover: false, expr: expressionInterpreter } as vega.ViewOptions);
  views.set(container, view);
  await view.runAsync();
  const svg = container.querySelector("svg");
  // Vega writes gradient fills against the page's address at render time (url(http://...?view=x#gradient_0));
  // the address changes with the view, so point them at the gradient in this document instead
  for (const el of svg?.querySelectorAll("[fill^='url(']") ?? []) el.setAttribute("fill", (el.getAttribute("fill") ?? "").replace(/^url\([^#)]*#/, "url(#"));
  svg?.setAttribute("role", "img");
  svg?.setAttribute("aria-label", label);
}

export function clearChart(container: HTMLElement): void {
  views.get(container)?.finalize();
  views.delete(container);
  container.replaceChildren();
}
