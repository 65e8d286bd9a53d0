// The explorer page: the settings form, the five views, and the worker that simulates. The page
// only draws; every number comes from the worker, computed by the library and kernel the CLI uses.
import { formatTime, formatTimeDelta } from "../core/units.js";
import { COLLECTIVE_NAMES, type Collective } from "../core/collectives.js";
import type { SimulationResult } from "../api/simulate.js";
import type { RunSummary } from "../api/runSummary.js";
import { SettingsForm } from "./controls.js";
import type { CompareEntry, PlanView, Reply, StepDrawing } from "./protocol.js";
import type { VegaLiteSpec } from "../plot/svg.js";
import { esc, ringSvg, wavelengthColor } from "./ringDrawing.js";
import { type PageState, type View, VIEWS, readState, writeState } from "./urlState.js";

// Vega (two thirds of the page's JavaScript) loads after the first result needs it, not before the run
let vega: Promise<typeof import("./vegaView.js")> | undefined;
const charts = () => (vega ??= import("./vegaView.js"));
const renderChart = (el: HTMLElement, spec: VegaLiteSpec, label: string) => void charts().then((m) => m.renderChart(el, spec, label));
const clearChart = (el: HTMLElement) => void charts().then((m) => m.clearChart(el));

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const int = (n: number) => n.toLocaleString("en-US");

const form = new SettingsForm($("main-settings"), $("more-settings"));
let state: PageState = readState(location.search);
form.set(state.settings);

// ---- the worker -------------------------------------------------------------------------------
/** The chosen run and its drawings in one worker; the other algorithms in another, so steps draw at once. */
let worker = spawn();
let comparer = spawn();
let runId = 0;
let stepId = 0;
interface Run {
  id: number;
  result: SimulationResult;
  summary: RunSummary;
  optical: boolean;
  stepCounts: number[];
  drawable: boolean;
  note?: string;
  plan: PlanView;
  entries: CompareEntry[];
  compareDone: boolean;
}
let run: Run | undefined;

function spawn(): Worker {
  const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  w.onmessage = (ev: MessageEvent<Reply>) => onReply(ev.data);
  w.onerror = (ev) => showError(`The simulation worker failed: ${ev.message}`);
  return w;
}

function startRun(push: boolean): void {
  state = { ...state, settings: form.values() };
  const url = writeState(state);
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  // a comparison still running belongs to the last run: stop it rather than queue behind it
  if (document.body.dataset.phase === "comparing") {
    comparer.terminate();
    comparer = spawn();
  }
  runId++;
  showError(undefined);
  form.markInvalid(undefined);
  setBusy("simulating", "Simulating…");
  worker.postMessage({ type: "run", id: runId, settings: state.settings });
}

/** Stops the comparison if that is what runs (the run's drawings stay), else the run itself. */
function cancel(): void {
  comparer.terminate();
  comparer = spawn();
  if (document.body.dataset.phase === "comparing" && run) {
    run.compareDone = true;
    run.entries = run.entries.map((e) => (e.time === null && e.note === "waiting" ? { ...e, note: "cancelled" } : e));
    renderCompare();
    renderResult();
    setBusy("idle", "Comparison cancelled; the run above is complete.");
    return;
  }
  worker.terminate();
  worker = spawn();
  runId++;
  setBusy("idle", "Cancelled.");
  // the last result stays; its lightpaths went with the worker
  if (run) {
    run.drawable = false;
    run.note = "The last run's lightpaths were dropped with the cancelled one: run again to draw them.";
    setupStepper();
  }
}

function onReply(m: Reply): void {
  if (m.id !== runId && m.type !== "step") return;
  switch (m.type) {
    case "progress":
      progress(m.phase, m.done, m.total, m.unit);
      break;
    case "error":
      setBusy("idle", "");
      showError(m.message);
      form.markInvalid(m.field);
      break;
    case "result":
      run = { id: m.id, result: m.result, summary: m.summary, optical: m.optical, stepCounts: m.stepCounts, drawable: m.drawable, note: m.note, plan: m.plan, entries: [], compareDone: false };
      setBusy("comparing", `Done in the page: ${int(m.result.transfers)} transfers. Comparing the other algorithms…`);
      renderResult();
      renderPlan();
      setupStepper();
      if (m.occupancy) {
        $("occupancy-note").textContent = m.occupancy.note;
        renderChart($("occupancy"), m.occupancy.spec, "Wavelengths in use on each stretch of the ring over time");
      } else {
        clearChart($("occupancy"));
        $("occupancy-note").textContent = m.note ?? "";
      }
      clearChart($("compare-chart"));
      renderCompare();
      comparer.postMessage({ type: "compare", id: m.id, settings: state.settings, algorithm: m.result.algorithm, time: m.result.time, transfers: m.result.transfers });
      break;
    case "compare":
      if (!run) return;
      run.entries = m.entries;
      run.compareDone = m.done;
      renderCompare();
      renderResult();
      if (m.done) {
        const ran = m.entries.filter((e) => e.time !== null).length;
        const without = m.entries.length - ran;
        setBusy("idle", `Done: ${int(run.result.transfers)} transfers simulated in this page; ${ran} of ${m.entries.length} algorithms compared${without ? ` (${without} without a time: see Compare)` : ""}.`);
        if (m.spec) renderChart($("compare-chart"), m.spec, "Completion time of each algorithm");
      }
      break;
    case "step":
      if (m.id === stepId) drawStep(m.drawing);
      break;
  }
}

// ---- status -----------------------------------------------------------------------------------
/** The phase shows on the body (`data-phase`, for tests): simulating, comparing, or idle. */
function setBusy(phase: "simulating" | "comparing" | "idle", text: string): void {
  document.body.dataset.phase = phase;
  document.body.dataset.busy = String(phase !== "idle");
  $("cancel").hidden = phase === "idle";
  // while simulating, the bar appears with the worker's first progress report
  $<HTMLProgressElement>("progress").hidden = phase !== "comparing";
  $("status-text").textContent = text;
}

function progress(phase: string, done: number, total: number, unit: string): void {
  const bar = $<HTMLProgressElement>("progress");
  bar.hidden = false;
  bar.max = Math.max(1, total);
  bar.value = done;
  $("status-text").textContent = `${phase}: ${int(done)} of ${int(total)} ${unit}${unit === "algorithms" ? " done" : ""}`;
}

function showError(message: string | undefined): void {
  const e = $("error");
  e.hidden = message === undefined;
  e.textContent = message ?? "";
}

// ---- result -----------------------------------------------------------------------------------
/** "ring 12.21%, hring 1.66%, ..." from the comparison as it arrives. */
function reductions(): string {
  if (!run) return "";
  const wrht = run.entries.find((e) => e.algorithm === "wrht")?.time ?? null;
  if (wrht === null) return run.compareDone ? "-" : "waiting for the comparison";
  const parts = run.entries.filter((e) => e.algorithm !== "wrht" && e.time !== null).map((e) => `${e.algorithm} ${(100 * (1 - wrht / (e.time as number))).toFixed(2)}%`);
  return (parts.join(", ") || "-") + (run.compareDone ? "" : " …");
}

function renderResult(): void {
  if (!run) return;
  const { result: r, summary } = run;
  // the CLI's lines (src/api/runSummary.ts), the time as the headline rather than a line
  const rows: [string, string][] = [...summary.pairs.filter(([k]) => k !== "time"), ["WRHT's reduction against", reductions()]];
  $("panel-result").innerHTML =
    `<p class="headline"><span class="time" id="result-time" data-seconds="${r.time}">${formatTime(r.time)}</span> for ${esc(summary.title)}</p>` +
    `<dl class="result">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd data-key="${esc(k)}">${esc(v)}</dd>`).join("")}</dl>`;
}

// ---- plan -------------------------------------------------------------------------------------
function renderPlan(): void {
  if (!run) return;
  const v = run.plan;
  const r = run.result;
  const panel = $("panel-plan");
  const intro = r.algorithm === "wrht" ? "" : `<p class="caption">This run uses ${esc(r.algorithm)}; below is the plan WRHT would follow on the same network and vector.</p>`;
  if (!v.plan) {
    panel.innerHTML = `${intro}<p>${esc(v.note ?? "No plan.")}</p>`;
    return;
  }
  const p = v.plan;
  const ch = r.network.type === "optical-ring" ? "wavelengths" : "channels";
  const sc = p.shortcut;
  // with the shortcut, the top level is one all-to-all step instead of a reduce and a broadcast
  const levels = p.levels
    .map((l, i) =>
      i === p.levels.length - 1 && p.useShortcut
        ? `<tr><td>${l.level}</td><td>${int(l.participants)}</td><td>all-to-all</td><td>-</td><td>${int(sc.transfers)}</td><td>${sc.wavelengths}</td><td>${sc.maxHops}</td><td>${sc.lossDb.toFixed(2)}</td><td colspan="2">one step: ${formatTime(sc.time)}</td></tr>`
        : `<tr><td>${l.level}</td><td>${int(l.participants)}</td><td>${int(l.groups)}</td><td>${l.largestGroup}</td><td>${int(l.transfers)}</td><td>${l.wavelengths}</td><td>${l.maxHops}</td><td>${l.lossDb.toFixed(2)}</td><td>${formatTime(l.reduceTime)}</td><td>${formatTime(l.broadcastTime)}</td></tr>`,
    )
    .join("");
  const candidates = (v.candidates ?? [])
    .map((c) => `<tr class="${c.groupSize === p.groupSize ? "chosen" : ""}"><td>${c.groupSize}</td><td>${c.wavelengths}</td><td>${c.hops}</td><td>${c.feasible ? formatTime(c.time) : "-"}</td><td class="why">${c.groupSize === p.groupSize ? "chosen" : c.feasible ? `${formatTimeDelta(c.time - p.time)}${c.nearTie ? " (near tie)" : ""}` : `infeasible: ${esc(c.problem ?? "")}`}</td></tr>`)
    .join("");
  const considered = v.candidates?.length ?? 0;
  panel.innerHTML =
    intro +
    `<p class="headline" id="plan-summary">m = <strong>${p.groupSize}</strong>${v.forced ? " (forced)" : ""}: ${p.levels.length} level${p.levels.length === 1 ? "" : "s"}, ${p.steps} steps, ` +
    `${v.wavelengths} ${ch}, ${formatTime(p.time)} (lockstep, no contention)</p>` +
    `<table id="plan-levels"><caption class="caption">Each level reduces in one step and broadcasts back in one step${p.useShortcut ? "; the top level is one all-to-all step" : ""}.</caption>` +
    `<thead><tr><th>level</th><th>nodes</th><th>groups</th><th>largest group</th><th>transfers</th><th>${ch}</th><th>longest lightpath (hops)</th><th>loss (dB)</th><th>reduce step</th><th>broadcast step</th></tr></thead><tbody>${levels}</tbody></table>` +
    `<p>Top-level all-to-all among ${sc.participants} leaders: ${int(sc.transfers)} transfers, ${sc.wavelengths} ${ch}, ${sc.maxHops} hops: ` +
    `${p.useShortcut ? "used (it replaces the top reduce and broadcast)" : sc.problem ? `not possible (${esc(sc.problem)})` : "not faster"}.</p>` +
    (candidates
      ? `<details${considered <= 16 ? " open" : ""}><summary>Every group size considered (${considered}); near ties are within 0.1% of the least time, and among them the fewest ${ch}, then hops, then the smaller m wins</summary>` +
        `<table><thead><tr><th>m</th><th>${ch}</th><th>hops</th><th>time</th><th>versus chosen</th></tr></thead><tbody>${candidates}</tbody></table></details>`
      : "");
}

// ---- ring -------------------------------------------------------------------------------------
let playing: number | undefined;

function setupStepper(): void {
  stopPlay();
  const steps = run?.stepCounts.length ?? 0;
  const range = $<HTMLInputElement>("step-range");
  range.max = String(Math.max(1, steps));
  state.step = Math.min(state.step, Math.max(0, steps - 1));
  for (const id of ["step-prev", "step-next", "step-play", "step-range"]) ($(id) as HTMLButtonElement).disabled = !run?.drawable;
  if (!run?.drawable) {
    $("ring").replaceChildren();
    $("ring-legend").replaceChildren();
    $("step-label").textContent = "";
    $("step-caption").textContent = run?.note ?? "";
    return;
  }
  showStep(state.step);
}

function showStep(step: number): void {
  if (!run?.drawable) return;
  const steps = run.stepCounts.length;
  state.step = ((step % steps) + steps) % steps;
  $<HTMLInputElement>("step-range").value = String(state.step + 1);
  $("step-label").textContent = `${state.step + 1} of ${steps}`;
  history.replaceState(null, "", writeState(state));
  stepId++;
  worker.postMessage({ type: "step", id: stepId, step: state.step });
}

function drawStep(d: StepDrawing): void {
  if (!run) return;
  const nodes = run.result.nodes;
  const ring = $("ring");
  ring.innerHTML = ringSvg(d, nodes, formatTime);
  ring.dataset.step = String(d.step);
  ring.dataset.count = String(d.count);
  const when = d.start === null || d.end === null ? "" : `, from ${formatTime(d.start)} to ${formatTime(d.end)}`;
  const how = d.paths ? "" : ` Too many to draw one by one: each link shows how many lightpaths crossed it (width) and the highest wavelength among them (colour).`;
  $("step-caption").textContent = `Step ${d.step + 1} of ${run.stepCounts.length}: ${int(d.count)} lightpath${d.count === 1 ? "" : "s"} on ${d.wavelengths} wavelength${d.wavelengths === 1 ? "" : "s"}${when}.${how}`;
  const shown = Math.min(d.wavelengths, 40);
  $("ring-legend").innerHTML =
    `<strong>Wavelength</strong>` +
    Array.from({ length: shown }, (_, c) => `<span><span class="swatch" style="background:${wavelengthColor(c)}"></span>λ${c}</span>`).join("") +
    (d.wavelengths > shown ? `… ${d.wavelengths - shown} more (colours repeat every 20)` : "");
}

function stopPlay(): void {
  if (playing !== undefined) clearInterval(playing);
  playing = undefined;
  const b = $("step-play");
  b.textContent = "▶ Play";
  b.setAttribute("aria-pressed", "false");
}

function togglePlay(): void {
  if (playing !== undefined) return stopPlay();
  const b = $("step-play");
  b.textContent = "⏸ Pause";
  b.setAttribute("aria-pressed", "true");
  playing = window.setInterval(() => showStep(state.step + 1), 900);
}

$("step-prev").addEventListener("click", () => showStep(state.step - 1));
$("step-next").addEventListener("click", () => showStep(state.step + 1));
$("step-play").addEventListener("click", togglePlay);
$("step-range").addEventListener("input", () => showStep(Number($<HTMLInputElement>("step-range").value) - 1));
$("panel-ring").addEventListener("keydown", (e) => {
  if (!run?.drawable || (e.target instanceof HTMLInputElement && e.target.type === "range")) return;
  const keys: Record<string, () => void> = {
    ArrowLeft: () => showStep(state.step - 1),
    ArrowRight: () => showStep(state.step + 1),
    Home: () => showStep(0),
    End: () => showStep(run!.stepCounts.length - 1),
    " ": togglePlay,
  };
  if (keys[e.key] && !(e.target instanceof HTMLButtonElement && e.key === " ")) {
    e.preventDefault();
    keys[e.key]();
  }
});

// ---- compare ----------------------------------------------------------------------------------
function renderCompare(): void {
  if (!run) return;
  const wrht = run.entries.find((e) => e.algorithm === "wrht")?.time ?? null;
  const rows = run.entries
    .map((e) => {
      const red = wrht !== null && e.time !== null && e.algorithm !== "wrht" ? `${(100 * (1 - wrht / e.time)).toFixed(2)}%` : "-";
      return `<tr data-algorithm="${esc(e.algorithm)}"><td>${esc(e.algorithm)}</td><td data-seconds="${e.time ?? ""}"${e.time === null ? ' class="why"' : ""}>${e.time === null ? esc(e.note ?? "-") : formatTime(e.time)}</td><td>${e.transfers === undefined ? "-" : int(e.transfers)}</td><td>${red}</td></tr>`;
    })
    .join("");
  $("compare-table").innerHTML =
    `<table><caption class="caption">Every ${COLLECTIVE_NAMES[run.result.collective as Collective]} algorithm on this network and vector, each with its default parameters${run.compareDone ? "" : " (running…)"}.</caption>` +
    `<thead><tr><th>algorithm</th><th>time</th><th>transfers</th><th>WRHT's reduction</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// ---- tabs -------------------------------------------------------------------------------------
function showView(view: View, focus = false): void {
  state.view = view;
  for (const v of VIEWS) {
    const tab = $(`tab-${v}`);
    tab.setAttribute("aria-selected", String(v === view));
    tab.tabIndex = v === view ? 0 : -1;
    $(`panel-${v}`).hidden = v !== view;
  }
  if (focus) $(`tab-${view}`).focus();
  history.replaceState(null, "", writeState(state));
}

$("tabs").addEventListener("click", (e) => {
  const v = (e.target as HTMLElement).closest<HTMLElement>("[role=tab]")?.dataset.view as View | undefined;
  if (v) showView(v);
});
$("tabs").addEventListener("keydown", (e) => {
  const i = VIEWS.indexOf(state.view);
  const next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? VIEWS.length - 1 : null;
  if (next === null) return;
  e.preventDefault();
  showView(VIEWS[(next + VIEWS.length) % VIEWS.length], true);
});

// ---- wiring -----------------------------------------------------------------------------------
$("settings").addEventListener("submit", (e) => {
  e.preventDefault();
  startRun(true);
});
$("cancel").addEventListener("click", cancel);
$("copy-link").addEventListener("click", () => {
  void navigator.clipboard?.writeText(location.href).then(
    () => ($("status-text").textContent = "Link copied."),
    () => ($("status-text").textContent = `Link: ${location.href}`),
  );
});
window.addEventListener("popstate", () => {
  state = readState(location.search);
  form.set(state.settings);
  showView(state.view);
  startRun(false);
});

showView(state.view);
startRun(false);
