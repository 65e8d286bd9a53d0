// The pieces of the web explorer that run under Node: the settings catalogue the CLI and the page
// share, and the worker's lightpath store that answers the ring drawing.
import { describe, expect, it } from "vitest";
import { COLLECTIVE_SETTINGS, FAULT_SETTINGS, NETWORK_SETTINGS, WORKLOAD_SETTINGS, statedDefault } from "../src/config/settingDocs.js";
import { algorithmOptionsOf, buildNetwork, parseRunConfig, runFields, simulateConfig, workloadOf } from "../src/config/runConfig.js";
import { appliesToNetwork } from "../src/config/applicability.js";
import type { TransferRecord } from "../src/engine/engine.js";
import { DRAW_LIMIT, LightpathStore } from "../src/web/lightpathStore.js";
import { buildSchedule } from "../src/api/simulate.js";
import { cli } from "./helpers/cli.js";
import { createServer } from "node:net";

const DOCS = [...COLLECTIVE_SETTINGS, ...NETWORK_SETTINGS, ...FAULT_SETTINGS, ...WORKLOAD_SETTINGS];

/** A network the setting applies to. */
const networkFor = (key: string) => (["optical-ring", "star", "leaf-spine"] as const).find((n) => appliesToNetwork(key, n)) as string;
/** The settings a setting needs beside it to be accepted (a tuning time needs a transceiver limit). */
const COMPANIONS: Record<string, Record<string, string>> = {
  tuningTime: { tx: "2" }, regenLatency: { regenerate: "true" }, groupSize: { algorithm: "wrht" }, shortcut: { algorithm: "wrht" },
  hringGroup: { algorithm: "hring", nodes: "1024" }, chunks: { collective: "broadcast", algorithm: "chain" }, root: { collective: "broadcast" },
};
const context = (key: string) => (key === "network" ? {} : { network: networkFor(key), ...COMPANIONS[key] });

describe("settings catalogue", () => {
  it("documents every run setting once, and the CLI offers each as a flag", () => {
    const keys = DOCS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(runFields).filter((k) => k !== "label").sort());
    const help = cli(["run", "--help"]).stdout;
    for (const d of DOCS) expect(help, d.key).toContain(`--${d.key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`);
  });

  it("offers exactly the choices the validation accepts", () => {
    const withChoices = DOCS.filter((d) => d.choices);
    expect(withChoices.length).toBeGreaterThanOrEqual(8);
    for (const d of withChoices) {
      for (const c of d.choices ?? []) expect(() => parseRunConfig({ ...context(d.key), [d.key]: c }), `${d.key}=${c}`).not.toThrow();
      expect(() => parseRunConfig({ ...context(d.key), [d.key]: "nonsense" }), d.key).toThrow(/nonsense/);
    }
  });

  it("states in its help the defaults the validation applies", () => {
    let checked = 0;
    for (const d of DOCS) {
      const def = statedDefault(d);
      // defaults stated as words ("the leaf size", "20us optical, 10us electrical") are not values
      if (def === undefined || /[ :,]/.test(def) || d.key === "algorithm") continue;
      const implied = parseRunConfig(context(d.key)) as unknown as Record<string, unknown>;
      // a setting without a default value (chosen later, as the leaf size is) has nothing to compare
      if (implied[d.key] === undefined) continue;
      const given = parseRunConfig({ ...context(d.key), [d.key]: def }) as unknown as Record<string, unknown>;
      expect(given[d.key], `${d.key}: help says (default ${def})`).toEqual(implied[d.key]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });
});

describe("lightpath store", () => {
  const run = (settings: Record<string, string>) => {
    const cfg = parseRunConfig(settings);
    const network = buildNetwork(cfg);
    const w = workloadOf(cfg);
    const schedule = buildSchedule(network, cfg.algorithm, w.elements, w.elementBytes, algorithmOptionsOf(cfg), cfg.collective);
    const store = new LightpathStore(network.nodes, schedule.steps, network.hopLimit);
    const records: TransferRecord[] = [];
    const result = simulateConfig(cfg, { network, schedule, onTransfer: (t) => (store.add(t), records.push(t)) });
    return { store, records, result };
  };

  it("keeps each step's lightpaths as the engine granted them", () => {
    const { store, records, result } = run({ algorithm: "wrht", nodes: "64", wavelengths: "4" });
    const steps = result.steps;
    expect(store.counts()).toEqual(Array.from({ length: steps }, (_, s) => records.filter((t) => t.step === s).length));
    for (let s = 0; s < steps; s++) {
      const d = store.drawing(s, result.stepTimes[s].start, result.stepTimes[s].end);
      const want = records.filter((t) => t.step === s);
      expect(d.paths?.map((p) => [p.src, p.dst, p.hops, p.dir, p.channels[0], p.start, p.finish])).toEqual(want.map((t) => [t.src, t.dst, t.hops, t.dir, t.channel, t.start, t.finish]));
      expect(d.wavelengths).toBe(Math.max(...want.map((t) => t.channel)) + 1);
    }
  });

  it("draws a crowded step per link: lightpaths crossing each link, and the highest wavelength among them", () => {
    // direct all-to-all on 48 nodes: one step of 2,256 lightpaths
    const { store, records } = run({ collective: "alltoall", algorithm: "direct", nodes: "48", wavelengths: "16", grants: "reservation", elements: "4800" });
    expect(records.length).toBeGreaterThan(DRAW_LIMIT);
    const d = store.drawing(0, null, null);
    expect(d.paths).toBeUndefined();
    const links = d.links as NonNullable<typeof d.links>;
    expect(links.bins).toBe(48);
    // independently: walk each lightpath node by node
    for (const dir of ["cw", "ccw"] as const) {
      const count = new Array(48).fill(0);
      const top = new Array(48).fill(-1);
      for (const t of records.filter((r) => r.dir === dir)) {
        let at = t.src;
        for (let h = 0; h < t.hops; h++) {
          const next = dir === "cw" ? (at + 1) % 48 : (at + 47) % 48;
          const link = dir === "cw" ? at : next; // the link between p and p+1 is p
          count[link]++;
          top[link] = Math.max(top[link], t.channel);
          at = next;
        }
        expect(at).toBe(t.dst);
      }
      expect(Array.from(links[dir].count)).toEqual(count);
      expect(Array.from(links[dir].top)).toEqual(top);
    }
  });
});

describe("wrht-sim web", () => {
  it("refuses a bad or busy port in one line, exit 2", async () => {
    for (const port of ["abc", "70000", "-1", "80.5"]) {
      const r = cli(["web", "--port", port]);
      expect(r.code, port).toBe(2);
      expect(r.stderr.trim(), port).toBe(`wrht-sim: --port: "${port}" is not accepted; expected a port from 0 to 65535`);
      expect(r.stdout).toBe("");
    }
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    const r = cli(["web", "--port", String(port)]);
    busy.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^wrht-sim: --port: 127\\.0\\.0\\.1:${port} is not available \\(.*\\); pick another with --port\\n$`));
  });
});
