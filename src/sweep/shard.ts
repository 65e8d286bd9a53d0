// Which part of a sweep this process runs: --shard i/n, or the index variables of a Slurm job
// array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN) or a Kubernetes
// Indexed Job (JOB_COMPLETION_INDEX, with the count from --shard-count or WRHT_SHARD_COUNT).
import { InputError } from "../core/errors.js";

export interface Shard {
  index: number;
  count: number;
  /** Where the shard came from, for messages. */
  source: string;
}

function int(field: string, v: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) throw new InputError(field, v, `an integer of at least ${min}`);
  return n;
}

export function resolveShard(flag: string | undefined, countFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  let shard: Shard | undefined;
  if (flag !== undefined) {
    const m = flag.match(/^\s*(\d+)\s*\/\s*(\d+)\s*$/);
    if (!m) throw new InputError("--shard", flag, "i/n with 0 <= i < n, e.g. 0/4");
    shard = { index: Number(m[1]), count: Number(m[2]), source: "--shard" };
    if (shard.count < 1 || shard.index >= shard.count) throw new InputError("--shard", flag, "i/n with 0 <= i < n, e.g. 0/4");
  } else if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    if (env.SLURM_ARRAY_TASK_COUNT === undefined) throw new InputError("SLURM_ARRAY_TASK_COUNT", undefined, "the array size, set by Slurm with SLURM_ARRAY_TASK_ID");
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : int("SLURM_ARRAY_TASK_MIN", env.SLURM_ARRAY_TASK_MIN, 0);
    const index = int("SLURM_ARRAY_TASK_ID", env.SLURM_ARRAY_TASK_ID, min) - min;
    const count = int("SLURM_ARRAY_TASK_COUNT", env.SLURM_ARRAY_TASK_COUNT, 1);
    if (index >= count) throw new InputError("SLURM_ARRAY_TASK_ID", env.SLURM_ARRAY_TASK_ID, `an id below SLURM_ARRAY_TASK_MIN + SLURM_ARRAY_TASK_COUNT (${min + count}); use a contiguous --array range`);
    shard = { index, count, source: "Slurm job array" };
  } else if (env.JOB_COMPLETION_INDEX !== undefined) {
    const raw = countFlag ?? env.WRHT_SHARD_COUNT;
    if (raw === undefined) throw new InputError("--shard-count", undefined, "the Indexed Job's completions (or WRHT_SHARD_COUNT) with JOB_COMPLETION_INDEX");
    const count = int(countFlag !== undefined ? "--shard-count" : "WRHT_SHARD_COUNT", raw, 1);
    const index = int("JOB_COMPLETION_INDEX", env.JOB_COMPLETION_INDEX, 0);
    if (index >= count) throw new InputError("JOB_COMPLETION_INDEX", env.JOB_COMPLETION_INDEX, `an index below the shard count ${count}`);
    shard = { index, count, source: "Kubernetes Indexed Job" };
  } else if (countFlag !== undefined) {
    throw new InputError("--shard-count", countFlag, "used with JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); use --shard i/n otherwise");
  }
  return shard;
}

/** results.csv -> results.shard-2-of-4.csv */
export function shardPath(path: string, shard: Shard): string {
  const m = path.match(/^(.*?)(\.[^./]+)?$/) as RegExpMatchArray;
  return `${m[1]}.shard-${shard.index}-of-${shard.count}${m[2] ?? ""}`;
}

export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index;
}
