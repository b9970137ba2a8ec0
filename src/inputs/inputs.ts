import { quoted, UserError } from "../errors.js";
import { checkAttestation, checkAttests, checkContext, checkPlatforms, parseOutput } from "./formats.js";
import { parseList, splitKeyValue } from "./lists.js";
import { literalDefault, type Manifest } from "./manifest.js";
import { parseStateChoice, type StateChoice } from "./builder-state.js";
import { mountId, mountOptions, mountTarget } from "./mounts.js";

export interface Endpoint {
  /** As given, normalised: `tcp://host:port`. */
  readonly url: string;
  /** Host name or IP address, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** A daemon that builds one platform natively. */
export interface PlatformEndpoint {
  readonly platform: string;
  readonly endpoint: Endpoint;
}

/** Where the job exchanges its OIDC ID token for a client certificate (keyless). */
export interface IssuerInputs {
  /** https URL of the issuer; the call is POST URL/v1/certificates. */
  readonly url: string;
  readonly audience: string;
}

/** The remote daemons. The certificates to reach them travel apart (CredentialPems), and only until written. */
export interface RemoteInputs {
  /** Candidates for the build, ranked per routing key; may be empty when platformEndpoints is not. */
  readonly endpoints: readonly Endpoint[];
  readonly platformEndpoints: readonly PlatformEndpoint[];
  readonly routingKey: string;
  readonly tlsServerName: string;
  /** Set when the certificate comes from the issuer (issuer given, client-cert and client-key not); ca-cert is then optional. */
  readonly issuer?: IssuerInputs;
}

/** The certificate inputs as given (PEM text or its base64): secret, so decoded once, written to files and dropped. */
export interface CredentialPems {
  readonly caCertPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

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
  }, fallback);
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

function parseEndpoint(raw: string, input: string): Endpoint {
  const fix = `set ${input} to the daemon's address, such as tcp://buildkit.example.com:1234`;
  if (raw === "") throw new UserError(input, "is required", fix);
  const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})\/?$/.exec(raw);
  if (!match) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1];
    const problem = scheme && scheme.toLowerCase() !== "tcp"
      ? `scheme ${scheme}:// is not supported, only tcp:// (BuildKit's TLS listener)`
      : `${quoted(raw)} is not tcp://host:port`;
    throw new UserError(input, problem, fix);
  }
  const [, hostPart = "", portText = ""] = match;
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new UserError(input, `port ${portText} is out of range`, fix);
  const host = hostPart.startsWith("[") ? hostPart.slice(1, -1) : hostPart;
  // DNS allows 253 characters: a longer "host" is something pasted into the wrong input.
  if (host.length > 253) throw new UserError(input, `${quoted(raw)} names a host longer than 253 characters`, fix);
  return Object.freeze({ url: `tcp://${hostPart}:${port}`, host, port });
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

interface RawRemote {
  readonly endpoint: string;
  readonly platformEndpoints: string;
  readonly routingKey: string;
  readonly caCert: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly tlsServerName: string;
  readonly issuer: string;
  readonly issuerAudience: string;
}

/**
 * The remote target, or undefined when the job has no credentials at all, as in a fork's pull
 * request, whose secrets are empty. Half of the credentials is a mistake, never a fork.
 */
function parseRemote(raw: RawRemote, fallback: FallbackPolicy): { daemons: RemoteInputs; pems: CredentialPems } | undefined {
  const certs = { "ca-cert": raw.caCert, "client-cert": raw.clientCert, "client-key": raw.clientKey };
  const issuer = parseIssuer(raw);
  // Keyless: the issuer gives the client certificate; ca-cert, when given, still checks the daemon and the issuer.
  const keyless = issuer !== undefined && raw.clientCert === "" && raw.clientKey === "";
  const missing = keyless ? [] : Object.entries(certs).filter(([, v]) => v === "").map(([k]) => k);
  const howToStore = "store the base64 of each PEM file in a CI secret (base64 -w0 client.pem) and pass it to this input";
  if (missing.length === 3 && fallback !== "never") return undefined;
  if (missing.length > 0) {
    const why = fallback === "never" && missing.length === 3 ? "required when fallback is never" : "required together with the other certificates";
    throw new UserError(missing.join(", "), why, howToStore);
  }
  const platformEndpoints = parseList(raw.platformEndpoints, { commas: true }).map((item): PlatformEndpoint => {
    const pair = splitKeyValue(item);
    if (!pair || !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(pair.key)) {
      throw new UserError("platform-endpoints", `${quoted(item)} is not platform=tcp://host:port`, "write one per line, such as linux/arm64=tcp://arm-builder:1234");
    }
    return Object.freeze({ platform: pair.key, endpoint: parseEndpoint(pair.value.trim(), "platform-endpoints") });
  });
  if (raw.endpoint === "" && platformEndpoints.length === 0) {
    throw new UserError("endpoint", `is required when ${keyless ? "issuer is" : "certificates are"} given`, "set endpoint to the daemon's address, such as tcp://buildkit.example.com:1234");
  }
  const endpoints = parseList(raw.endpoint, { commas: true }).map((e) => parseEndpoint(e, "endpoint"))
    .filter((e, i, all) => all.findIndex((o) => o.url === e.url) === i);
  return {
    daemons: Object.freeze({ endpoints: Object.freeze(endpoints), platformEndpoints: Object.freeze(platformEndpoints), routingKey: raw.routingKey, tlsServerName: raw.tlsServerName,
      ...(keyless && issuer ? { issuer } : {}) }),
    pems: Object.freeze({ caCertPem: raw.caCert, clientCertPem: raw.clientCert, clientKeyPem: raw.clientKey }),
  };
}

function parseIssuer(raw: RawRemote): IssuerInputs | undefined {
  if (raw.issuer === "") return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw.issuer);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new UserError("issuer", `"${raw.issuer}" is not an https URL`, "set issuer to the issuer's address, such as https://buildkit-issuer.example.com (the job's ID token is sent there, so only over HTTPS)");
  }
  if (!/^[\x21-\x7e]+$/.test(raw.issuerAudience)) {
    throw new UserError("issuer-audience", `"${raw.issuerAudience}" is not a usable audience`, "leave it at remote-buildkit, or set the audience the issuer's policy names");
  }
  return Object.freeze({ url: url.href.replace(/\/+$/, ""), audience: raw.issuerAudience });
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
