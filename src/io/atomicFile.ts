// Output files appear whole or not at all: written to a temporary sibling, renamed on commit.
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../core/errors.js";

export class AtomicFile {
  private fd: number;
  private readonly tmp: string;
  private buffered: string[] = [];
  private bufferedLength = 0;
  private open = true;

  /** `field` names the setting that chose the path, for the error if it cannot be written. */
  constructor(
    readonly path: string,
    field = "output file",
  ) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      this.fd = openSync(this.tmp, "w");
    } catch {
      throw new InputError(field, path, "a file in an existing directory this user can write");
    }
  }

  write(text: string): void {
    this.buffered.push(text);
    this.bufferedLength += text.length;
    if (this.bufferedLength > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffered.length === 0) return;
    writeSync(this.fd, this.buffered.join(""));
    this.buffered = [];
    this.bufferedLength = 0;
  }

  /** Finishes the file and moves it into place. */
  commit(): void {
    if (!this.open) return;
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
    this.open = false;
  }

  /** Drops the partial file; the destination is left as it was. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      closeSync(this.fd);
    } finally {
      try {
        unlinkSync(this.tmp);
      } catch {
        // already gone
      }
    }
  }
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, text: string, field?: string): void {
  const f = new AtomicFile(path, field);
  try {
    f.write(text);
    f.commit();
  } catch (e) {
    f.abort();
    throw e;
  }
}
