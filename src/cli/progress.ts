// Progress bars on stderr for long work, only when a person is watching (stderr is a terminal).
import cliProgress from "cli-progress";

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

export function progressBar(total: number, what: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled || total < 2) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${what} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted} | {label}`,
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
  return {
    tick(label = "") {
      done++;
      const rate = (done / Math.max(1e-3, (Date.now() - started) / 1000)).toFixed(1);
      bar.update(done, { label, rate });
    },
    stop() {
      bar.stop();
    },
  };
}
