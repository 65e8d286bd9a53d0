// Named network settings: a starting point any flag can override. docs/MODEL.md gives the reasons.

export interface Preset {
  name: string;
  summary: string;
  reason: string;
  settings: Readonly<Record<string, string | number>>;
}

export const PRESETS: readonly Preset[] = [
  {
    name: "paper-optical",
    summary: "1024-node bidirectional optical ring, 64 wavelengths x 100 Gb/s, alpha 20 us",
    reason: "The WRHT paper's optical experiment runs on a 1024-node ring; its parameters are not public, so the model's defaults (docs/MODEL.md) stand in.",
    settings: { network: "optical-ring", nodes: 1024, wavelengths: 64, bandwidth: "100Gbps", direction: "bidirectional", alpha: "20us", hopLatency: "10ns" },
  },
  {
    name: "paper-electrical",
    summary: "1024 nodes on one non-blocking 100 Gb/s switch, alpha 10 us, 500 ns per switch",
    reason: "The electrical side of the paper's comparison: every node one full-duplex link to a non-blocking switch (the electrical defaults: 100 Gb/s, alpha 10 us, 500 ns per switch).",
    settings: { network: "star", nodes: 1024, bandwidth: "100Gbps", alpha: "10us", switchLatency: "500ns" },
  },
  {
    name: "leaf-spine",
    summary: "1024 nodes, 32 per leaf, 32 spines, 100 Gb/s everywhere (1:1, non-blocking)",
    reason: "A two-level fat tree as built in data centres; with as many spines as nodes per leaf and equal link rates it is non-blocking.",
    settings: { network: "leaf-spine", nodes: 1024, leafSize: 32, spines: 32, bandwidth: "100Gbps", oversubscription: 1, alpha: "10us", switchLatency: "500ns" },
  },
  {
    name: "leaf-spine-3to1",
    summary: "1024 nodes, 32 per leaf, 32 spines at a third of the node rate (3:1 oversubscribed)",
    reason: "Oversubscription of 3:1 at the leaves is common in cost-optimised clusters; cross-leaf traffic then runs at a third of the rate.",
    settings: { network: "leaf-spine", nodes: 1024, leafSize: 32, spines: 32, bandwidth: "100Gbps", oversubscription: 3, alpha: "10us", switchLatency: "500ns" },
  },
  {
    name: "sip-fixed-bank",
    summary: "1024-node optical ring where each node keeps one microring per wavelength: about 1 dB per hop, hMax 26",
    reason: "Passing 64-128 off-resonance rings at about 0.01 dB each costs about 1 dB per node; long lightpaths then break the power budget.",
    settings: { network: "optical-ring", nodes: 1024, wavelengths: 64, bandwidth: "100Gbps", throughDb: 1 },
  },
  {
    name: "tunable",
    summary: "1024-node optical ring where each node has 4 tunable transmitters and receivers that retune in 10 us",
    reason:
      "Instead of a fixed transceiver per wavelength, a node carries a few thermally tuned microring transceivers: thermo-optic tuning settles in microseconds to tens of microseconds, so 10 us per retune; 4 units per node bounds WRHT's fan-in to 4 lightpaths at a time.",
    settings: { network: "optical-ring", nodes: 1024, wavelengths: 64, bandwidth: "100Gbps", tx: 4, rx: 4, tuningTime: "10us" },
  },
  {
    name: "optical-unidirectional",
    summary: "1024-node unidirectional optical ring (one waveguide, clockwise)",
    reason: "Half the waveguides; WRHT's leader becomes the last member of each group and every level needs m-1 wavelengths.",
    settings: { network: "optical-ring", nodes: 1024, direction: "unidirectional" },
  },
];

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
