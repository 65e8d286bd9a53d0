// The settings form, built from the same catalogue as the CLI's options: a control per setting,
// labelled with what it is and its flag, with the CLI's default as placeholder. Controls that
// cannot apply to the chosen network or algorithm are disabled (and their values not sent), as the
// CLI would refuse them.
import { COLLECTIVE_SETTINGS, NETWORK_SETTINGS, type SettingDoc, WORKLOAD_SETTINGS, statedDefault } from "../config/settingDocs.js";
import { appliesToAlgorithm, appliesToNetwork, type NetworkType } from "../config/applicability.js";
import { algorithmNames } from "../algorithms/index.js";
import { PRESETS } from "../config/presets.js";
import { MODELS } from "../workload/models.js";
import { DEFAULT_ALGORITHMS } from "../config/runConfig.js";
import { type Collective, isRooted } from "../core/collectives.js";
import { flagName } from "../validation/fields.js";
import type { Settings } from "./protocol.js";

/** What the page runs when opened: WRHT's all-reduce on a ring small enough to see every lightpath, with few
 * enough wavelengths (4) that it forms groups (8 of 8) which reuse them. */
export const PAGE_DEFAULTS: Settings = { collective: "allreduce", algorithm: "wrht", nodes: "64", wavelengths: "4", size: "100MB" };

/** Settings shown at the top (an algorithm option only with its algorithm); the rest sit under "More settings". */
const MAIN = ["collective", "algorithm", "root", "groupSize", "shortcut", "hringGroup", "chunks", "preset", "network", "nodes", "wavelengths", "size", "model", "dtype", "mode"];

const ALL: readonly SettingDoc[] = [...COLLECTIVE_SETTINGS, ...NETWORK_SETTINGS, ...WORKLOAD_SETTINGS];
export const SETTING_KEYS = ALL.map((d) => d.key);

/** The label people read: the help line's subject, without the network prefix. */
function labelOf(d: SettingDoc): string {
  const words: Record<string, string> = {
    collective: "Collective", algorithm: "Algorithm", preset: "Preset", network: "Network", nodes: "Nodes", wavelengths: "Wavelengths per link",
    size: "Vector size", model: "DNN model (its gradients)", dtype: "Element type", mode: "Mode", bandwidth: "Bandwidth", alpha: "Alpha (per-transfer overhead)",
    direction: "Direction", routing: "Routing", grants: "Grant policy", engine: "Engine", shortcut: "Top-level all-to-all", root: "Root node",
    sharing: "Link sharing", ports: "Ports per node",
  };
  if (words[d.key]) return words[d.key];
  const text = d.help.replace(/^(optical|electrical|leaf-spine|optical energy|electrical energy|optical static energy|electrical static energy|wrht|wrht, optree|hring|chain|broadcast, reduce): /, "").replace(/\s*\(default[^)]*\)/, "");
  return text[0].toUpperCase() + text.slice(1);
}

function optionsOf(d: SettingDoc, collective: Collective): [string, string][] {
  if (d.key === "algorithm") return algorithmNames(collective).map((a) => [a, a]);
  if (d.key === "preset") return [["", "none"], ...PRESETS.map((p): [string, string] => [p.name, `${p.name}: ${p.summary}`])];
  if (d.key === "model") return [["", "none (use the vector size)"], ...MODELS.map((m): [string, string] => [m.name, m.name])];
  const def = statedDefault(d);
  return [["", `default${def ? ` (${def})` : ""}`], ...(d.choices ?? []).map((c): [string, string] => [c, c])];
}

export class SettingsForm {
  private readonly controls = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly rows = new Map<string, HTMLElement>();

  constructor(private readonly main: HTMLElement, private readonly more: HTMLElement) {
    for (const d of ALL) this.add(d);
    // the top settings in the order people choose them: what, how, where, how much
    for (const key of MAIN) this.main.append(this.rows.get(key) as HTMLElement);
    this.set(PAGE_DEFAULTS);
    this.control("collective").addEventListener("change", () => this.refreshAlgorithms());
    // a preset fills in its values, so the form shows what will run (each can still be changed)
    this.control("preset").addEventListener("change", () => {
      const preset = PRESETS.find((p) => p.name === this.control("preset").value);
      for (const [key, value] of Object.entries(preset?.settings ?? {})) {
        const c = this.controls.get(key);
        if (c) c.value = String(value);
      }
    });
    for (const k of ["network", "preset", "algorithm", "model", "size"]) this.control(k).addEventListener("change", () => this.refreshScopes());
    this.control("size").addEventListener("input", () => this.refreshScopes());
    this.refreshScopes();
  }

  private add(d: SettingDoc): void {
    const id = `set-${d.key}`;
    const row = document.createElement("div");
    row.className = "setting";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.innerHTML = `<span class="name"></span> <code class="flag"></code>`;
    (label.querySelector(".name") as HTMLElement).textContent = labelOf(d);
    (label.querySelector(".flag") as HTMLElement).textContent = `${d.short ? `-${d.short} ` : ""}${flagName(d.key)}`;
    let control: HTMLInputElement | HTMLSelectElement;
    if (d.choices || d.key === "algorithm" || d.key === "preset" || d.key === "model") {
      control = document.createElement("select");
      for (const [value, text] of optionsOf(d, "allreduce")) control.add(new Option(text, value));
    } else if (!d.value) {
      control = document.createElement("input");
      control.type = "checkbox";
    } else {
      control = document.createElement("input");
      control.type = "text";
      control.placeholder = statedDefault(d) ?? "";
      control.autocomplete = "off";
      control.spellcheck = false;
    }
    control.id = id;
    control.name = d.key;
    control.title = d.help;
    row.append(label, control);
    (MAIN.includes(d.key) ? this.main : this.more).append(row);
    this.controls.set(d.key, control);
    this.rows.set(d.key, row);
  }

  control(key: string): HTMLInputElement | HTMLSelectElement {
    const c = this.controls.get(key);
    if (!c) throw new Error(`no control for ${key}`);
    return c;
  }

  private refreshAlgorithms(): void {
    const sel = this.control("algorithm") as HTMLSelectElement;
    const collective = (this.control("collective").value || "allreduce") as Collective;
    const names = algorithmNames(collective);
    const keep = names.includes(sel.value) ? sel.value : names.includes("wrht") ? "wrht" : DEFAULT_ALGORITHMS[collective];
    sel.replaceChildren(...names.map((a) => new Option(a, a)));
    sel.value = keep;
    this.refreshScopes();
  }

  /** Disable what cannot apply: other networks' settings, other algorithms' options, size with a model. */
  private refreshScopes(): void {
    const preset = PRESETS.find((p) => p.name === this.control("preset").value);
    const network = (this.control("network").value || preset?.settings.network || "optical-ring") as NetworkType;
    const algorithm = this.control("algorithm").value;
    const model = this.control("model").value !== "";
    for (const [key, control] of this.controls) {
      let off = !appliesToNetwork(key, network) || !appliesToAlgorithm(key, algorithm);
      if (key === "size" || key === "elements" || key === "params") off ||= model;
      if (key === "root") off ||= !isRooted((this.control("collective").value || "allreduce") as Collective);
      control.disabled = off;
      this.rows.get(key)?.classList.toggle("off", off);
    }
  }

  /** The settings a run sends: every enabled control with a value, as typed. */
  values(): Settings {
    const out: Settings = {};
    for (const [key, c] of this.controls) {
      if (c.disabled) continue;
      const v = c instanceof HTMLInputElement && c.type === "checkbox" ? (c.checked ? "true" : "") : c.value.trim();
      if (v !== "") out[key] = v;
    }
    return out;
  }

  /** Fill the form (keys missing from `s` are cleared). */
  set(s: Settings): void {
    const collective = this.control("collective");
    collective.value = s.collective ?? "";
    this.refreshAlgorithms();
    for (const [key, c] of this.controls) {
      if (key === "collective") continue;
      const v = s[key] ?? "";
      if (c instanceof HTMLInputElement && c.type === "checkbox") c.checked = v === "true";
      else c.value = v;
    }
    this.refreshScopes();
  }

  /** Mark the control an error names (by flag) as invalid, clearing the others. */
  markInvalid(field: string | undefined): void {
    for (const [key, c] of this.controls) {
      const bad = field !== undefined && (field === flagName(key) || field === key);
      c.setAttribute("aria-invalid", String(bad));
      if (bad) {
        (this.rows.get(key)?.closest("details") as HTMLDetailsElement | null)?.setAttribute("open", "");
        c.focus();
      }
    }
  }
}
