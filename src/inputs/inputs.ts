import { quoted, UserError } from "../errors.js";
import { checkAttestation, checkAttests, checkContext, checkPlatforms, parseOutput } from "./formats.js";
import { parseList, splitKeyValue } from "./lists.js";
import { literalDefault, type Manifest } from "./manifest.js";
import { parseStateChoice, type StateChoice } from "./builder-state.js";
import { parseRemote, type CredentialPems, type RemoteInputs } from "./remote.js";
import { mountId, mountOptions, mountTarget } from "./mounts.js";

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** A daemon that builds one platform natively. */
/** The inputs that travel, and the certificates that must not: present exactly when inputs.remote is. */
export interface ParsedInputs {
  readonly inputs: Inputs;
  readonly credentialPems: CredentialPems | undefined;
}

export type FallbackPolicy = "auto" | "always" | "never";

export type BuildCall = "build" | "check" | "outline" | "targets";

/** A cache mount to carry through the CI's cache: BuildKit finds it again by its id. */
export interface CacheMount {
  readonly id: string;
  readonly target: string;
}

export type CacheMountsSetting = { readonly mode: "auto" } | { readonly mode: "off" } | { readonly mode: "list"; readonly mounts: readonly CacheMount[] };

/** Every input of action.yml, parsed and checked once. Frozen. */
export interface Inputs {
  /** Undefined when there is nothing to connect with: no endpoint, or no certificates (a fork's pull request). */
  readonly remote: RemoteInputs | undefined;
  readonly connectTimeoutMs: number;
  readonly fallback: FallbackPolicy;
  readonly fallbackBuilder: string;
  /** `--driver-opt` values for the fallback's docker-container builder. */
  readonly fallbackDriverOpts: readonly string[];
  /** buildkitd.toml for the fallback's docker-container builder; empty: the runner's default. */
  readonly fallbackBuildkitdConfig: string;
  /** fallback-state: where a docker-container fallback builder keeps its state. */
  readonly fallbackState: StateChoice;
  readonly cacheScope: string;
  readonly cacheMounts: CacheMountsSetting;
  readonly githubToken: string;
  readonly buildxVersion: string;

  readonly context: string;
  readonly file: string;
  readonly tags: readonly string[];
  readonly labels: readonly string[];
  readonly annotations: readonly string[];
  readonly buildArgs: readonly string[];
  readonly buildContexts: readonly string[];
  readonly target: string;
  readonly platforms: readonly string[];
  readonly push: boolean;
  readonly load: boolean;
  readonly outputs: readonly string[];
  /** `id` and secret value; the values are written to files, never put on a command line. */
  readonly secrets: readonly KeyValue[];
  readonly secretFiles: readonly KeyValue[];
  readonly secretEnvs: readonly KeyValue[];
  readonly ssh: readonly string[];
  readonly noCache: boolean;
  readonly noCacheFilters: readonly string[];
  readonly pull: boolean;
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
  readonly attests: readonly string[];
  readonly provenance: string;
  readonly sbom: string;
  readonly addHosts: readonly string[];
  readonly network: string;
  readonly shmSize: string;
  readonly ulimit: readonly string[];
  readonly allow: readonly string[];
  readonly cgroupParent: string;
  /** `--call`: anything but `build` evaluates the build without building it. */
  readonly call: BuildCall;
  readonly summary: boolean;
}

/** Inputs whose values are secret: masked before anything is logged, never echoed. */
export const SECRET_INPUTS: readonly string[] = Object.freeze(["ca-cert", "client-cert", "client-key", "secrets", "github-token"]);

/** Reads one raw input value; the empty string when it is not set. */
export type RawInputReader = (name: string) => string;

const TRUE_WORDS = new Set(["true", "True", "TRUE"]);
const FALSE_WORDS = new Set(["false", "False", "FALSE"]);

/**
 * Parses every input declared in the manifest. Unset inputs take the manifest's default, so every
 * entry point (GitHub, GitLab, a shell) gets the same values. Reading an input the manifest does
 * not declare is a programming error, which keeps hidden inputs out.
 */
export function parseInputs(manifest: Manifest, readRaw: RawInputReader): ParsedInputs {
  const value = (name: string): string => {
    const spec = manifest.inputs.get(name);
    if (!spec) throw new Error(`input ${name} is not declared in action.yml`);
    const raw = readRaw(name).trim();
    return raw === "" ? literalDefault(spec) : raw;
  };
  const bool = (name: string): boolean => {
    const raw = value(name);
    if (TRUE_WORDS.has(raw)) return true;
    if (FALSE_WORDS.has(raw)) return false;
    throw new UserError(name, `expected true or false, got ${quoted(raw)}`, `set ${name} to true or false`);
  };
  const list = (name: string, commas: boolean): readonly string[] => Object.freeze(parseList(value(name), { commas }));
  const pairs = (name: string, what: string, secret: boolean): readonly KeyValue[] =>
    Object.freeze(list(name, false).map((item, index) => {
      const pair = splitKeyValue(item);
      if (!pair || pair.value === "") {
        const shown = secret ? `item ${index + 1}` : quoted(item);
        throw new UserError(name, `${shown} is not id=${what}`, `write each item on its own line as id=${what}`);
      }
      return Object.freeze(pair);
    }));

  const fallback = oneOf(value("fallback"), "fallback", ["auto", "always", "never"] as const);
  const remote = parseRemote({
    endpoint: value("endpoint"),
    platformEndpoints: value("platform-endpoints"),
    routingKey: value("routing-key"),
    caCert: value("ca-cert"),
    clientCert: value("client-cert"),
    clientKey: value("client-key"),
    tlsServerName: value("tls-server-name"),
    issuer: value("issuer"),
    issuerAudience: value("issuer-audience"),
  }, fallback === "never");
  const inputs: Inputs = {
    remote: remote?.daemons,
    connectTimeoutMs: parseTimeout(value("connect-timeout")),
    fallback,
    fallbackBuilder: value("fallback-builder"),
    fallbackDriverOpts: driverOpts(list("fallback-driver-opts", false)),
    fallbackBuildkitdConfig: value("fallback-buildkitd-config-inline"),
    fallbackState: Object.freeze(parseStateChoice(value("fallback-state"))),
    cacheScope: value("cache-scope"),
    cacheMounts: parseCacheMounts(value("cache-mounts")),
    githubToken: value("github-token"),
    buildxVersion: parseBuildxVersion(value("buildx-version")),

    context: value("context"),
    file: value("file"),
    tags: list("tags", true),
    labels: list("labels", false),
    annotations: list("annotations", false),
    buildArgs: list("build-args", false),
    buildContexts: list("build-contexts", false),
    target: value("target"),
    platforms: list("platforms", true),
    push: bool("push"),
    load: bool("load"),
    outputs: list("outputs", false),
    secrets: pairs("secrets", "value", true),
    secretFiles: pairs("secret-files", "path", false),
    secretEnvs: pairs("secret-envs", "VARIABLE", false),
    ssh: list("ssh", false),
    noCache: bool("no-cache"),
    noCacheFilters: list("no-cache-filters", true),
    pull: bool("pull"),
    cacheFrom: list("cache-from", false),
    cacheTo: list("cache-to", false),
    attests: list("attests", false),
    provenance: value("provenance"),
    sbom: value("sbom"),
    addHosts: list("add-hosts", true),
    network: value("network"),
    shmSize: value("shm-size"),
    ulimit: list("ulimit", false),
    allow: list("allow", true),
    cgroupParent: value("cgroup-parent"),
    call: oneOf(value("call") || "build", "call", ["build", "check", "outline", "targets"] as const),
    summary: bool("summary"),
  };
  checkPush(inputs);
  checkFormats(inputs);
  return Object.freeze({ inputs: Object.freeze(inputs), credentialPems: remote?.pems });
}

/**
 * Below a second, no daemon can pass: the pre-check is a TCP and TLS handshake, and booting the
 * builder starts buildx, which alone takes a few hundred milliseconds on a busy runner.
 */
const SHORTEST_TIMEOUT_S = 1;

function parseTimeout(raw: string): number {
  const seconds = Number(raw);
  const fix = "set connect-timeout to, for example, 10";
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0 || seconds > 600) {
    throw new UserError("connect-timeout", `${quoted(raw)} is not a number of seconds between ${SHORTEST_TIMEOUT_S} and 600`, fix);
  }
  if (seconds < SHORTEST_TIMEOUT_S) {
    throw new UserError("connect-timeout", `${quoted(raw)} seconds is too short to reach any daemon; the shortest is ${SHORTEST_TIMEOUT_S} second`, fix);
  }
  return Math.round(seconds * 1000);
}

function parseBuildxVersion(raw: string): string {
  if (raw === "") return "";
  const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/.exec(raw);
  if (!match) {
    throw new UserError("buildx-version", `${quoted(raw)} is not a release version`, "leave it empty or set a release such as v0.38.2");
  }
  return `v${match[1]}`;
}

function oneOf<T extends string>(raw: string, name: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === raw);
  if (found === undefined) throw new UserError(name, `${quoted(raw)} is not one of ${allowed.join(", ")}`, `set ${name} to ${allowed.join(", ")}`);
  return found;
}

/** Each `key=value`, as buildx's --driver-opt takes them. */
function driverOpts(items: readonly string[]): readonly string[] {
  for (const item of items) {
    if (!/^[A-Za-z][A-Za-z0-9_.-]*=/.test(item)) {
      throw new UserError("fallback-driver-opts", `"${item}" is not key=value`, "write one option per line, such as network=host or image=registry.example.com/moby/buildkit:buildx-stable-1");
    }
  }
  return items;
}

function parseCacheMounts(raw: string): CacheMountsSetting {
  if (raw === "auto" || raw === "off") return { mode: raw };
  const mounts = parseList(raw, { commas: false }).map((item): CacheMount => {
    if (!item.includes("=")) return { id: item, target: item };
    const fields = mountOptions(item);
    const target = mountTarget(fields);
    if (!target.startsWith("/")) {
      throw new UserError("cache-mounts", `${quoted(item)} names no absolute target`, "write auto, off, or one mount per line: /root/.cache/go-build or id=gomod,target=/go/pkg/mod");
    }
    return { id: mountId(fields), target };
  });
  return { mode: "list", mounts: Object.freeze(mounts) };
}

function checkPush(inputs: Inputs): void {
  const namedOutput = inputs.outputs.some((o) => /(^|,)\s*name=/.test(o));
  if (inputs.push && inputs.tags.length === 0 && !namedOutput) {
    throw new UserError("tags", "push is true but no image name is given", "set tags to at least one image reference, such as registry.example.com/team/app:latest");
  }
}

/** The inputs buildx would refuse without naming them: checked here, so the error names the input. */
function checkFormats(inputs: Inputs): void {
  checkContext(inputs.context);
  checkPlatforms("platforms", inputs.platforms);
  inputs.outputs.forEach(parseOutput);
  checkAttestation("provenance", inputs.provenance);
  checkAttestation("sbom", inputs.sbom);
  checkAttests(inputs.attests);
}
