// What a researcher trips over, round two: each check goes through the real command line and
// compares what it prints with an independent expectation (a single run, a hand count, the
// network's own numbers).
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CLI, cli } from "./helpers/cli.js";

const json = (args: string[]) => {
  const r = cli(args);
  expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
};
const refused = (args: string[], message: RegExp, cwd?: string) => {
  const r = cli(args, cwd);
  expect(r.code, `${args.join(" ")}: ${r.stdout}`).toBe(2);
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  return r;
};
const tmp = () => mkdtempSync(join(tmpdir(), "wrht-trust-"));

describe("wrong conclusions", () => {
  test("1: compare --strategy runs every algorithm of the strategy's collectives, takes --collective-algorithms, and each row is its own train run", () => {
    const net = ["--networks", "optical-ring:wavelengths=4", "--nodes", "16", "--models", "alexnet"];
    const ddp = json(["compare", "--strategy", "ddp", ...net, "--json"]);
    // DDP issues all-reduce: every all-reduce algorithm of the catalogue
    expect(ddp.map((r: { algorithm: string }) => r.algorithm)).toEqual(["wrht", "ring", "hring", "bt", "rd", "hd"]);
    // FSDP issues all-gather and reduce-scatter: only the algorithms that implement both
    const fsdp = json(["compare", "--strategy", "fsdp", ...net, "--json"]);
    expect(fsdp.map((r: { algorithm: string }) => r.algorithm)).toEqual(["ring", "wrht", "optree"]);
    const pair = json(["compare", "--strategy", "fsdp", ...net, "--collective-algorithms", "allgather=rd,reducescatter=rh", "--json"]);
    expect(pair.map((r: { algorithm: string }) => r.algorithm)).toEqual(["rd+rh"]);
    const one = json(["train", "-m", "alexnet", "-n", "16", "-w", "4", "--strategy", "fsdp", "--collective-algorithms", "allgather=rd,reducescatter=rh", "--json"]);
    expect(pair[0].iteration).toBe(one.iteration);
    // every DDP row is the train run of its algorithm, and its reduction is against WRHT's
    const wrht = ddp.find((r: { algorithm: string }) => r.algorithm === "wrht");
    for (const row of ddp) {
      const t = json(["train", "-m", "alexnet", "-n", "16", "-w", "4", "-a", row.algorithm, "--json"]);
      expect(row.iteration).toBe(t.iteration);
      expect(row.reduction).toBeCloseTo(100 * (1 - wrht.iteration / row.iteration), 10);
    }
    // the table says every algorithm, not two of them
    const table = cli(["compare", "--strategy", "ddp", ...net]).stdout;
    for (const a of ["wrht", "ring", "hring", "bt", "rd", "hd"]) expect(table).toMatch(new RegExp(`alexnet +ddp +${a} `));
  }, 120_000);

  test("2: a sweep file is checked whole before any point runs: unknown names and plot columns are refused in one line, nothing written", () => {
    const dir = tmp();
    writeFileSync(join(dir, "a.yaml"), "axes:\n  algorithm: [wrht, rign]\n  nodes: [16]\n");
    refused(["sweep", "a.yaml", "-o", "a.csv"], /^wrht-sim: sweep point 1 \(algorithm=rign, nodes=16\): algorithm: "rign" is not accepted \(did you mean ring\?\)/, dir);
    writeFileSync(join(dir, "b.yaml"), "axes:\n  algorithm: [wrht, ring]\n  nodes: [16]\nplots:\n  - { file: b.svg, x: nodes, y: tme }\n");
    refused(["sweep", "b.yaml", "-o", "b.csv"], /sweep plots\.0\.y: "tme" is not a numeric column of this sweep's results \(did you mean time\?\)/, dir);
    writeFileSync(join(dir, "c.yaml"), "axes:\n  preset: [paper-optical, paper-opticl]\n  nodes: [16]\n");
    refused(["sweep", "c.yaml", "-o", "c.csv"], /preset: "paper-opticl" .*did you mean paper-optical/, dir);
    writeFileSync(join(dir, "d.yaml"), "axes:\n  model: [resnet50, gpt2xl]\n  nodes: [16]\n");
    refused(["sweep", "d.yaml", "-o", "d.csv"], /model: "gpt2xl" .*did you mean gpt2-xl/, dir);
    writeFileSync(join(dir, "e.yaml"), "axes:\n  nodse: [16]\n");
    refused(["sweep", "e.yaml", "-o", "e.csv"], /sweep setting: "nodse" .*did you mean nodes/, dir);
    expect(readdirSync(dir).sort()).toEqual(["a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml"]);
    // a point that is valid but cannot run stays a row with its reason (a group size beyond the ring)
    writeFileSync(join(dir, "f.yaml"), "base: { algorithm: wrht, groupSize: 32 }\naxes:\n  nodes: [16, 64]\n");
    const r = cli(["sweep", "f.yaml", "-o", "f.jsonl"], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(dir, "f.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((x) => x.status)).toEqual(["infeasible", "ok"]);
    expect(rows[0].error).toMatch(/groupSize: 32 .*from 2 to the node count 16/);
  });

  test("3: charts label their whole range, tick node counts at powers of two, title axes in words with units, name fixed settings, and draw the wavelengths available", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "s.yaml"),
      "base: { wavelengths: 16, size: 64MB }\naxes:\n  algorithm: [ring, rd]\n  nodes: [64, 128, 256, 512]\nplots:\n" +
        "  - { file: t.svg, x: nodes, y: time, color: algorithm, logX: true, logY: true }\n  - { file: w.svg, x: nodes, y: wavelengthsNeeded, color: algorithm, logX: true }\n",
    );
    const r = cli(["sweep", "s.yaml", "-o", "s.csv"], dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(dir, "s.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const head = readFileSync(join(dir, "s.csv"), "utf8").split("\n")[0].split(",");
    const times = rows.map((x) => Number(x[head.indexOf("time")]) * 1e3);
    const t = readFileSync(join(dir, "t.svg"), "utf8");
    // every tick label of the y axis, in ms: the top one is at or above the largest time
    const yTicks = [...t.matchAll(/<text[^>]*text-anchor="end"[^>]*>([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(Math.max(...yTicks)).toBeGreaterThanOrEqual(Math.max(...times));
    expect(Math.min(...yTicks)).toBeLessThanOrEqual(Math.min(...times));
    // no label drawn invisible
    expect(t).not.toMatch(/opacity="0"[^>]*>[\d.]+<\/text>/);
    // the node axis ticks at the powers of two the data are
    for (const n of ["64", "128", "256", "512"]) expect(t).toMatch(new RegExp(`>${n}</text>`));
    expect(t).toMatch(/>time \(ms\)</);
    // the settings every point shares
    expect(t).toMatch(/wavelengths per link 16/);
    expect(t).toMatch(/vector size 64 ?MB/);
    const w = readFileSync(join(dir, "w.svg"), "utf8");
    expect(w).toMatch(/>wavelengths needed</);
    expect(w).not.toMatch(/wavelengthsNeeded<\/text>/);
    expect(w).toMatch(/the 16 wavelengths available/);
  });

  test("4: comparisons say each network's per-node injection bandwidth (64 wavelengths x 2 directions x 100 Gb/s against one 100 Gb/s port)", () => {
    const rows = json(["compare", "--models", "resnet50", "--algorithms", "ring", "-n", "64", "--json"]);
    const optical = rows.find((r: { networkType: string }) => r.networkType === "optical-ring");
    const star = rows.find((r: { networkType: string }) => r.networkType === "star");
    expect(optical.injectionBandwidth).toBe(2 * 64 * 100e9);
    expect(star.injectionBandwidth).toBe(100e9);
    const table = cli(["compare", "--models", "resnet50", "--algorithms", "ring", "-n", "64"]).stdout;
    expect(table).toMatch(/paper-optical \(nodes=64\) +12\.8 Tb\/s +resnet50/);
    expect(table).toMatch(/paper-electrical \(nodes=64\) +100 Gb\/s +resnet50/);
    expect(table).toMatch(/per node: the bandwidth one node can inject at once/);
    expect(cli(["compare", "--models", "resnet50", "--algorithms", "ring", "-n", "64", "--csv"]).stdout.split("\n")[0]).toMatch(/,injectionBandwidth,/);
    const unidirectional = json(["train", "-m", "alexnet", "-n", "8", "-w", "4", "--direction", "unidirectional", "--json"]);
    expect(unidirectional.injectionBandwidth).toBe(4 * 100e9);
    const tunable = json(["train", "-m", "alexnet", "-n", "8", "--tx", "3", "--rx", "3", "--json"]);
    expect(tunable.injectionBandwidth).toBe(3 * 100e9);
    expect(cli(["train", "-m", "alexnet", "-n", "8", "--network", "star"]).stdout).toMatch(/per-node injection +100 Gb\/s \(1 port x 100 Gb\/s\)/);
  });
});

describe("refusals and long work", () => {
  test("5: every command that estimates work accepts the --max-transfers it names; compare marks the one cell too large", () => {
    refused(["train", "-m", "resnet50", "-n", "100000", "-a", "ring"], /raise --max-transfers to run it anyway/);
    // the flag it names is accepted, and sets the limit
    refused(["train", "-m", "alexnet", "-n", "8", "-a", "ring", "--max-transfers", "100"], /transfers: this run has [\d,]+ transfers.*the limit is 100 .*raise --max-transfers/);
    expect(cli(["train", "-m", "alexnet", "-n", "8", "-a", "ring", "--max-transfers", "1e9"]).code).toBe(0);
    refused(["run", "-n", "64", "-a", "ring", "--max-transfers", "1000"], /the limit is 1,000 .*raise --max-transfers/);
    expect(cli(["crossover", "-n", "16", "--max-transfers", "1e9"]).code).toBe(0);
    // ring on 64 nodes is 8,064 transfers, WRHT 126: only ring's cell is too large
    const rows = json(["compare", "-n", "64", "--sizes", "1MB", "--networks", "paper-optical", "--algorithms", "ring,wrht", "--max-transfers", "1000", "--json"]);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(["too large", "ok"]);
    expect(rows[0].error).toMatch(/8,064 transfers.*raise --max-transfers/);
    const table = cli(["compare", "-n", "64", "--sizes", "1MB", "--networks", "paper-optical", "--algorithms", "ring,wrht", "--max-transfers", "1000"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/ring +too large/);
    // and sweep files take it as a key
    const dir = tmp();
    writeFileSync(join(dir, "s.yaml"), "base: { nodes: 64, maxTransfers: 1000 }\naxes:\n  algorithm: [ring, wrht]\n");
    expect(cli(["sweep", "s.yaml", "-o", "s.jsonl"], dir).code).toBe(0);
    const swept = readFileSync(join(dir, "s.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(swept.map((x) => x.status)).toEqual(["too large", "ok"]);
    expect(swept[0].error).toMatch(/raise maxTransfers/);
  }, 60_000);

  test("6: train shows a progress bar on long work, and its summary names every network setting that differs from the default", () => {
    const r = cli(["train", "-m", "alexnet", "-n", "256", "-a", "ring", "--progress"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/train \[.*\] .*transfers/);
    const tuned = cli(["train", "-m", "alexnet", "-n", "16", "--preset", "tunable", "--tx", "2", "--rx", "2"]).stdout;
    expect(tuned).toMatch(/2 transmitters and 2 receivers per node \(retuning in 10 us\)/);
    const other = cli(["train", "-m", "alexnet", "-n", "16", "--routing", "adaptive", "--grants", "reservation", "--through-db", "10", "--regenerate"]).stdout;
    expect(other).toMatch(/adaptive routing/);
    expect(other).toMatch(/grants +reservation/);
    expect(other).toMatch(/longer ones regenerated every 2 hops/);
  });

  test("7: a bucket size needs a unit, compare shows the cap as given, and the first bucket follows DDP's rule", () => {
    refused(["train", "-m", "resnet50", "--bucket-size", "25"], /--bucket-size: "25" is not accepted; expected a bucket cap with a unit, such as 25MiB \(PyTorch's bucket_cap_mb=25\)/);
    refused(["compare", "--strategy", "ddp", "--models", "alexnet", "--bucket-size", "25"], /--bucket-size: "25" .*with a unit/);
    const dir = tmp();
    // three 1.2 MB layers (300,000 fp32 parameters each)
    writeFileSync(join(dir, "m.yaml"), "layers:\n  - { name: a, params: 300000, forwardFlops: 1G }\n  - { name: b, params: 300000, forwardFlops: 1G }\n  - { name: c, params: 300000, forwardFlops: 1G }\n");
    const buckets = (extra: string[]) => json(["train", "-m", join(dir, "m.yaml"), "-n", "8", ...extra, "--json"]).collectives.map((c: { elements: number }) => c.elements);
    // default cap: the first bucket closes at 1 MiB (layer c alone), the rest share 25 MiB
    expect(buckets([])).toEqual([300000, 600000]);
    // a cap the user sets holds for the first bucket too (PyTorch: bucket_bytes_cap_default is False)
    expect(buckets(["--bucket-size", "25MiB"])).toEqual([900000]);
    const rows = json(["compare", "--strategy", "ddp", "--models", "alexnet", "--algorithms", "wrht", "--networks", "optical-ring", "-n", "8", "--bucket-size", "25MiB,50MB", "--json"]);
    expect(rows.map((r: { bucketSize: string }) => r.bucketSize)).toEqual(["25MiB", "50MB"]);
    expect(rows.map((r: { bucketBytes: number }) => r.bucketBytes)).toEqual([25 * 2 ** 20, 50e6]);
    expect(cli(["compare", "--strategy", "ddp", "--models", "alexnet", "--algorithms", "wrht", "--networks", "optical-ring", "-n", "8"]).stdout).toMatch(/ 25MiB /);
  });

  test("8: an unknown name says which was probably meant; a network entry's typo lists its keys; refusals name ways out the command takes", () => {
    refused(["run", "-a", "wrth"], /--algorithm: "wrth" is not accepted \(did you mean wrht\?\)/);
    refused(["run", "--network", "optcal-ring"], /--network: "optcal-ring" is not accepted \(did you mean optical-ring\?\)/);
    refused(["run", "--preset", "tunabel"], /--preset: "tunabel" is not accepted \(did you mean tunable\?\)/);
    refused(["run", "-m", "gpt2xl"], /--model: "gpt2xl" is not accepted \(did you mean gpt2-xl\?\)/);
    refused(["train", "-m", "gpt2xl"], /did you mean gpt2-xl/);
    refused(["run", "--grants", "gredy"], /did you mean greedy/);
    refused(["crossover", "--algorithms", "rign,rd"], /--algorithms: "rign" is not accepted \(did you mean ring\?\)/);
    refused(["compare", "--strategy", "dpp"], /--strategy: "dpp" is not accepted \(did you mean ddp\?\)/);
    refused(["plot", join(__dirname, "..", "docs", "figures", "ring-vs-rd-size.csv"), "--x", "sise"], /--x: "sise" is not accepted \(did you mean size\?\)/);
    refused(["compare", "--networks", "paper-optical:wavelenths=16"], /wavelenths is not a network setting \(did you mean wavelengths\?\); paper-optical takes .*wavelengths, direction, hop-latency/);
    // a power-budget refusal names --regenerate, which run accepts
    const budget = refused(["run", "--preset", "sip-fixed-bank", "-a", "rd", "-n", "64"], /power budget: .*add --regenerate/);
    expect(budget.stderr).toMatch(/--regenerate/);
    expect(cli(["run", "--preset", "sip-fixed-bank", "-a", "rd", "-n", "64", "--regenerate"]).code).toBe(0);
    refused(["run", "--preset", "sip-fixed-bank", "-a", "wrht", "-n", "1024"], /wrht: no group size can run .*add --regenerate/);
    // FSDP's refusal offers only algorithms that implement both of its collectives
    refused(["train", "--strategy", "fsdp", "-a", "rd", "-n", "8"], /"rd" does not implement reducescatter, which fsdp issues; give one that implements allgather and reducescatter \(ring, wrht, optree\)/);
  });

  test("9: energy in the unit that fits, and one warning for a vector of fewer elements than nodes", () => {
    const r = cli(["run", "--size", "4B", "-n", "64"]);
    expect(r.code).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.trim().startsWith("energy")) as string;
    // 4 bytes, 126 steps of alpha: the laser's energy per delivered bit is microjoules, said so
    expect(line).toMatch(/\(\d+(\.\d+)? uJ\/bit delivered\)/);
    expect(line).not.toMatch(/pJ per bit|\d{5,}/);
    const joules = json(["run", "--size", "4B", "-n", "64", "--json"]).energy;
    expect(line).toContain(`${Number((joules.pjPerBit / 1e6).toPrecision(3))} uJ/bit`);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/warning: the vector \(4B, 1 element\) has fewer elements than the 64 nodes/);
    expect(cli(["run", "--size", "1MB", "-n", "64"]).stderr).toBe("");
  });
});

describe("the web server", () => {
  test("12: GET and HEAD only (405 otherwise), with nosniff and a Content-Security-Policy, on localhost", async () => {
    const server = spawn(process.execPath, [CLI, "web", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        server.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        server.on("exit", (code) => reject(new Error(`wrht-sim web exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const call = (method: string, path = "/") =>
        new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
          const req = request(new URL(path, url), { method }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          });
          req.on("error", reject);
          req.end();
        });
      const get = await call("GET");
      expect(get.status).toBe(200);
      expect(get.body).toMatch(/<title>WRHT-Sim explorer<\/title>/);
      expect(get.headers["x-content-type-options"]).toBe("nosniff");
      expect(get.headers["content-security-policy"]).toMatch(/default-src 'self'/);
      expect(get.headers["content-security-policy"]).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
      expect(get.headers["content-security-policy"]).not.toMatch(/'unsafe-eval'/);
      const head = await call("HEAD", "/engine.wasm");
      expect(head.status).toBe(200);
      expect(head.body).toBe("");
      expect(Number(head.headers["content-length"])).toBeGreaterThan(1000);
      for (const method of ["POST", "PUT", "DELETE"]) {
        const r = await call(method);
        expect(r.status).toBe(405);
        expect(r.headers.allow).toBe("GET, HEAD");
      }
      expect((await call("GET", "/../package.json")).status).toBe(404);
    } finally {
      server.kill();
    }
  });
});

test("sanity: the output folders of refused runs stay empty", () => {
  const dir = tmp();
  refused(["run", "-a", "wrth", "--trace", "t.jsonl"], /did you mean wrht/, dir);
  expect(existsSync(join(dir, "t.jsonl"))).toBe(false);
});
