import { load } from "js-yaml";
import { isRecord } from "../json.js";

/** One input as action.yml declares it: the single definition every platform reads. */
export interface InputSpec {
  readonly name: string;
  readonly description: string;
  readonly default: string;
}

export interface OutputSpec {
  readonly name: string;
  readonly description: string;
}

export interface Manifest {
  readonly inputs: ReadonlyMap<string, InputSpec>;
  readonly outputs: ReadonlyMap<string, OutputSpec>;
}

function stringField(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (value === undefined) return "";
  if (typeof value !== "string") throw new Error(`action.yml: ${where}.${key} must be a string`);
  return value;
}

/**
 * The value an unset input takes. A default that is a GitHub expression (`${{ github.token }}`) is
 * the runner's to evaluate: when the value reaches the action empty (set to '', or a runner with
 * no token), it means "none", never the expression's text.
 */
export function literalDefault(spec: InputSpec): string {
  return spec.default.includes("${{") ? "" : spec.default;
}

/** Parses the text of action.yml into the input and output definitions. */
export function parseManifest(text: string): Manifest {
  const doc = load(text);
  if (!isRecord(doc) || !isRecord(doc["inputs"]) || !isRecord(doc["outputs"])) {
    throw new Error("action.yml: expected top-level `inputs` and `outputs` maps");
  }
  const inputs = new Map<string, InputSpec>();
  for (const [name, raw] of Object.entries(doc["inputs"])) {
    if (!isRecord(raw)) throw new Error(`action.yml: inputs.${name} must be a map`);
    inputs.set(name, Object.freeze({
      name,
      description: stringField(raw, "description", `inputs.${name}`),
      default: stringField(raw, "default", `inputs.${name}`),
    }));
  }
  const outputs = new Map<string, OutputSpec>();
  for (const [name, raw] of Object.entries(doc["outputs"])) {
    if (!isRecord(raw)) throw new Error(`action.yml: outputs.${name} must be a map`);
    outputs.set(name, Object.freeze({ name, description: stringField(raw, "description", `outputs.${name}`) }));
  }
  return Object.freeze({ inputs, outputs });
}
