// Input files people write by hand (sweeps, layer lists): JSON by extension, YAML otherwise, and
// one line naming the field when the file cannot be read or parsed.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { InputError } from "../core/errors.js";

/** The parsed contents of `path`; `field` and `what` ("a readable <what>") word the refusals. */
export function readDataFile(path: string, field: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError(field, path, `a readable ${what}`);
  }
  const json = /\.json$/i.test(path);
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(field, path, `valid ${json ? "JSON" : "YAML"} (${(e as Error).message.split("\n")[0]})`);
  }
}
