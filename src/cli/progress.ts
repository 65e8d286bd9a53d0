// Progress bars on stderr for long work, only when a person is watching (stderr is a terminal)
// or asked for (--progress). The command line owns them; the library reports progress through
// callbacks.
import cliProgress from "cli-progress";

export interface Progress {
  /** One more unit done. */
  tick(label?: string): void;
  /** `done` units done in all. */
  update(done: number, label?: string): void;
  stop(): void;
}

export function progressBar(total: number, what: string, enabled = process.stderr.isTTY === true, unit = ""): Progress {
  if (!enabled || total < 2) return { tick() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${what} [{bar}] {value}/{total}${unit ? " " + unit : ""} {percentage}% | {rate}/s | ETA {eta_formatted} | {label}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      // forced on (--progress) for a log file: redraw once a second instead of in place
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 1000,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { label: "", rate: "0" });
  let done = 0;
  let stopped = false;
  const update = (n: number, label = "") => {
    done = n;
    const perSecond = done / Math.max(1e-3, (Date.now() - started) / 1000);
    bar.update(done, { label, rate: perSecond >= 1e5 ? perSecond.toExponential(2) : perSecond.toFixed(1) });
  };
  return {
    tick(label = "") {
      update(done + 1, label);
    },
    update,
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
