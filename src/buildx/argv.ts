import { parseOutput, producesImageId } from "../inputs/formats.js";
import type { Inputs } from "../inputs/inputs.js";
import type { Endpoint } from "../inputs/remote.js";

/** The arguments as the log may show them: the one secret buildx must get on its command line, the GitHub token of the gha cache, hidden. */
export function argvForLog(args: readonly string[]): string {
  return args.map((a) => a.replace(/ghtoken=[^,\s"]+/g, "ghtoken=***")).join(" ");
}

/** buildx reads these options as CSV: quote a field that holds a comma or a quote. */
export function csvField(field: string): string {
  return /[",\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export interface RemoteBuilderSpec {
  readonly name: string;
  /** Add this daemon as a further node of the builder. */
  readonly append: boolean;
  /** The platforms this node builds; empty: whatever its workers offer. */
  readonly platform: string;
  readonly endpoint: Endpoint;
  readonly caCertFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  readonly serverName: string;
}

export function createBuilderArgs(spec: RemoteBuilderSpec): string[] {
  const opts = [`cacert=${spec.caCertFile}`, `cert=${spec.clientCertFile}`, `key=${spec.clientKeyFile}`];
  if (spec.serverName) opts.push(`servername=${spec.serverName}`);
  return [
    "create", "--name", spec.name, ...(spec.append ? ["--append"] : []), "--driver", "remote",
    ...(spec.platform ? ["--platform", spec.platform] : []), "--driver-opt", opts.map(csvField).join(","), spec.endpoint.url,
  ];
}

/** A build secret as buildx takes it: from a file we wrote, a file the user named, or a variable. */
export type SecretSource =
  | { readonly id: string; readonly file: string }
  | { readonly id: string; readonly env: string };

export interface BuildPlan {
  readonly builder: string;
  readonly metadataFile: string;
  readonly imageIdFile: string;
  readonly secrets: readonly SecretSource[];
  /** Caches added to the user's own (the fallback builder's CI cache). */
  readonly extraCacheFrom: readonly string[];
  readonly extraCacheTo: readonly string[];
}

/** `buildx build` arguments for the inputs, in the spirit of docker/build-push-action. */
export function buildArgs(inputs: Inputs, plan: BuildPlan): string[] {
  const building = inputs.call === "build";
  // buildx refuses an image ID file next to an export that makes no image (local, tar).
  const imageId = producesImageId(building ? inputs.outputs.map(parseOutput) : []) ? ["--iidfile", plan.imageIdFile] : [];
  // rawjson: the events the summary is computed from; the log gets a readable rendering of them.
  const args = ["build", "--builder", plan.builder, ...imageId, "--metadata-file", plan.metadataFile, "--progress=rawjson"];
  const each = (flag: string, values: readonly string[]): void => {
    for (const v of values) args.push(flag, v);
  };
  const one = (flag: string, value: string): void => {
    if (value !== "") args.push(flag, value);
  };
  const when = (flag: string, on: boolean): void => {
    if (on) args.push(flag);
  };
  each("--add-host", inputs.addHosts);
  if (inputs.allow.length > 0) args.push("--allow", inputs.allow.join(","));
  each("--annotation", inputs.annotations);
  each("--attest", inputs.attests);
  each("--build-arg", inputs.buildArgs);
  each("--build-context", inputs.buildContexts);
  each("--cache-from", [...inputs.cacheFrom, ...plan.extraCacheFrom]);
  // buildx exports and pushes a subrequest's (empty) result like an image: a check must leave nothing.
  each("--cache-to", building ? [...inputs.cacheTo, ...plan.extraCacheTo] : []);
  // A check's result as JSON, so that each warning can be annotated at its line.
  if (inputs.call !== "build") args.push(`--call=${inputs.call}${inputs.call === "check" ? ",format=json" : ""}`);
  one("--cgroup-parent", inputs.cgroupParent);
  one("--file", inputs.file);
  each("--label", inputs.labels);
  when("--load", building && inputs.load);
  one("--network", inputs.network);
  when("--no-cache", inputs.noCache);
  each("--no-cache-filter", inputs.noCacheFilters);
  each("--output", building ? inputs.outputs : []);
  if (inputs.platforms.length > 0) args.push("--platform", inputs.platforms.join(","));
  if (inputs.provenance !== "") args.push(`--provenance=${inputs.provenance}`);
  when("--pull", inputs.pull);
  when("--push", building && inputs.push);
  if (inputs.sbom !== "") args.push(`--sbom=${inputs.sbom}`);
  for (const s of plan.secrets) {
    const source = "file" in s ? `src=${s.file}` : `env=${s.env}`;
    args.push("--secret", [`id=${s.id}`, source].map(csvField).join(","));
  }
  one("--shm-size", inputs.shmSize);
  each("--ssh", inputs.ssh);
  each("--tag", inputs.tags);
  one("--target", inputs.target);
  each("--ulimit", inputs.ulimit);
  // `--` ends the options: a context that starts with `-` stays a path, never becomes a flag.
  args.push("--", inputs.context);
  return args;
}
