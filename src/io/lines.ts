// Reading big line-oriented files (JSONL traces, results) in bounded memory: a chunk at a time.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

const CHUNK = 1 << 20;

/** Calls `visit` with every line of the file, in order, holding at most one chunk and one line. */
export function forEachLine(path: string, visit: (line: string, byteOffset: number) => void): void {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(CHUNK);
    // a chunk may end inside a multi-byte character: the decoder holds it for the next one
    const decoder = new StringDecoder("utf8");
    let carry = "";
    let offset = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      const text = carry + decoder.write(buf.subarray(0, n));
      const lines = text.split("\n");
      carry = lines.pop() as string;
      for (const line of lines) {
        visit(line, offset);
        offset += Buffer.byteLength(line) + 1;
      }
    }
    if (carry !== "") visit(carry, offset);
  } finally {
    closeSync(fd);
  }
}

/** The first and last non-empty lines of a file, without reading the rest. */
export function firstAndLastLines(path: string): { first: string; last: string; bytes: number } {
  const fd = openSync(path, "r");
  try {
    const bytes = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(bytes, CHUNK));
    readSync(fd, head, 0, head.length, 0);
    const first = head.toString("utf8").split("\n", 1)[0];
    const tailSize = Math.min(bytes, CHUNK);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, bytes - tailSize);
    const lines = tail.toString("utf8").split("\n").filter((l) => l.trim() !== "");
    return { first, last: lines[lines.length - 1] ?? "", bytes };
  } finally {
    closeSync(fd);
  }
}
