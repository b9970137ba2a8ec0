import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  STATE,
  TimelineBuilder,
  analyze,
  analyzeProgress,
  argvForLog,
  bootBuilder,
  buildArgs,
  builderContainer,
  cacheMountsOf,
  callBuildx,
  checkAttestation,
  checkAttests,
  checkContext,
  checkPlatforms,
  chooseBuildkitdConfig,
  chooseBuildx,
  cleanUp,
  containerBuilderArgs,
  createContainerBuilder,
  createRemoteBuilder,
  createWorkspace,
  decideCarry,
  decideResave,
  describeBuildx,
  describeFigures,
  discardFetched,
  fetchCacheMounts,
  figuresComplete,
  formatSize,
  holdsNone,
  hostBuildx,
  isRecord,
  lastLines,
  measureCacheMounts,
  memoryVolumeArgs,
  mountId,
  mountOptions,
  mountTarget,
  parseMetadata,
  parseOutput,
  parseSize,
  parseStatusLine,
  phaseOf,
  planCacheMounts,
  processHost,
  ranWithCacheMounts,
  removeBuilder,
  restoreCacheMounts,
  runCommand,
  runnersBuildxConfig,
  saveCacheMounts,
  savedWithOtherLockfiles,
  selectPlatform,
  shareBySize,
  splitStage,
  stageImages,
  startInJobBuilder,
  stateVolume,
  stopwatch,
  systemClock,
  unpackImages,
  writePrivateFile
} from "./chunk-4FK3BAMW.js";
import {
  checkCertificates
} from "./chunk-UQ4UNJ5Y.js";
import {
  load
} from "./chunk-JQ5AHRQI.js";
import {
  decodeCredentials,
  pemText,
  secretLines
} from "./chunk-PUCBTEST.js";
import {
  UserError,
  errorMessage,
  quoted
} from "./chunk-B65RHDLF.js";

// src/main.ts
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// src/inputs/manifest.ts
function stringField(record, key2, where) {
  const value = record[key2];
  if (value === void 0) return "";
  if (typeof value !== "string") throw new Error(`action.yml: ${where}.${key2} must be a string`);
  return value;
}
function literalDefault(spec) {
  return spec.default.includes("${{") ? "" : spec.default;
}
function parseManifest(text2) {
  const doc = load(text2);
  if (!isRecord(doc) || !isRecord(doc["inputs"]) || !isRecord(doc["outputs"])) {
    throw new Error("action.yml: expected top-level `inputs` and `outputs` maps");
  }
  const inputs = /* @__PURE__ */ new Map();
  for (const [name, raw] of Object.entries(doc["inputs"])) {
    if (!isRecord(raw)) throw new Error(`action.yml: inputs.${name} must be a map`);
    inputs.set(name, Object.freeze({
      name,
      description: stringField(raw, "description", `inputs.${name}`),
      default: stringField(raw, "default", `inputs.${name}`)
    }));
  }
  const outputs = /* @__PURE__ */ new Map();
  for (const [name, raw] of Object.entries(doc["outputs"])) {
    if (!isRecord(raw)) throw new Error(`action.yml: outputs.${name} must be a map`);
    outputs.set(name, Object.freeze({ name, description: stringField(raw, "description", `outputs.${name}`) }));
  }
  return Object.freeze({ inputs, outputs });
}

// src/inputs/lists.ts
function parseList(raw, options) {
  const items = [];
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const cells = options.commas ? splitOnCommas(trimmed) : [trimmed];
    for (const cell of cells) {
      const item = unquote(cell.trim());
      if (item !== "") items.push(item);
    }
  }
  return items;
}
function splitOnCommas(line) {
  const cells = [];
  let current = "";
  let quoted2 = false;
  for (const char of line) {
    if (char === '"') quoted2 = !quoted2;
    if (char === "," && !quoted2) {
      cells.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current);
  return cells;
}
function unquote(item) {
  return item.length >= 2 && item.startsWith('"') && item.endsWith('"') ? item.slice(1, -1) : item;
}
function splitKeyValue(item) {
  const at = item.indexOf("=");
  if (at <= 0) return void 0;
  return { key: item.slice(0, at).trim(), value: item.slice(at + 1) };
}

// src/inputs/builder-state.ts
var UNITS = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
function parseStateChoice(raw) {
  if (raw === "auto" || raw === "disk") return { kind: raw };
  if (raw === "memory") return { kind: "memory", sizeBytes: void 0 };
  const size = /^memory:(\d+(?:\.\d+)?)([kmgKMG]?)[bB]?$/.exec(raw);
  const bytes = size ? Math.floor(Number(size[1]) * (UNITS[(size[2] ?? "").toLowerCase()] ?? 1)) : 0;
  if (size && bytes >= 64 * 1024 ** 2) return { kind: "memory", sizeBytes: bytes };
  throw new UserError(
    "fallback-state",
    size ? `${quoted(raw)} is under 64m` : `${quoted(raw)} is not auto, disk, memory or memory:SIZE`,
    "set fallback-state to auto, disk, memory, or memory with a cap such as memory:6g"
  );
}

// src/inputs/remote.ts
function parseEndpoint(raw, input) {
  const fix = `set ${input} to the daemon's address, such as tcp://buildkit.example.com:1234`;
  if (raw === "") throw new UserError(input, "is required", fix);
  const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})\/?$/.exec(raw);
  if (!match) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1];
    const problem = scheme && scheme.toLowerCase() !== "tcp" ? `scheme ${scheme}:// is not supported, only tcp:// (BuildKit's TLS listener)` : `${quoted(raw)} is not tcp://host:port`;
    throw new UserError(input, problem, fix);
  }
  const [, hostPart = "", portText = ""] = match;
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new UserError(input, `port ${portText} is out of range`, fix);
  const host = hostPart.startsWith("[") ? hostPart.slice(1, -1) : hostPart;
  if (host.length > 253) throw new UserError(input, `${quoted(raw)} names a host longer than 253 characters`, fix);
  return Object.freeze({ url: `tcp://${hostPart}:${port}`, host, port });
}
function parseRemote(raw, neverFallBack) {
  const certs = { "ca-cert": raw.caCert, "client-cert": raw.clientCert, "client-key": raw.clientKey };
  const issuer = parseIssuer(raw);
  const keyless = issuer !== void 0 && raw.clientCert === "" && raw.clientKey === "";
  const missing = keyless ? [] : Object.entries(certs).filter(([, v]) => v === "").map(([k]) => k);
  const howToStore = "store the base64 of each PEM file in a CI secret (base64 -w0 client.pem) and pass it to this input";
  if (missing.length === 3 && !neverFallBack) return void 0;
  if (missing.length > 0) {
    const why = neverFallBack && missing.length === 3 ? "required when fallback is never" : "required together with the other certificates";
    throw new UserError(missing.join(", "), why, howToStore);
  }
  const platformEndpoints = parseList(raw.platformEndpoints, { commas: true }).map((item) => {
    const pair = splitKeyValue(item);
    if (!pair || !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(pair.key)) {
      throw new UserError("platform-endpoints", `${quoted(item)} is not platform=tcp://host:port`, "write one per line, such as linux/arm64=tcp://arm-builder:1234");
    }
    return Object.freeze({ platform: pair.key, endpoint: parseEndpoint(pair.value.trim(), "platform-endpoints") });
  });
  if (raw.endpoint === "" && platformEndpoints.length === 0) {
    throw new UserError("endpoint", `is required when ${keyless ? "issuer is" : "certificates are"} given`, "set endpoint to the daemon's address, such as tcp://buildkit.example.com:1234");
  }
  const endpoints = parseList(raw.endpoint, { commas: true }).map((e) => parseEndpoint(e, "endpoint")).filter((e, i, all) => all.findIndex((o) => o.url === e.url) === i);
  return {
    daemons: Object.freeze({
      endpoints: Object.freeze(endpoints),
      platformEndpoints: Object.freeze(platformEndpoints),
      routingKey: raw.routingKey,
      tlsServerName: raw.tlsServerName,
      ...keyless && issuer ? { issuer } : {}
    }),
    pems: Object.freeze({ caCertPem: raw.caCert, clientCertPem: raw.clientCert, clientKeyPem: raw.clientKey })
  };
}
function parseIssuer(raw) {
  if (raw.issuer === "") return void 0;
  let url;
  try {
    url = new URL(raw.issuer);
  } catch {
    url = void 0;
  }
  if (!url || url.protocol !== "https:" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new UserError("issuer", `"${raw.issuer}" is not an https URL`, "set issuer to the issuer's address, such as https://buildkit-issuer.example.com (the job's ID token is sent there, so only over HTTPS)");
  }
  if (!/^[\x21-\x7e]+$/.test(raw.issuerAudience)) {
    throw new UserError("issuer-audience", `"${raw.issuerAudience}" is not a usable audience`, "leave it at remote-buildkit, or set the audience the issuer's policy names");
  }
  return Object.freeze({ url: url.href.replace(/\/+$/, ""), audience: raw.issuerAudience });
}

// src/inputs/inputs.ts
var SECRET_INPUTS = Object.freeze(["ca-cert", "client-cert", "client-key", "secrets", "github-token"]);
var TRUE_WORDS = /* @__PURE__ */ new Set(["true", "True", "TRUE"]);
var FALSE_WORDS = /* @__PURE__ */ new Set(["false", "False", "FALSE"]);
function parseInputs(manifest, readRaw) {
  const value = (name) => {
    const spec = manifest.inputs.get(name);
    if (!spec) throw new Error(`input ${name} is not declared in action.yml`);
    const raw = readRaw(name).trim();
    return raw === "" ? literalDefault(spec) : raw;
  };
  const bool = (name) => {
    const raw = value(name);
    if (TRUE_WORDS.has(raw)) return true;
    if (FALSE_WORDS.has(raw)) return false;
    throw new UserError(name, `expected true or false, got ${quoted(raw)}`, `set ${name} to true or false`);
  };
  const list = (name, commas) => Object.freeze(parseList(value(name), { commas }));
  const pairs = (name, what, secret) => Object.freeze(list(name, false).map((item, index) => {
    const pair = splitKeyValue(item);
    if (!pair || pair.value === "") {
      const shown2 = secret ? `item ${index + 1}` : quoted(item);
      throw new UserError(name, `${shown2} is not id=${what}`, `write each item on its own line as id=${what}`);
    }
    return Object.freeze(pair);
  }));
  const fallback = oneOf(value("fallback"), "fallback", ["auto", "always", "never"]);
  const remote = parseRemote({
    endpoint: value("endpoint"),
    platformEndpoints: value("platform-endpoints"),
    routingKey: value("routing-key"),
    caCert: value("ca-cert"),
    clientCert: value("client-cert"),
    clientKey: value("client-key"),
    tlsServerName: value("tls-server-name"),
    issuer: value("issuer"),
    issuerAudience: value("issuer-audience")
  }, fallback === "never");
  const inputs = {
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
    call: oneOf(value("call") || "build", "call", ["build", "check", "outline", "targets"]),
    summary: bool("summary")
  };
  checkPush(inputs);
  checkFormats(inputs);
  return Object.freeze({ inputs: Object.freeze(inputs), credentialPems: remote?.pems });
}
var SHORTEST_TIMEOUT_S = 1;
function parseTimeout(raw) {
  const seconds2 = Number(raw);
  const fix = "set connect-timeout to, for example, 10";
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds2 <= 0 || seconds2 > 600) {
    throw new UserError("connect-timeout", `${quoted(raw)} is not a number of seconds between ${SHORTEST_TIMEOUT_S} and 600`, fix);
  }
  if (seconds2 < SHORTEST_TIMEOUT_S) {
    throw new UserError("connect-timeout", `${quoted(raw)} seconds is too short to reach any daemon; the shortest is ${SHORTEST_TIMEOUT_S} second`, fix);
  }
  return Math.round(seconds2 * 1e3);
}
function parseBuildxVersion(raw) {
  if (raw === "") return "";
  const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/.exec(raw);
  if (!match) {
    throw new UserError("buildx-version", `${quoted(raw)} is not a release version`, "leave it empty or set a release such as v0.38.2");
  }
  return `v${match[1]}`;
}
function oneOf(raw, name, allowed) {
  const found = allowed.find((a) => a === raw);
  if (found === void 0) throw new UserError(name, `${quoted(raw)} is not one of ${allowed.join(", ")}`, `set ${name} to ${allowed.join(", ")}`);
  return found;
}
function driverOpts(items) {
  for (const item of items) {
    if (!/^[A-Za-z][A-Za-z0-9_.-]*=/.test(item)) {
      throw new UserError("fallback-driver-opts", `"${item}" is not key=value`, "write one option per line, such as network=host or image=registry.example.com/moby/buildkit:buildx-stable-1");
    }
  }
  return items;
}
function parseCacheMounts(raw) {
  if (raw === "auto" || raw === "off") return { mode: raw };
  const mounts = parseList(raw, { commas: false }).map((item) => {
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
function checkPush(inputs) {
  const namedOutput = inputs.outputs.some((o) => /(^|,)\s*name=/.test(o));
  if (inputs.push && inputs.tags.length === 0 && !namedOutput) {
    throw new UserError("tags", "push is true but no image name is given", "set tags to at least one image reference, such as registry.example.com/team/app:latest");
  }
}
function checkFormats(inputs) {
  checkContext(inputs.context);
  checkPlatforms("platforms", inputs.platforms);
  inputs.outputs.forEach(parseOutput);
  checkAttestation("provenance", inputs.provenance);
  checkAttestation("sbom", inputs.sbom);
  checkAttests(inputs.attests);
}

// src/policy/fallback.ts
function decideFallback(policy, failure) {
  if (policy === "never") return "fail";
  if (!failure.misconfigured) return "fall-back";
  return policy === "always" ? "fall-back-and-warn" : "fail";
}
function failureFromDiagnosis(diagnosis) {
  const message = `${diagnosis.message}. Fix: ${diagnosis.fix}`;
  if (diagnosis.kind === "misconfigured") return { reason: "tls-error", message, misconfigured: true };
  return { reason: diagnosis.reason === "timeout" ? "timeout" : "unreachable", message, misconfigured: false };
}
function lostConnection(stderr) {
  return /code = Unavailable|error reading from server|transport is closing|connection reset by peer|connection refused|broken pipe|http2: client connection lost|no active session/i.test(lastLines(stderr, 30).join("\n"));
}
function failWith(failure, policy) {
  return failure.cause ?? new Error(policy === "never" ? `${failure.message} (fallback is never)` : failure.message);
}

// src/registry/docker-config.ts
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";

// src/registry/auth.ts
function credHelpersKey(registry) {
  const host = registry.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? registry;
  return host === "docker.io" || host === "index.docker.io" ? "https://index.docker.io/v1/" : host;
}
function dockerConfigWithLogins(existing, logins) {
  let base = {};
  try {
    const parsed = existing === "" ? {} : JSON.parse(existing);
    if (isRecord(parsed)) base = parsed;
  } catch {
  }
  const auths = isRecord(base["auths"]) ? { ...base["auths"] } : {};
  for (const login of logins) {
    auths[login.registry] = { auth: Buffer.from(`${login.username}:${login.password}`).toString("base64") };
  }
  const helpers = isRecord(base["credHelpers"]) ? { ...base["credHelpers"] } : void 0;
  const credHelpers = helpers ?? (typeof base["credsStore"] === "string" && base["credsStore"] !== "" ? {} : void 0);
  if (credHelpers) for (const login of logins) credHelpers[credHelpersKey(login.registry)] = "";
  return JSON.stringify({ ...base, auths, ...credHelpers ? { credHelpers } : {} }, null, 2);
}

// src/registry/docker-config.ts
async function writeDockerConfig(dir, logins, host) {
  const original = host.env["DOCKER_CONFIG"] || join(host.home, ".docker");
  await mkdir(dir, { recursive: true, mode: 448 });
  const existing = await readFile(join(original, "config.json"), "utf8").catch(() => "");
  await writePrivateFile(join(dir, "config.json"), dockerConfigWithLogins(existing, logins));
  for (const shared of ["cli-plugins", "contexts"]) {
    if (existsSync(join(original, shared))) await symlink(join(original, shared), join(dir, shared));
  }
}

// src/registry/registry-failure.ts
function registryFailure(stderr) {
  const line = stderr.split("\n").slice(-30).reverse().find((l) => l.startsWith("ERROR: "));
  if (!line || !/\/v2\/|failed to push /.test(line)) return void 0;
  const registry = /https?:\/\/([^/"\s]+)\/v2\//.exec(line)?.[1] ?? /failed to push ([^/\s]+)\//.exec(line)?.[1];
  if (!registry) return void 0;
  const cause = /: ((?:dial tcp|read tcp|write tcp|lookup|tls:|x509:|EOF|unexpected status|net\/http)[^\n]*)$/.exec(line)?.[1] ?? line.trim();
  return { registry, cause: cause.length > 300 ? `${cause.slice(0, 300)}\u2026` : cause };
}

// src/summary/format.ts
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}

// src/summary/health.ts
function healthSection(health) {
  if (!health || health.facts.length === 0 && health.warnings.length === 0) return [];
  const cell = (text2) => text2.replace(/\|/g, "\\|");
  return [
    "",
    "#### The builder",
    "",
    "| | |",
    "| --- | --- |",
    ...health.facts.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    ...health.warnings.flatMap((w) => ["", "> [!WARNING]", `> ${w}`])
  ];
}
function healthLines(health) {
  if (!health) return [];
  return [...health.facts.map(([k, v]) => `  builder: ${k.toLowerCase()}: ${v}`), ...health.warnings.map((w) => `  warning: ${w}`)];
}
function comparisonText(comparison) {
  const headline2 = comparison.headline.charAt(0).toUpperCase() + comparison.headline.slice(1);
  return [headline2, ...comparison.reran.map((r) => `ran again: ${r.step}: ${r.cause}`)];
}

// src/summary/render.ts
var SUMMARY_LIMIT_BYTES = 1e6;
var SLOWEST = 10;
var CHART_STEPS = 150;
function code(text2) {
  return `\`${text2.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\s+/g, " ")}\``;
}
function shorten(text2, max) {
  const flat = text2.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function headline(report) {
  const a = report.analysis;
  const rows = [];
  if (report.tags.length > 0) rows.push(["Image", `${report.tags.map(code).join(", ")}${report.pushed && report.outcome === "succeeded" ? " (pushed)" : ""}`]);
  if (report.digest) rows.push(["Digest", code(report.digest)]);
  rows.push(["Builder", builderText(report, code)]);
  if (report.routing.length > 0) rows.push(["Routing", report.routing.map((r) => r.replace(/\|/g, "\\|")).join("<br>")]);
  rows.push(["Time", seconds(report.totalMs)]);
  if (report.comparison) rows.push(["Since the last build", comparisonText(report.comparison).map((l) => l.replace(/\|/g, "\\|")).join("<br>")]);
  if (a) rows.push(["Cache", `${a.cachedSteps} of ${a.buildSteps} steps cached (${percent(a.cachedSteps, a.buildSteps)})`]);
  if (report.record) rows.push(["Build record", `${report.record.replace(/\|/g, "\\|")} (open it in Docker Desktop)`]);
  return [`### remote-buildkit: build ${report.outcome}`, "", "| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}
function builderText(report, quote) {
  const version = report.buildkitVersion ? ` (BuildKit ${report.buildkitVersion})` : "";
  const state = report.builderState ? `; state ${report.builderState}` : "";
  if (report.mode === "fallback") return `fallback ${quote(report.builderAddress)}${version}, because: ${report.fallbackReason}${state}`;
  return `remote ${quote(report.builderAddress)}${version}${report.builder ? `, ${quote(report.builder)}` : ""}`;
}
function percent(part, whole) {
  return whole === 0 ? "0%" : `${Math.round(100 * part / whole)}%`;
}
function phases(report, a) {
  const rows = [
    ["Connect and boot the builder", report.connectMs],
    ...optionalRow("Build without the cache mounts, stopped when a step needed them", report.stoppedBuildMs),
    ...optionalRow("Restore the cache mounts (CI cache \u2192 builder)", report.restoreMountsMs),
    ...optionalRow("Unpack the stages' images, begun beside the restore", report.unpackWaitMs),
    ["Send the build context", a.phaseMs.context],
    ["Build steps (solve)", a.phaseMs.solve],
    ["Export and push", a.phaseMs.export],
    ...optionalRow("Save the cache mounts (builder \u2192 CI cache), begun beside the export", report.saveMountsMs),
    ...optionalRow("Remove the builder", report.removeMs)
  ];
  return [
    "#### Where the time went",
    "",
    "| phase | time |",
    "| --- | ---: |",
    ...rows.map(([k, ms]) => `| ${k} | ${seconds(ms)} |`),
    `| **Whole step** | **${seconds(report.totalMs)}** |`
  ];
}
function optionalRow(label, ms) {
  return ms > 0 ? [[label, ms]] : [];
}
function stepRow(s) {
  const { label } = splitStage(s.name);
  return `| ${code(shorten(label, 100))} | ${s.stage || "\u2013"} | ${seconds(s.durationMs)} | ${s.cached ? "cached" : s.error ? "failed" : "ran"}${s.critical ? " \u2605" : ""} |`;
}
function slowest(a) {
  const ran = a.steps.filter((s) => !s.cached).sort((x, y) => y.durationMs - x.durationMs).slice(0, SLOWEST);
  if (ran.length === 0) return ["#### Slowest steps", "", "Every step came from the cache."];
  return [
    "#### Slowest steps",
    "",
    "| step | stage | time | |",
    "| --- | --- | ---: | --- |",
    ...ran.map(stepRow),
    "",
    "\u2605 on the critical path: the chain of steps that decided when the build finished."
  ];
}
function taskLabel(s) {
  return shorten(splitStage(s.name).label || s.name, 60).replace(/[:;#]/g, " ");
}
function ganttChart(a) {
  let steps = a.steps;
  const note = [];
  if (steps.length > CHART_STEPS) {
    const keep = new Set([...steps].sort((x, y) => y.durationMs - x.durationMs).slice(0, CHART_STEPS));
    steps = steps.filter((s) => keep.has(s));
    note.push("", `The chart shows the ${CHART_STEPS} longest of ${a.steps.length} steps.`);
  }
  const sections = /* @__PURE__ */ new Map();
  for (const s of [...steps].sort((x, y) => x.startMs - y.startMs)) {
    const section = s.stage || (s.phase === "export" ? "export" : "build");
    sections.set(section, [...sections.get(section) ?? [], s]);
  }
  const lines = ["```mermaid", "gantt", "  dateFormat x", "  axisFormat %M:%S"];
  let id = 0;
  for (const [section, list] of sections) {
    lines.push(`  section ${section.replace(/[:;#]/g, " ")}`);
    for (const s of list) {
      const tags = [s.critical ? "crit" : "", s.cached ? "done" : ""].filter(Boolean);
      const end = s.startMs + Math.max(1, s.durationMs);
      lines.push(`  ${taskLabel(s)} :${[...tags, `s${++id}`].join(", ")}, ${Math.round(s.startMs)}, ${Math.round(end)}`);
    }
  }
  lines.push("```");
  return [...lines, ...note];
}
function allSteps(a, budget) {
  const head = [`<details><summary>All ${a.steps.length} steps</summary>`, "", "| step | stage | time | |", "| --- | --- | ---: | --- |"];
  const rows = [];
  let size = head.join("\n").length;
  for (const s of a.steps) {
    const row = stepRow(s);
    if (size + row.length + 200 > budget) {
      rows.push("", `${a.steps.length - rows.length} more steps left out: the summary must stay under GitHub's 1 MiB limit.`);
      break;
    }
    rows.push(row);
    size += row.length + 1;
  }
  return [...head, ...rows, "", "</details>"];
}
function renderSummary(report) {
  const parts = [...headline(report)];
  if (report.error) parts.push("", ...report.error.split("\n").map((l) => `> ${l}`));
  if (report.advice.length > 0) parts.push("", "#### Advice", "", ...report.advice.map((a2) => `- ${a2}`));
  parts.push(...healthSection(report.health));
  const a = report.analysis;
  if (a && a.steps.length > 0) {
    parts.push("", ...phases(report, a), "", ...slowest(a), "", "#### Steps over time", "", ...ganttChart(a));
    const used = Buffer.byteLength(parts.join("\n"));
    parts.push("", ...allSteps(a, SUMMARY_LIMIT_BYTES - used));
  }
  return `${parts.join("\n")}
`;
}
function renderSummaryText(report) {
  const a = report.analysis;
  const lines = [`remote-buildkit: build ${report.outcome} in ${seconds(report.totalMs)} on ${builderText(report, (t) => t)}`];
  if (report.digest) lines.push(`  image: ${report.tags.join(", ") || "(untagged)"} ${report.digest}`);
  if (a) {
    lines.push(`  cache: ${a.cachedSteps} of ${a.buildSteps} steps cached`);
    const part = (label, ms) => ms > 0 ? `, ${label} ${seconds(ms)}` : "";
    lines.push(`  time: connect ${seconds(report.connectMs)}${part("stopped build", report.stoppedBuildMs)}${part("restore cache mounts", report.restoreMountsMs)}${part("unpack images", report.unpackWaitMs)}, context ${seconds(a.phaseMs.context)}, steps ${seconds(a.phaseMs.solve)}, export ${seconds(a.phaseMs.export)}${part("save cache mounts", report.saveMountsMs)}${part("remove builder", report.removeMs)}`);
    const ran = a.steps.filter((s) => !s.cached).sort((x, y) => y.durationMs - x.durationMs).slice(0, 5);
    for (const s of ran) lines.push(`  ${seconds(s.durationMs).padStart(8)}  ${shorten(s.name, 100)}${s.critical ? " (critical path)" : ""}`);
  }
  if (report.record) lines.push(`  build record: ${report.record}`);
  for (const line of report.routing) lines.push(`  routing: ${line}`);
  for (const advice of report.advice) lines.push(`  advice: ${advice}`);
  if (report.comparison) lines.push(...comparisonText(report.comparison).map((l) => `  last build: ${l}`));
  lines.push(...healthLines(report.health));
  if (report.error) lines.push(`  error: ${report.error}`);
  return lines.join("\n");
}

// src/run/build.ts
import { readFile as readFile2, rm } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/buildx/warnings.ts
import { posix } from "node:path";
function records(value) {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
function text(value) {
  return typeof value === "string" ? value : "";
}
function firstLine(ranges) {
  const start = records(ranges)[0]?.["start"];
  const line = isRecord(start) ? start["line"] : void 0;
  return typeof line === "number" && line > 0 ? line : 0;
}
function warningsFromMetadata(metadata) {
  return isRecord(metadata) ? fromVertexWarnings(metadata["buildx.build.warnings"]) : [];
}
function warningsFromStatusLine(line) {
  if (!line.includes('"warnings"')) return [];
  try {
    const status = JSON.parse(line);
    return isRecord(status) ? fromVertexWarnings(status["warnings"]) : [];
  } catch {
    return [];
  }
}
function fromVertexWarnings(list) {
  return records(list).map((w) => {
    const short = Buffer.from(text(w["short"]), "base64").toString("utf8").trim();
    const source = w["sourceInfo"];
    const line = firstLine(w["range"]);
    const ruled = /^([A-Z][A-Za-z0-9]+): ([\s\S]*?)(?: \(line \d+\))?$/.exec(short);
    return {
      rule: ruled?.[1] ?? "",
      message: ruled?.[2] ?? short,
      file: isRecord(source) ? text(source["filename"]) : "",
      line,
      url: text(w["url"])
    };
  });
}
function parseCheckResult(stdout) {
  const start = stdout.indexOf("{");
  if (start < 0) return void 0;
  let parsed;
  try {
    parsed = JSON.parse(stdout.slice(start));
  } catch {
    return void 0;
  }
  if (!isRecord(parsed)) return void 0;
  const sources = records(parsed["sources"]);
  const warnings = records(parsed["warnings"]).map((w) => {
    const location = isRecord(w["location"]) ? w["location"] : {};
    const index = typeof location["sourceIndex"] === "number" ? location["sourceIndex"] : 0;
    return {
      rule: text(w["ruleName"]),
      message: text(w["detail"]) || text(w["description"]),
      file: text(sources[index]?.["filename"]),
      line: firstLine(location["ranges"]),
      url: text(w["url"])
    };
  });
  const error = isRecord(parsed["buildError"]) ? text(parsed["buildError"]["message"]) : "";
  return { warnings, error };
}
function checkVerdict(count) {
  if (count === 0) return "Check complete, no warnings found.";
  return `Check complete, ${count === 1 ? "1 warning has" : `${count} warnings have`} been found!`;
}
function describeWarning(w, file) {
  const where = file ? `${file}${w.line > 0 ? `:${w.line}` : ""}: ` : "";
  return `${where}${w.rule ? `${w.rule}: ` : ""}${w.message}${w.url ? ` (${w.url})` : ""}`;
}
function warningPath(warningFile, context, file, cwd) {
  const remoteContext = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context);
  const dockerfile = file !== "" ? file : remoteContext ? "" : posix.join(context, "Dockerfile");
  if (dockerfile === "" || warningFile === "") return warningFile;
  let path = posix.normalize(dockerfile).replace(/^\.\//, "");
  const inside = posix.isAbsolute(path) && cwd !== "" ? posix.relative(cwd, path) : "";
  if (inside !== "" && !inside.startsWith("..")) path = inside;
  return posix.basename(path) === posix.basename(warningFile) ? path : warningFile;
}

// src/buildx/record.ts
function parseRecordRef(ref) {
  const match = /^([^/\s]+)\/([^/\s]+)\/([a-z0-9]+)$/.exec(ref.trim());
  return match ? { builder: match[1] ?? "", node: match[2] ?? "", id: match[3] ?? "" } : void 0;
}
function exportRecordArgs(ref, file) {
  return ["history", "export", "--builder", ref.builder, "--finalize", "--output", file, ref.id];
}
function recordFileName(repository, ref) {
  const prefix = repository.replace(/[^A-Za-z0-9._-]+/g, "~").replace(/^~+|~+$/g, "") || "build";
  return `${prefix}~${ref.id.slice(0, 6).toUpperCase()}.dockerbuild`;
}
function keepRecords(value) {
  return !/^(false|0|no|off)$/i.test((value ?? "").trim());
}

// src/progress/no-space.ts
var NO_SPACE = /no space left on device/i;
var TAIL = 40;
var NoSpaceWatch = class {
  tails = /* @__PURE__ */ new Map();
  found = false;
  get seen() {
    return this.found;
  }
  add(status) {
    if (this.found) return;
    if (status.vertexes.some((v) => NO_SPACE.test(v.error))) this.found = true;
    for (const log of status.logs) {
      const key2 = `${log.vertex} ${log.stream ?? 1}`;
      const text2 = (this.tails.get(key2) ?? "") + log.data;
      if (NO_SPACE.test(text2)) this.found = true;
      this.tails.set(key2, text2.slice(-TAIL));
    }
  }
  /** Also buildx's own last words. */
  seenIn(stderr) {
    return this.found || NO_SPACE.test(stderr);
  }
};

// src/progress/plain-log.ts
var PlainProgress = class {
  constructor(write) {
    this.write = write;
  }
  write;
  numbers = /* @__PURE__ */ new Map();
  reported = /* @__PURE__ */ new Set();
  /** The unfinished last line of each step's stream, by `vertex` and stream. */
  partial = /* @__PURE__ */ new Map();
  number(digest, name) {
    let n = this.numbers.get(digest);
    if (n === void 0) {
      n = this.numbers.size + 1;
      this.numbers.set(digest, n);
      this.write(`#${n} ${name}`);
    }
    return n;
  }
  /** True the first time a key is seen: each start and end is written once. */
  first(key2) {
    if (this.reported.has(key2)) return false;
    this.reported.add(key2);
    return true;
  }
  logLine(vertex, line) {
    const n = this.numbers.get(vertex);
    this.write(n === void 0 ? line : `#${n} ${line}`);
  }
  add(status) {
    const logs = [...status.logs];
    for (const v of status.vertexes) {
      if (v.started === void 0) continue;
      const n = this.number(v.digest, v.name);
      if (v.completed === void 0 || !this.first(`${v.digest}@${v.started}`)) continue;
      for (let i = logs.findIndex((l) => l.vertex === v.digest); i >= 0; i = logs.findIndex((l) => l.vertex === v.digest)) this.addLog(logs.splice(i, 1)[0]);
      this.flush(v.digest);
      if (v.error) this.write(`#${n} ERROR: ${v.error}`);
      else if (v.cached) this.write(`#${n} CACHED`);
      else this.write(`#${n} DONE ${((v.completed - v.started) / 1e3).toFixed(1)}s`);
    }
    for (const s of status.statuses) {
      const n = this.numbers.get(s.vertex);
      if (n === void 0 || s.completed === void 0 || !this.first(`${s.vertex}:${s.id}`)) continue;
      this.write(`#${n} ${s.id} done`);
    }
    for (const l of logs) this.addLog(l);
  }
  /** Writes the whole lines of a chunk; the rest of an unfinished line waits for its end. */
  addLog(l) {
    if (!l) return;
    const key2 = `${l.vertex}:${l.stream ?? 1}`;
    const lines = `${this.partial.get(key2)?.text ?? ""}${l.data}`.split("\n");
    const rest = lines.pop() ?? "";
    if (rest === "") this.partial.delete(key2);
    else this.partial.set(key2, { vertex: l.vertex, text: rest });
    for (const line of lines) this.logLine(l.vertex, line);
  }
  /** Writes what is left of unfinished lines: of one step, or of every step once the build ends. */
  flush(vertex) {
    for (const [key2, pending] of this.partial) {
      if (vertex !== void 0 && pending.vertex !== vertex) continue;
      this.partial.delete(key2);
      this.logLine(pending.vertex, pending.text);
    }
  }
};

// src/registry/upload-race.ts
function lostUploadRace(stderr) {
  return UPLOAD_RACE.test(lastLines(stderr, 30).join("\n"));
}
var UPLOAD_RACE = new RegExp([
  String.raw`unexpected status from PUT request to \S*/(blobs/uploads|manifests)/\S*: 400 Bad Request`,
  "DIGEST_INVALID",
  "provided digest did not match uploaded content",
  "BLOB_UPLOAD_INVALID",
  "blob upload invalid",
  "blob unknown to registry"
].join("|"), "i");

// src/run/checks.ts
function reportWarnings(io, inputs, warnings, cwd) {
  for (const w of warnings) {
    io.warning(`${w.message}${w.url ? ` (${w.url})` : ""}`, {
      title: w.rule || "Build check",
      file: warningPath(w.file, inputs.context, inputs.file, cwd),
      line: w.line
    });
  }
}

// src/run/lines.ts
function lineWriter(write) {
  let pending = "";
  return {
    push(chunk) {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const line of parts) write(line);
    },
    flush() {
      if (pending !== "") write(pending);
      pending = "";
    }
  };
}

// src/run/record.ts
import { readdir, stat } from "node:fs/promises";
import { join as join2 } from "node:path";
async function keepBuildRecord(job, buildx, target, buildRef, started) {
  const { io, job: services } = job.ctx.platform;
  if (!keepRecords(job.ctx.host.env["DOCKER_BUILD_RECORD_UPLOAD"])) {
    io.info("The build record is not kept: DOCKER_BUILD_RECORD_UPLOAD is false");
    return "";
  }
  if (!services.keepArtifact) {
    io.info("The build record is not kept: this runner has no artifact service (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN)");
    return "";
  }
  const keep = services.keepArtifact;
  const ref = parseRecordRef(buildRef) ?? await noted(target, started);
  if (!ref) {
    io.info("buildx gave no reference of the build: there is no build record to keep");
    return "";
  }
  const file = join2(job.ws.dir, recordFileName(services.repository, ref));
  try {
    const result = await callBuildx(buildx, target.where, exportRecordArgs(ref, file), { timeoutMs: 12e4, signal: job.ctx.signal });
    if (result.code !== 0) throw new Error(`buildx history export ${result.timedOut ? "timed out" : `exited with ${result.code}`}: ${lastLines(result.stderr.trim(), 3).join(" ")}`);
    const where = await keep(file);
    io.info(`Build record ${ref.id} kept as ${where}; open it in Docker Desktop's Builds view (Import builds)`);
    return where;
  } catch (err) {
    io.warning(`The build record could not be kept: ${errorMessage(err)}`);
    return "";
  }
}
async function noted(target, started) {
  const config = target.where.buildxConfig;
  if (!config) return void 0;
  const dir = join2(config, "refs", target.name);
  const found = [];
  for (const node of await readdir(dir).catch(() => [])) {
    for (const id of await readdir(join2(dir, node)).catch(() => [])) {
      const ms = (await stat(join2(dir, node, id)).catch(() => void 0))?.mtimeMs ?? 0;
      const ref = parseRecordRef(`${target.name}/${node}/${id}`);
      if (ref && ms >= started.getTime() - 1e3) found.push({ ref, ms });
    }
  }
  return found.sort((a, b) => b.ms - a.ms)[0]?.ref;
}

// src/run/build.ts
var BuildFailedError = class extends Error {
  constructor(message, analysis, cancelled, stderr, warnings = [], noSpace = false) {
    super(message);
    this.analysis = analysis;
    this.cancelled = cancelled;
    this.stderr = stderr;
    this.warnings = warnings;
    this.noSpace = noSpace;
    this.name = "BuildFailedError";
  }
  analysis;
  cancelled;
  stderr;
  warnings;
  noSpace;
  /** Where the failed build's record is kept; set once kept. */
  record = "";
};
async function writeSecretFiles(inputs, ws) {
  const sources = [];
  for (const [index, secret] of inputs.secrets.entries()) {
    const file = join3(ws.secretsDir, String(index));
    await rm(file, { force: true });
    await writePrivateFile(file, secret.value);
    sources.push({ id: secret.key, file });
  }
  for (const s of inputs.secretFiles) sources.push({ id: s.key, file: s.value });
  for (const s of inputs.secretEnvs) sources.push({ id: s.key, env: s.value });
  return sources;
}
async function runBuild(buildx, ws, target, inputs, signal, log, clock, watch) {
  const secrets = await writeSecretFiles(inputs, ws);
  const args = buildArgs(inputs, {
    builder: target.name,
    metadataFile: ws.metadataFile,
    imageIdFile: ws.imageIdFile,
    secrets,
    extraCacheFrom: target.cache?.cacheFrom ?? [],
    extraCacheTo: target.cache?.cacheTo ?? []
  });
  log(`buildx ${argvForLog(args)}`);
  const timeline = new TimelineBuilder();
  const progress = new PlainProgress(log);
  const space = new NoSpaceWatch();
  const streamed = [];
  const readLine = (line) => {
    const status = parseStatusLine(line);
    if (!status) return log(line);
    streamed.push(...warningsFromStatusLine(line));
    timeline.add(status);
    progress.add(status);
    space.add(status);
    watch?.(status);
  };
  const streams = { stdout: lineWriter(inputs.call === "check" ? () => void 0 : readLine), stderr: lineWriter(readLine) };
  const elapsed = stopwatch(clock);
  const result = await callBuildx(buildx, target.where, args, {
    signal,
    env: { BUILDX_METADATA_WARNINGS: "true" },
    onOutput: (chunk, stream) => streams[stream].push(chunk)
  });
  streams.stdout.flush();
  streams.stderr.flush();
  progress.flush();
  const durationMs = elapsed();
  const analysis = analyze(timeline.finish());
  if (result.aborted) throw new BuildFailedError("The build was cancelled", analysis, true, result.stderr);
  const check2 = inputs.call === "check" ? parseCheckResult(result.stdout) : void 0;
  if (check2 && (check2.warnings.length > 0 || check2.error)) {
    const where = (w) => describeWarning(w, warningPath(w.file, inputs.context, inputs.file, ""));
    const message = check2.error || [checkVerdict(check2.warnings.length), ...check2.warnings.map(where)].join("\n");
    throw new BuildFailedError(message, analysis, false, "", check2.warnings);
  }
  if (result.code !== 0) throw new BuildFailedError(`buildx build failed (exit code ${result.code}); its output is above`, analysis, false, result.stderr, streamed, space.seenIn(result.stderr));
  if (check2) log(checkVerdict(0));
  const reading = readFile2(ws.metadataFile, "utf8");
  const metadataText = inputs.call === "build" ? await reading : await reading.catch(() => "{}");
  const metadata = parseMetadata(metadataText);
  const imageId = (await readFile2(ws.imageIdFile, "utf8").catch(() => "")).trim() || metadata.imageId;
  const fields = JSON.parse(metadataText);
  const ref = isRecord(fields) && typeof fields["buildx.build.ref"] === "string" ? fields["buildx.build.ref"] : "";
  return { result: { ...metadata, imageId, durationMs }, analysis, warnings: warningsFromMetadata(fields), ref, record: "" };
}
async function buildOnce(job, target, title, watch) {
  const { io } = job.ctx.platform;
  const buildx = await job.buildx();
  const started = job.ctx.now();
  const recorded = job.inputs.call === "build";
  if (recorded && keepRecords(job.ctx.host.env["DOCKER_BUILD_RECORD_UPLOAD"])) job.ctx.platform.job.prepareArtifacts?.();
  return io.group(title, async () => {
    try {
      const outcome = await runBuild(buildx, job.ws, target, job.inputs, watch?.signal ?? job.ctx.signal, (line) => io.info(line), job.ctx.now, watch?.onStatus);
      reportWarnings(io, job.inputs, outcome.warnings, job.ctx.host.cwd);
      return recorded ? { ...outcome, record: await keepBuildRecord(job, buildx, target, outcome.ref, started) } : outcome;
    } catch (err) {
      if (!(err instanceof BuildFailedError)) throw err;
      reportWarnings(io, job.inputs, err.warnings, job.ctx.host.cwd);
      if (recorded && !err.cancelled && !lostConnection(err.stderr)) err.record = await keepBuildRecord(job, buildx, target, "", started);
      throw err;
    }
  });
}
async function buildPushingAgain(job, target, watch) {
  try {
    return await buildOnce(job, target, "Building", watch);
  } catch (err) {
    if (!(job.inputs.push && err instanceof BuildFailedError && !err.cancelled && lostUploadRace(err.stderr))) throw err;
    job.ctx.platform.io.warning("The registry refused a layer that was being uploaded twice at once (a race some registries lose when builders push the same layer together); building once more, from the cache, to push again");
    return buildOnce(job, target, "Building again to push", watch);
  }
}

// src/run/finish.ts
var StepEnd = class {
  /** first: what the step failed with before its end, if it did. */
  constructor(first) {
    this.first = first;
  }
  first;
  failures = [];
  async run(what, task) {
    try {
      await task();
    } catch (err) {
      this.failures.push(`${what} failed: ${errorMessage(err)}`);
    }
  }
  /** What failed at the end so far, one line each. */
  get laterErrors() {
    return this.failures;
  }
  /** Throws the step's error, if it has one: the first, with the later ones as further lines. */
  settle() {
    if (this.first && this.failures.length === 0) throw this.first.error;
    if (!this.first && this.failures.length === 0) return;
    const lines = this.first ? [errorMessage(this.first.error), ...this.failures] : this.failures;
    throw new Error(lines.join("\n"), this.first ? { cause: this.first.error } : void 0);
  }
};

// src/run/connect.ts
import { randomBytes } from "node:crypto";

// src/routing/rendezvous.ts
import { createHash } from "node:crypto";
function weight(key2, endpoint) {
  return createHash("sha256").update(key2).update("\0").update(endpoint).digest().readBigUInt64BE(0);
}
function rankEndpoints(key2, endpoints) {
  return endpoints.map((e) => ({ e, w: weight(key2, e.url) })).sort((a, b) => a.w === b.w ? a.e.url.localeCompare(b.e.url) : a.w > b.w ? -1 : 1).map(({ e }) => e);
}
function defaultRoutingKey(repository, file) {
  return `${repository}:${file || "Dockerfile"}`;
}

// src/run/mask.ts
var SHORTEST_MASKED = 4;
var registered = /* @__PURE__ */ new WeakMap();
function maskAll(io, values) {
  let seen = registered.get(io);
  if (!seen) registered.set(io, seen = /* @__PURE__ */ new Set());
  for (const value of values) {
    const v = value.trim();
    if (v.length < SHORTEST_MASKED || seen.has(v)) continue;
    seen.add(v);
    io.mask(v);
  }
}
function maskSecretInputs(io) {
  for (const name of SECRET_INPUTS) {
    const raw = io.getInput(name);
    if (raw.trim() === "") continue;
    maskAll(io, [raw, ...raw.split(/\r?\n/), raw.replace(/\s+/g, "")]);
  }
}
function maskBuildSecrets(io, inputs) {
  maskAll(io, inputs.secrets.flatMap((s) => [s.value, ...s.value.split(/\r?\n/)]));
}
function maskPemLines(io, credentials) {
  maskAll(io, [...secretLines(credentials.ca), ...secretLines(credentials.cert), ...secretLines(credentials.key)]);
}

// src/run/credentials.ts
var NO_CREDENTIALS = {
  reason: "no-credentials",
  message: "no endpoint or no certificates were given (a pull request from a fork gets no secrets)",
  misconfigured: false
};
function checkCredentials(io, pems, now) {
  try {
    const credentials = decodeCredentials(pems);
    maskPemLines(io, credentials);
    const facts = checkCertificates(credentials, now);
    io.info(`Client certificate "${facts.clientSubject}", valid until ${facts.clientNotAfter.toISOString()}`);
    facts.warnings.forEach((w) => io.warning(w));
    return credentials;
  } catch (err) {
    if (err instanceof UserError) return { reason: "tls-error", message: err.message, misconfigured: true, cause: err };
    throw err;
  }
}
async function writeCertFiles(ws, credentials) {
  await writePrivateFile(ws.caCertFile, pemText(credentials.ca));
  await writePrivateFile(ws.clientCertFile, pemText(credentials.cert));
  await writePrivateFile(ws.clientKeyFile, pemText(credentials.key));
}

// src/routing/choice.ts
function describeRouting(checks, chosen, routingKey) {
  if (checks.length < 2) return [];
  return checks.map((check2, i) => {
    if (i === chosen) return `${check2.url}: chosen (rank ${i + 1} of ${checks.length} for routing key "${routingKey}")`;
    if (check2.state === "failed") return `${check2.url}: skipped (${check2.reason})`;
    return check2.state === "pending" ? `${check2.url}: not checked (a daemon ranked above it was chosen first)` : `${check2.url}: healthy, ranked below the one chosen`;
  });
}

// src/tls/diagnose.ts
var UNTRUSTED_SERVER = /* @__PURE__ */ new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE"
]);
function diagnose(failure, ctx) {
  const at = ctx.endpoint;
  const seconds2 = ctx.timeoutMs / 1e3;
  const code2 = failure.code;
  if (code2 === "TIMEOUT") {
    const where = {
      tcp: `${at} did not accept a TCP connection within ${seconds2} s (packets dropped: a firewall, or the host is down)`,
      tls: `${at} accepted TCP but did not complete a TLS handshake within ${seconds2} s (not a TLS service, or a proxy that holds connections)`,
      http2: `${at} completed TLS but sent no HTTP/2 answer within ${seconds2} s (not a BuildKit daemon, or overloaded)`
    };
    return unreachable("timeout", where[failure.stage], "check that the daemon runs and that this runner can reach its port; raise connect-timeout only if the network is slow");
  }
  if (code2 === "ECONNREFUSED") {
    return unreachable("refused", `nothing is listening at ${at} (connection refused)`, "check that buildkitd runs with --addr tcp://0.0.0.0:PORT and that endpoint names that port");
  }
  if (code2 === "ENOTFOUND" || code2 === "EAI_AGAIN") {
    return unreachable("dns", `the host of ${at} does not resolve (${code2})`, "check the host name in endpoint");
  }
  if (code2 === "EHOSTUNREACH" || code2 === "ENETUNREACH" || code2 === "ECONNRESET" && failure.stage === "tcp") {
    return unreachable("unreachable", `no route to ${at} (${code2})`, "check that this runner's network can reach the daemon");
  }
  if (code2 === "ERR_SSL_WRONG_VERSION_NUMBER" || code2 === "ERR_SSL_PACKET_LENGTH_TOO_LONG") {
    return misconfigured("not-tls", `${at} answered, but not with TLS`, "start buildkitd with --tlscert, --tlskey and --tlscacert, or point endpoint at its TLS port");
  }
  if (UNTRUSTED_SERVER.has(code2)) {
    return misconfigured("server-untrusted", `this runner rejected the daemon's server certificate: it was not issued by the CA in ca-cert (${code2})`, "set ca-cert to the CA that issued the daemon's --tlscert");
  }
  if (code2 === "CERT_HAS_EXPIRED") {
    return misconfigured("server-expired", "this runner rejected the daemon's server certificate: it has expired", "renew the daemon's server certificate");
  }
  if (code2 === "CERT_NOT_YET_VALID") {
    return misconfigured("server-not-yet-valid", "this runner rejected the daemon's server certificate: it is not valid yet (clock skew?)", "check the clocks of the runner and of the machine that issued the certificate");
  }
  if (code2 === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = /.*altnames: (.*)$/.exec(failure.detail)?.[1] ?? "other names";
    const expected = ctx.serverName || "the endpoint's host";
    return misconfigured("server-name", `this runner rejected the daemon's server certificate: it is for ${names}, not ${expected}`, "set tls-server-name to one of the certificate's names, or reissue the server certificate with this host in its subject alternative names");
  }
  if (code2 === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED") {
    return misconfigured("client-cert-required", "the daemon requires a client certificate and received none", "pass client-cert and client-key");
  }
  if (code2 === "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" || code2 === "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE") {
    return misconfigured("client-untrusted", "the daemon rejected this runner's client certificate: it does not trust the CA that issued it", "issue the client certificate from the CA the daemon was started with (--tlscacert)");
  }
  if (code2 === "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED") {
    return misconfigured("client-expired", "the daemon rejected this runner's client certificate as expired", "issue a new client certificate and update the client-cert and client-key secrets");
  }
  if (code2 === "ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE" || code2 === "ERR_SSL_TLSV1_ALERT_ACCESS_DENIED") {
    return misconfigured("client-rejected", `the daemon refused this runner's client certificate (${code2})`, "issue a client certificate with extendedKeyUsage clientAuth from the daemon's CA");
  }
  if (code2 === "NOT_HTTP2" || code2 === "CLOSED" && failure.stage === "http2") {
    return misconfigured("not-buildkit", `${at} completed TLS but did not speak HTTP/2 as BuildKit's gRPC API does`, "check that endpoint names buildkitd's port and not another TLS service");
  }
  if (failure.stage === "tcp" || code2 === "CLOSED" || code2 === "ECONNRESET") {
    return unreachable("unreachable", `the connection to ${at} failed at the ${failure.stage} stage (${code2}: ${failure.detail})`, "check that the daemon runs and is reachable");
  }
  return misconfigured("tls", `the TLS handshake with ${at} failed (${code2}: ${failure.detail})`, "check ca-cert, client-cert and client-key against the daemon's --tlscacert, --tlscert and --tlskey");
}
function unreachable(reason, message, fix) {
  return { kind: "unreachable", reason, message, fix };
}
function misconfigured(reason, message, fix) {
  return { kind: "misconfigured", reason, message, fix };
}
function openDaemonWarning(endpoint) {
  return `SECURITY: the daemon at ${endpoint} also accepts connections WITHOUT a client certificate. Anyone who can reach this port can run builds, and so arbitrary commands, on it. Start buildkitd with --tlscacert so that it requires client certificates.`;
}

// src/tls/probe.ts
import { isIP } from "node:net";
import { connect } from "node:tls";
var PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
var EMPTY_SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
var SETTINGS_TYPE = 4;
function probeTls(target, clock) {
  const elapsed = stopwatch(clock);
  return new Promise((resolve2) => {
    let stage = "tcp";
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      target.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve2(result);
    };
    const fail = (code2, detail) => finish({ ok: false, stage, code: code2, detail, ms: elapsed() });
    const servername = target.serverName || (isIP(target.host) ? void 0 : target.host);
    const socket = connect({
      host: target.host,
      port: target.port,
      ca: target.ca,
      ALPNProtocols: ["h2"],
      ...servername ? { servername } : {},
      ...target.cert && target.key ? { cert: target.cert, key: target.key } : {}
    });
    const timer = setTimeout(() => fail("TIMEOUT", `no answer within ${target.timeoutMs} ms`), target.timeoutMs);
    const onAbort = () => fail("ABORTED", "the check was no longer needed");
    if (target.signal?.aborted) onAbort();
    else target.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      stage = "tls";
    });
    socket.once("secureConnect", () => {
      stage = "http2";
      socket.write(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
    });
    socket.on("data", (chunk) => {
      if (chunk.length >= 4 && chunk[3] === SETTINGS_TYPE) finish({ ok: true, ms: elapsed() });
      else fail("NOT_HTTP2", "the server did not answer with an HTTP/2 SETTINGS frame");
    });
    socket.once("end", () => fail("CLOSED", "the server closed the connection"));
    socket.once("error", (err) => fail(err.code ?? "ERROR", err.message));
  });
}

// src/tls/precheck.ts
var RemoteUnavailableError = class extends Error {
  constructor(diagnosis) {
    super(`${diagnosis.message}. Fix: ${diagnosis.fix}`);
    this.diagnosis = diagnosis;
    this.name = "RemoteUnavailableError";
  }
  diagnosis;
};
async function precheckDaemon(target, endpoint, clock) {
  const { cert: _cert, key: _key, ...anonymous } = target;
  const [withCert, withoutCert] = await Promise.all([probeTls(target, clock), probeTls(anonymous, clock)]);
  if (!withCert.ok) {
    throw new RemoteUnavailableError(diagnose(withCert, { endpoint, serverName: target.serverName, timeoutMs: target.timeoutMs }));
  }
  return { ms: withCert.ms, acceptsAnonymous: withoutCert.ok };
}

// src/run/remote.ts
var RemoteFailedError = class extends Error {
  constructor(failure) {
    super(failure.message);
    this.failure = failure;
    this.name = "RemoteFailedError";
  }
  failure;
};
async function check(setup, endpoint, signal) {
  const { credentials, remote } = setup;
  try {
    const result = await precheckDaemon({
      host: endpoint.host,
      port: endpoint.port,
      serverName: remote.tlsServerName,
      ca: pemText(credentials.ca),
      cert: pemText(credentials.cert),
      key: pemText(credentials.key),
      timeoutMs: setup.timeoutMs,
      signal
    }, endpoint.url, setup.now);
    return { endpoint, ok: true, ms: result.ms, anonymous: result.acceptsAnonymous };
  } catch (err) {
    if (err instanceof RemoteUnavailableError) return { endpoint, ok: false, failure: failureFromDiagnosis(err.diagnosis) };
    throw err;
  }
}
function worst(failures) {
  const first = failures.find((f) => f.misconfigured) ?? failures[0];
  if (!first) return { reason: "unreachable", message: "no remote daemon was given", misconfigured: false };
  return failures.length > 1 ? { ...first, message: `none of the ${failures.length} daemons can be used; ${first.message}` } : first;
}
var asCandidate = (endpoint, c) => !c ? { url: endpoint.url, state: "pending" } : c.ok ? { url: endpoint.url, state: "healthy" } : { url: endpoint.url, state: "failed", reason: c.failure.reason };
async function checkDaemons(setup, ranked) {
  const { io, remote } = setup;
  const stop = new AbortController();
  const results = ranked.map(() => void 0);
  const candidateChecks = ranked.map((endpoint, i) => check(setup, endpoint, stop.signal).then((c) => results[i] = c));
  const platformChecks = Promise.all(remote.platformEndpoints.map((p) => check(setup, p.endpoint, stop.signal)));
  const report = (c) => io.info(c.ok ? `${c.endpoint.url}: TLS and HTTP/2 answered in ${c.ms} ms` : `${c.endpoint.url}: ${c.failure.message}`);
  try {
    let chosen = "none";
    for (const [i, pending] of candidateChecks.entries()) {
      const c = await pending;
      report(c);
      if (c.ok) {
        chosen = i;
        break;
      }
    }
    const platforms = await platformChecks;
    platforms.forEach(report);
    const candidates = ranked.map((e, i) => asCandidate(e, results[i]));
    return { chosen, candidates, results: [...results], platforms };
  } finally {
    stop.abort();
  }
}
async function startRemoteBuilder(setup) {
  const { io, remote } = setup;
  const ranked = rankEndpoints(setup.routingKey, remote.endpoints);
  const daemons = [...ranked, ...remote.platformEndpoints.map((p) => p.endpoint)];
  const checked = await io.group(`Checking the TLS connection to ${daemons.map((d) => d.url).join(", ")}`, () => checkDaemons(setup, ranked));
  const chosen = typeof checked.chosen === "number" ? checked.results[checked.chosen] : void 0;
  if (ranked.length > 0 && !chosen) throw new RemoteFailedError(worst(checked.results.flatMap((c) => c && !c.ok ? [c.failure] : [])));
  const downPlatform = checked.platforms.findIndex((c) => !c.ok);
  const down = checked.platforms[downPlatform];
  if (down && !down.ok) {
    throw new RemoteFailedError({ ...down.failure, message: `the daemon for ${remote.platformEndpoints[downPlatform]?.platform}: ${down.failure.message}` });
  }
  for (const c of [chosen, ...checked.platforms]) if (c?.ok && c.anonymous) io.warning(openDaemonWarning(c.endpoint.url));
  const routing = typeof checked.chosen === "number" ? describeRouting(checked.candidates, checked.chosen, setup.routingKey) : [];
  routing.forEach((line) => io.info(`Routing: ${line}`));
  const nodes = [
    ...chosen ? [{ endpoint: chosen.endpoint, platform: "" }] : [],
    ...remote.platformEndpoints.map((p) => ({ endpoint: p.endpoint, platform: p.platform }))
  ];
  const first = nodes[0]?.endpoint.url ?? "";
  const buildx = await setup.buildx();
  return io.group(`Creating the remote builder ${setup.name}`, async () => {
    try {
      for (const [i, node] of nodes.entries()) {
        await createRemoteBuilder(buildx, setup.where, {
          name: setup.name,
          append: i > 0,
          platform: node.platform,
          endpoint: node.endpoint,
          caCertFile: setup.ws.caCertFile,
          clientCertFile: setup.ws.clientCertFile,
          clientKeyFile: setup.ws.clientKeyFile,
          serverName: remote.tlsServerName
        });
      }
      const booted = await bootBuilder(buildx, setup.where, setup.name, setup.timeoutMs);
      for (const n of booted) io.info(`BuildKit ${n.buildkitVersion || "(version unknown)"} on ${n.endpoint}; platforms: ${n.platforms.join(", ")}`);
      return { name: setup.name, where: setup.where, buildkitVersion: booted[0]?.buildkitVersion ?? "", endpoint: first, routing, gcPolicy: booted[0]?.gcPolicy ?? [] };
    } catch (err) {
      throw new RemoteFailedError({ reason: "remote-failed", message: `the remote builder at ${first} did not start: ${errorMessage(err)}`, misconfigured: false });
    }
  });
}

// src/run/connect.ts
async function connect2(job, remote, credentials) {
  const elapsed = stopwatch(job.ctx.now);
  await writeCertFiles(job.ws, credentials);
  const name = `remote-buildkit-${randomBytes(4).toString("hex")}`;
  try {
    const routingKey = remote.routingKey || defaultRoutingKey(job.ctx.platform.job.repository, job.inputs.file);
    const builder = await startRemoteBuilder({
      io: job.ctx.platform.io,
      now: job.ctx.now,
      remote,
      routingKey,
      credentials,
      buildx: job.buildx,
      ws: job.ws,
      where: job.where,
      name,
      timeoutMs: job.inputs.connectTimeoutMs
    });
    return { ok: true, target: { name: builder.name, where: builder.where, cache: void 0 }, builder, ms: elapsed() };
  } catch (err) {
    if (err instanceof RemoteFailedError) return { ok: false, failure: err.failure, ms: elapsed() };
    throw err;
  }
}

// src/run/fallback.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/policy/cache-scope.ts
function defaultCacheScope(repository, file, target) {
  const parts = [repository, file || "Dockerfile", target].filter(Boolean).join("-");
  return parts.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "remote-buildkit";
}

// src/policy/builder-state.ts
var GIB = 1024 ** 3;
var MEMORY_RESERVE = 2 * GIB;
var MIN_MEMORY_STATE = 3 * GIB;
function memoryCap(freeBytes, totalBytes) {
  return Math.floor(Math.min(freeBytes - Math.max(MEMORY_RESERVE, totalBytes / 4), totalBytes / 2));
}
var LIMITS = /^(memory|memory-swap|cgroup-parent)=/;
function chooseStateStore(facts) {
  const { choice } = facts;
  if (choice.kind === "disk") return { where: "disk", why: "fallback-state is disk" };
  const local = facts.engine === "" || facts.engine.startsWith("unix://");
  const cap = memoryCap(facts.freeBytes, facts.totalBytes);
  if (choice.kind === "memory") return { where: "memory", sizeBytes: choice.sizeBytes ?? (local ? Math.max(cap, 1 * GIB) : void 0) };
  if (!local) return { where: "disk", why: `the Docker engine is not on this machine (${facts.engine}), so its free memory is unknown` };
  const limit = facts.driverOpts.find((o) => LIMITS.test(o));
  if (limit) return { where: "disk", why: `the builder has a limit (fallback-driver-opts ${limit.slice(0, limit.indexOf("=") + 1)}), which a state in memory would count against` };
  if (cap < MIN_MEMORY_STATE) return { where: "disk", why: `${gib(facts.freeBytes)} of ${gib(facts.totalBytes)} is free: too little for a state in memory of at least ${gib(MIN_MEMORY_STATE)} beside the build` };
  return { where: "memory", sizeBytes: cap };
}
function gib(bytes) {
  return bytes < GIB ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${(bytes / GIB).toFixed(1)} GiB`;
}
function describeStateStore(store) {
  if (store.where === "disk") return `on disk (${store.why})`;
  return `in memory (a tmpfs${store.sizeBytes === void 0 ? "" : ` of up to ${gib(store.sizeBytes)}`})`;
}

// src/run/context.ts
function dockerCliEnv(job) {
  return { ...job.ctx.host.env, ...job.where.dockerConfig ? { DOCKER_CONFIG: job.where.dockerConfig } : {} };
}

// src/run/fallback-builder.ts
import { existsSync as existsSync2 } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join as join5 } from "node:path";

// src/buildx/local.ts
import { writeFile } from "node:fs/promises";
import { join as join4 } from "node:path";
var CONTAINER_BOOT_MS = 18e4;
async function startFallbackBuilder(buildx, jobWhere, spec) {
  if (spec.named !== "") {
    const runners = jobWhere.dockerConfig ? { dockerConfig: jobWhere.dockerConfig } : {};
    const [node2] = await bootBuilder(buildx, runners, spec.named, CONTAINER_BOOT_MS);
    return { name: spec.named, where: runners, buildkitVersion: node2?.buildkitVersion ?? "", owned: false };
  }
  const config = chooseBuildkitdConfig(spec.inlineConfig, spec.runnersBuildxConfig, join4(spec.workDir, "buildkitd.toml"));
  if (config.from === "input") await writeFile(config.file, config.inline, { mode: 384 });
  if (config.from !== "none") {
    spec.log(`BuildKit configuration: ${config.from === "input" ? "fallback-buildkitd-config-inline" : `the runner's ${config.file}`}`);
  }
  const args = containerBuilderArgs(spec.newName, { driverOpts: spec.driverOpts, configFile: config.from === "none" ? "" : config.file });
  if (spec.driverOpts.length > 0) spec.log(`Driver options: ${spec.driverOpts.join(", ")}`);
  await createContainerBuilder(buildx, jobWhere, args);
  const [node] = await bootBuilder(buildx, jobWhere, spec.newName, CONTAINER_BOOT_MS);
  return { name: spec.newName, where: jobWhere, buildkitVersion: node?.buildkitVersion ?? "", owned: true };
}

// src/policy/fallback-builder.ts
function chooseFallback(facts) {
  if (facts.named !== "") return { kind: "named", name: facts.named };
  if (facts.inJobAllowed && !facts.docker && facts.buildkitd && (facts.root || facts.rootlesskit)) {
    return { kind: "in-job", buildkitd: facts.buildkitd, rootlesskit: facts.root ? void 0 : facts.rootlesskit };
  }
  return { kind: "docker-container" };
}
function buildkitdFlags(value) {
  return (value ?? "").split(/\s+/).filter((f) => f !== "");
}

// src/run/fallback-builder.ts
function onPath(name, env) {
  return (env["PATH"] ?? "").split(delimiter).filter(Boolean).map((dir) => join5(dir, name)).find((file) => existsSync2(file));
}
function fallbackKind(inJobAllowed, named, host) {
  const { env } = host;
  return chooseFallback({
    inJobAllowed,
    named,
    docker: Boolean(env["DOCKER_HOST"]) || existsSync2("/var/run/docker.sock"),
    buildkitd: onPath("buildkitd", env),
    rootlesskit: onPath("rootlesskit", env),
    root: host.uid === 0
  });
}
function startFallback(kind, start) {
  if (kind.kind === "in-job") {
    return startInJobBuilder(start.buildx, start.where, start.workspaceDir, start.name, {
      buildkitd: kind.buildkitd,
      rootlesskit: kind.rootlesskit,
      extraFlags: buildkitdFlags(start.env["BUILDKITD_FLAGS"]),
      tmpDir: start.env["TMPDIR"] || tmpdir(),
      env: start.env
    });
  }
  return startFallbackBuilder(start.buildx, start.where, {
    named: kind.kind === "named" ? kind.name : "",
    newName: start.name,
    driverOpts: start.driverOpts,
    inlineConfig: start.inlineConfig,
    runnersBuildxConfig: start.runnersBuildxConfig,
    workDir: start.workspaceDir,
    log: start.log
  });
}
function describeFallback(kind) {
  if (kind.kind === "named") return `the runner's builder ${kind.name}`;
  if (kind.kind === "docker-container") return "a docker-container builder on the job's Docker";
  return `buildkitd inside the job (${kind.rootlesskit ? "rootless, through rootlesskit" : "as root"}; no Docker daemon)`;
}
async function engineEndpoint(env) {
  const result = await runCommand("docker", ["context", "inspect", "--format", "{{.Endpoints.docker.Host}}"], { env, timeoutMs: 1e4 }).catch(() => void 0);
  return result?.code === 0 ? result.stdout.trim() : env["DOCKER_HOST"] ?? "";
}
async function makeStateVolume(name, store, env) {
  if (store.where === "disk") return store;
  const result = await runCommand("docker", memoryVolumeArgs(name, store.sizeBytes), { env, timeoutMs: 3e4 }).catch((err) => ({ code: -1, stderr: err instanceof Error ? err.message : String(err) }));
  if (result.code === 0) return store;
  return { where: "disk", why: `the Docker engine made no tmpfs volume: ${lastLines(result.stderr.trim(), 2).join(" ")}` };
}
async function dropStateVolume(name, env) {
  await runCommand("docker", ["volume", "rm", "--force", stateVolume(name)], { env, timeoutMs: 3e4 }).catch(() => void 0);
}

// src/run/mounts.ts
import { join as join7 } from "node:path";

// src/cachemounts/tools.ts
import { mkdir as mkdir2, readFile as readFile3 } from "node:fs/promises";
import { dirname, join as join6 } from "node:path";

// src/cachemounts/elf.ts
var PT_LOAD = 1;
var PT_DYNAMIC = 2;
var PT_INTERP = 3;
var DT_NEEDED = 1n;
var DT_STRTAB = 5n;
function cString(buf, at) {
  const end = buf.indexOf(0, at);
  return buf.toString("latin1", at, end < 0 ? buf.length : end);
}
function elfNeeds(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 2135247942 || buf[4] !== 2 || buf[5] !== 1) return void 0;
  const phoff = Number(buf.readBigUInt64LE(32));
  const phentsize = buf.readUInt16LE(54);
  const phnum = buf.readUInt16LE(56);
  const loads = [];
  let interpreter = "";
  let dynamic;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > buf.length) return void 0;
    const type = buf.readUInt32LE(at);
    const offset = buf.readBigUInt64LE(at + 8);
    const vaddr = buf.readBigUInt64LE(at + 16);
    const filesz = buf.readBigUInt64LE(at + 32);
    if (type === PT_INTERP) interpreter = cString(buf, Number(offset));
    if (type === PT_LOAD) loads.push({ vaddr, offset, size: filesz });
    if (type === PT_DYNAMIC) dynamic = { offset: Number(offset), size: Number(filesz) };
  }
  if (!dynamic) return { interpreter, needed: [] };
  const entries = [];
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.size && at + 16 <= buf.length; at += 16) {
    const tag = buf.readBigUInt64LE(at);
    if (tag === 0n) break;
    entries.push([tag, buf.readBigUInt64LE(at + 8)]);
  }
  const strtab = entries.find(([tag]) => tag === DT_STRTAB)?.[1];
  const segment = strtab === void 0 ? void 0 : loads.find((l) => strtab >= l.vaddr && strtab < l.vaddr + l.size);
  if (strtab === void 0 || !segment) return void 0;
  const base = Number(strtab - segment.vaddr + segment.offset);
  const needed = entries.filter(([tag]) => tag === DT_NEEDED).map(([, value]) => cString(buf, base + Number(value)));
  return { interpreter, needed };
}

// src/cachemounts/tools.ts
var LIBRARY_DIRS = ["/lib", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64"];
async function toolsFromContainer(container, dir, env) {
  const copy = async (path) => {
    await mkdir2(dirname(join6(dir, path)), { recursive: true });
    const result = await runCommand("docker", ["cp", "-L", `${container}:${path}`, join6(dir, path)], { env, timeoutMs: 3e4 }).catch(() => void 0);
    return result?.code === 0;
  };
  if (!await copy("/bin/busybox")) return void 0;
  const needs = elfNeeds(await readFile3(join6(dir, "bin", "busybox")));
  if (!needs) return void 0;
  if (needs.interpreter && !await copy(needs.interpreter)) return void 0;
  for (const library of needs.needed) {
    if (needs.interpreter.endsWith(`/${library}`)) continue;
    let found = false;
    for (const libDir of LIBRARY_DIRS) {
      if (found = await copy(`${libDir}/${library}`)) break;
    }
    if (!found) return void 0;
  }
  return { dir, container, env, stream: true };
}

// src/summary/mounts.ts
function copyStepLabel(name) {
  const tar = /tar (?:--numeric-owner )?-([xc])f \S+ -C [\\"']*([^\\"'\s]+)/.exec(name);
  if (tar) return `${tar[1] === "x" ? "unpacking into" : "packing"} ${tar[2]}`;
  const from = /\] FROM (\S+?)(@sha256:\w+)?$/.exec(name);
  if (from) return `pulling ${from[1]}`;
  if (/\[context restored\] load from client/.test(name)) return "sending the archives";
  if (/COPY --from=mount\d+ \/rbk-out\//.test(name)) return "collecting the archives";
  if (/^exporting to client/.test(name)) return "sending them to the runner";
  return name.length > 50 ? `${name.slice(0, 49)}\u2026` : name;
}
function slowestCopySteps(steps) {
  const slow = [...steps].filter((s) => s.durationMs >= 100).sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
  return slow.length === 0 ? "" : ` (slowest: ${slow.map((s) => `${copyStepLabel(s.name)} ${seconds(s.durationMs)}`).join(", ")})`;
}
function wayNote(facts) {
  if (facts.streamError !== void 0) return ` through buildx, since the stream through the builder's container failed (${facts.streamError})`;
  return facts.via === "stream" ? " streamed through its container" : "";
}
function restoreLine(facts) {
  if (!facts.ok) return `Could not restore the cache mounts: ${facts.error}`;
  const { fetched } = facts;
  return `Restored ${facts.copied.map((m) => m.target).join(", ")} from the cache entry ${fetched.entry}: ${seconds(fetched.ms)} from the CI's cache, ${seconds(facts.copyMs)} into the builder${wayNote(facts)}${slowestCopySteps(facts.steps)}`;
}
function saveLine(plan, facts) {
  if (!facts.ok) return `Could not save the cache mounts: ${facts.error}`;
  const what = facts.saved.length > 0 ? facts.saved.map((m) => m.target).join(", ") : "the figures of the skipped mounts";
  return `Saved ${what} as the cache entry ${facts.key}: ${seconds(facts.copyMs)} out of the builder${wayNote(facts)}, ${seconds(facts.storeMs)} to the CI's cache${slowestCopySteps(facts.steps)}`;
}
function targetOf(plan, id) {
  return plan.mounts.find((m) => m.id === id)?.target ?? id;
}
function toolsLine(found) {
  return found ? "The cache mounts are copied with the BuildKit container's own busybox: no image is pulled for them" : "The BuildKit container has no usable /bin/busybox: the cache mounts are copied with the sh and tar of their stages' images";
}
function unpackLine(images, ms, error) {
  return error === void 0 ? `Unpacked ${images.join(", ")} into the builder alongside the copy, for the build: ${seconds(ms)}` : `Could not unpack ${images.join(", ")} ahead of the build (the build unpacks what it needs): ${error}`;
}
function skippedLine(plan, id, why) {
  return `Not carrying ${targetOf(plan, id)}: ${why}`;
}
function figuresLines(plan, facts) {
  return facts.ok ? facts.figures.map((f) => `  ${targetOf(plan, f.id)}: ${describeFigures(f)}`) : [];
}
function skippedAdvice(plan, carried) {
  return [...carried.skipped].map(([id, why]) => `Cache mount ${targetOf(plan, id)} was not carried: ${why}. It is tried again once its steps, run on an empty mount, show it would pay.`);
}

// src/run/mounts.ts
async function startFetchingMounts(job, scope, holdBack) {
  const { io, job: services } = job.ctx.platform;
  const store = await services.cacheStore();
  const plan = await planCacheMounts(job.inputs, job.ctx.host.cwd, services.tempDir, scope, services.runId);
  if (typeof plan === "string" || !store) {
    io.info(`Cache mounts are not carried over: ${typeof plan === "string" ? plan : "this CI has no cache service for them"}`);
    return void 0;
  }
  const matched = holdBack ? store.lookup(plan.dir, plan.key, plan.restoreKeys).catch(() => void 0) : Promise.resolve(void 0);
  return { plan, store, fetching: fetchCacheMounts(plan, store, job.ctx.now), matched };
}
async function dropMounts(mounts) {
  await mounts.fetching;
  await discardFetched(mounts.plan);
}
function abandonMounts(mounts) {
  mounts.fetching.then(() => discardFetched(mounts.plan)).catch(() => void 0);
}
function carryDecisions(plan, fetched) {
  const skipped = new Map(plan.mounts.flatMap((m) => {
    const decision = decideCarry(fetched.record?.mounts.find((f) => f.id === m.id));
    return decision.carry ? [] : [[m.id, decision.why]];
  }));
  return { skipped, copy: fetched.mounts.filter((m) => !skipped.has(m.id)) };
}
async function mountsToCopy(mounts) {
  const first = await Promise.race([mounts.fetching, mounts.matched.then((entry) => ({ entry }))]);
  if ("entry" in first && first.entry !== void 0 && !savedWithOtherLockfiles(mounts.plan, first.entry)) return { copy: mounts.plan.mounts, newLockfiles: false };
  const { fetched } = "fetched" in first ? first : await mounts.fetching;
  return fetched ? { copy: carryDecisions(mounts.plan, fetched).copy, newLockfiles: savedWithOtherLockfiles(mounts.plan, fetched.entry) } : { copy: [], newLockfiles: false };
}
async function copyIn(job, mounts, buildx, target, tools, clear) {
  const { io } = job.ctx.platform;
  const outcome = await mounts.fetching;
  if (!outcome.fetched) {
    io.info(outcome.note);
    await discardFetched(mounts.plan);
    return { record: void 0, skipped: /* @__PURE__ */ new Map(), restoredMs: /* @__PURE__ */ new Map(), restoredKb: /* @__PURE__ */ new Map(), newLockfiles: false };
  }
  const { fetched } = outcome;
  const { skipped, copy } = carryDecisions(mounts.plan, fetched);
  const newLockfiles = savedWithOtherLockfiles(mounts.plan, fetched.entry);
  skipped.forEach((why, id) => io.info(skippedLine(mounts.plan, id, why)));
  const missing = mounts.plan.mounts.filter((m) => !skipped.has(m.id) && !fetched.mounts.some((f) => f.id === m.id));
  if (missing.length > 0) io.info(`${holdsNone(fetched.entry, missing)}: they start empty`);
  if (copy.length === 0) {
    await discardFetched(mounts.plan);
    return { record: fetched.record, skipped, restoredMs: /* @__PURE__ */ new Map(), restoredKb: /* @__PURE__ */ new Map(), newLockfiles };
  }
  const facts = await restoreCacheMounts(mounts.plan, fetched, copy, buildx, target, join7(job.ws.dir, "cache-mounts-in"), job.ctx.now, tools, clear);
  io.info(restoreLine(facts));
  const restoredMs = new Map(facts.ok ? copy.map((m) => [m.id, shareBySize(fetched.ms + facts.copyMs, facts.sizes, m.id)]) : []);
  return { record: fetched.record, skipped, restoredMs, restoredKb: facts.ok ? facts.restoredKb : /* @__PURE__ */ new Map(), newLockfiles, streamFailed: facts.ok && facts.streamError !== void 0 };
}
function unpackStageImages(job, buildx, target, mounts) {
  const replaced = new Set(job.inputs.buildContexts.map((c) => c.split("=", 1)[0]));
  const images = stageImages(mounts).filter((image) => !replaced.has(image));
  if (images.length === 0 || job.inputs.platforms.length > 0) return void 0;
  const elapsed = stopwatch(job.ctx.now);
  return unpackImages(buildx, target, images, join7(job.ws.dir, "unpack-images")).then(() => void 0, (err) => errorMessage(err)).then((error) => job.ctx.platform.io.info(unpackLine(images, elapsed(), error)));
}
async function restoreMounts(job, mounts, buildx, target, ownContainer, clear, unpack = false) {
  const { io } = job.ctx.platform;
  const elapsed = stopwatch(job.ctx.now);
  let restoreMs = 0;
  const carried = await io.group("Restoring the cache mounts", async () => {
    const unpacking = unpack ? unpackStageImages(job, buildx, target, mounts.plan.mounts) : void 0;
    try {
      const tools = ownContainer ? await toolsFromContainer(builderContainer(target.name), join7(job.ws.dir, "copy-tools"), dockerCliEnv(job)).catch(() => void 0) : void 0;
      if (ownContainer) io.info(toolsLine(tools !== void 0));
      const { streamFailed, ...copied } = await copyIn(job, mounts, buildx, target, tools, clear);
      return { ...copied, copyShared: unpacking !== void 0, tools: tools && streamFailed ? { ...tools, stream: false } : tools };
    } finally {
      restoreMs = elapsed();
      await unpacking;
    }
  });
  return { plan: mounts.plan, store: mounts.store, buildx, target, restoreMs, unpackWaitMs: elapsed() - restoreMs, tools: carried.tools, carried };
}
async function resave(job, mounts) {
  const { carried, plan } = mounts;
  const known = (id) => figuresComplete(carried.record?.mounts.find((f) => f.id === id));
  if (carried.newLockfiles || carried.skipped.size > 0 || !plan.mounts.every((m) => carried.restoredKb.has(m.id) && known(m.id))) return void 0;
  const nowKb = await measureCacheMounts(mounts.buildx, mounts.target, plan.mounts, join7(job.ws.dir, "cache-mounts-size"), mounts.tools).catch(() => void 0);
  return nowKb && decideResave(plan.mounts, carried.restoredKb, nowKb);
}
async function saveMounts(job, mounts, steps, builtAt) {
  if (steps.length > 0 && !ranWithCacheMounts(steps, mounts.plan.mounts)) {
    return { lines: ["The cache mounts are as restored: every step that uses them came from the layer cache"], outcome: "unchanged" };
  }
  const decision = await resave(job, mounts);
  if (decision && !decision.save) return { lines: [`The cache mounts were not saved again: ${decision.why}`], outcome: "kept" };
  const facts = await saveCacheMounts(mounts.plan, mounts.store, mounts.buildx, mounts.target, join7(job.ws.dir, "cache-mounts-out"), job.ctx.now, mounts.carried, steps, builtAt, mounts.tools);
  return { lines: [saveLine(mounts.plan, facts), ...figuresLines(mounts.plan, facts)], outcome: "saved" };
}
async function tellSaved(job, saving) {
  const elapsed = stopwatch(job.ctx.now);
  const { io } = job.ctx.platform;
  const saved = await saving;
  const tell = async () => saved.lines.forEach((line) => io.info(line));
  await (saved.outcome === "saved" ? io.group("Saving the cache mounts", tell) : tell());
  return saved.outcome === "unchanged" ? 0 : elapsed();
}

// src/run/fallback.ts
async function fallBack(job, failure, respawn) {
  const elapsed = stopwatch(job.ctx.now);
  const { io, job: services } = job.ctx.platform;
  const buildx = await job.buildx();
  if (!respawn) io.warning(`Building on the fallback builder (${failure.reason}): ${failure.message}`);
  const scope = job.inputs.cacheScope || defaultCacheScope(services.repository, job.inputs.file, job.inputs.target);
  const kind = fallbackKind(services.inJobDaemon === true, job.inputs.fallbackBuilder, job.ctx.host);
  const fetching = startFetchingMounts(job, scope, kind.kind !== "named");
  fetching.catch(() => void 0);
  const newName = `remote-buildkit-fallback-${randomBytes2(4).toString("hex")}`;
  const making = kind.kind === "docker-container";
  if (making) {
    const names = [...respawn ? [respawn.replaces] : [], newName];
    io.saveState(STATE.builders, JSON.stringify(names));
    io.saveState(STATE.containers, JSON.stringify(names));
  }
  const { host } = job.ctx;
  const env = dockerCliEnv(job);
  let state;
  const start = (store) => io.group("Starting the fallback builder", async () => {
    io.info(`Starting ${describeFallback(kind)}`);
    if (store) {
      state = await makeStateVolume(newName, store, env);
      io.info(`Builder state ${describeStateStore(state)}`);
    }
    return startFallback(kind, {
      buildx,
      where: job.where,
      workspaceDir: job.ws.dir,
      name: newName,
      env: host.env,
      driverOpts: job.inputs.fallbackDriverOpts,
      inlineConfig: job.inputs.fallbackBuildkitdConfig,
      runnersBuildxConfig: runnersBuildxConfig(host.env, host.home),
      log: (m) => io.info(m)
    });
  });
  const removeNew = async () => {
    await removeBuilder(buildx, job.where, newName).catch(() => false);
    await dropStateVolume(newName, env);
  };
  const choice = job.inputs.fallbackState;
  const chosen = !making ? void 0 : respawn ? { where: "disk", why: respawn.why } : chooseStateStore({
    choice,
    freeBytes: host.freeMemoryBytes,
    totalBytes: host.totalMemoryBytes,
    driverOpts: job.inputs.fallbackDriverOpts,
    // Asked of the docker CLI only when the choice turns on it.
    engine: choice.kind === "disk" || choice.kind === "memory" && choice.sizeBytes !== void 0 ? "" : await engineEndpoint(env)
  });
  const builder = await start(chosen).catch(async (err) => {
    if (state?.where !== "memory" || !/mount|volume/i.test(errorMessage(err))) throw err;
    io.info(`The builder did not start with its state in memory (${errorMessage(err)}): starting it again with its state on disk`);
    await removeNew();
    return start({ where: "disk", why: "the builder did not start with it in memory" });
  }).catch(async (err) => {
    const mounts2 = await fetching.catch(() => void 0);
    if (mounts2) await dropMounts(mounts2);
    if (making) await removeNew();
    throw new Error(`${failure.message}; and the fallback builder did not start: ${errorMessage(err)}`);
  });
  const mounts = await fetching.catch(async (err) => {
    if (making) await removeNew();
    throw err;
  });
  if (builder.owned && !making) io.saveState(STATE.builders, JSON.stringify([builder.name]));
  const cache = services.fallbackCache(scope, job.inputs.githubToken);
  io.info(`Fallback builder ${builder.name} (BuildKit ${builder.buildkitVersion || "version unknown"})${cache ? `, cache ${argvForLog(cache.cacheTo)}` : ""}`);
  const target = { name: builder.name, where: builder.where, cache };
  const startMs = elapsed();
  return { reason: failure.reason, target, buildkitVersion: builder.buildkitVersion, startMs, owned: builder.owned, mounts, ownContainer: making, state, failure };
}

// src/run/find-buildx.ts
function findBuildx(io, source, wanted) {
  const onRunner = source.runners();
  onRunner.catch(() => void 0);
  let waited;
  return () => waited ??= io.group("Finding buildx", async () => {
    const choice = chooseBuildx(await onRunner, wanted);
    io.info(choice.log);
    const buildx = "use" in choice ? choice.use : await source.install(choice.install);
    io.saveState(STATE.buildx, describeBuildx(buildx));
    return buildx;
  });
}

// src/run/mount-need.ts
var RUNNING_AFTER_MS = 2e3;
var MountNeedWatch = class {
  constructor(mounts, onNeed) {
    this.mounts = mounts;
    this.onNeed = onNeed;
  }
  mounts;
  onNeed;
  /** Steps shown as started: their timer, and their own progress items still open (a layer fetched, extracted). */
  pending = /* @__PURE__ */ new Map();
  needed;
  /** The step that needed the mounts; undefined while none has. */
  get step() {
    return this.needed;
  }
  add(status) {
    if (this.needed !== void 0) return;
    for (const v of status.vertexes) {
      const watched = this.pending.get(v.digest);
      if (v.cached || v.completed !== void 0) {
        if (watched) clearTimeout(watched.timer);
        this.pending.delete(v.digest);
      } else if (v.started !== void 0 && !watched && ranWithCacheMounts([v], this.mounts)) {
        this.pending.set(v.digest, { name: v.name, timer: void 0, open: /* @__PURE__ */ new Set() });
      }
    }
    for (const s of status.statuses) {
      const watched = this.pending.get(s.vertex);
      if (!watched) continue;
      if (s.completed !== void 0) watched.open.delete(s.id);
      else if (s.started !== void 0) watched.open.add(s.id);
      clearTimeout(watched.timer);
      watched.timer = void 0;
    }
    const running = status.logs.find((l) => this.pending.has(l.vertex));
    if (running) return this.need(this.pending.get(running.vertex)?.name ?? "");
    for (const watched of this.pending.values()) {
      if (watched.open.size === 0 && watched.timer === void 0) watched.timer = setTimeout(() => this.need(watched.name), RUNNING_AFTER_MS);
    }
  }
  /** Stops the timers: the build has ended. */
  close() {
    this.pending.forEach((w) => clearTimeout(w.timer));
    this.pending.clear();
  }
  need(name) {
    if (this.needed !== void 0) return;
    this.needed = name;
    this.close();
    this.onNeed(name);
  }
};

// src/progress/solve-end.ts
var SolveEndWatch = class {
  constructor(onEnd) {
    this.onEnd = onEnd;
  }
  onEnd;
  timeline = new TimelineBuilder();
  names = /* @__PURE__ */ new Map();
  running = /* @__PURE__ */ new Set();
  ended = false;
  add(status) {
    if (this.ended) return;
    this.timeline.add(status);
    for (const v of status.vertexes) {
      const name = v.name || this.names.get(v.digest) || "";
      this.names.set(v.digest, name);
      if (phaseOf(name) === "export") {
        if (v.started !== void 0 && this.running.size === 0) return this.end();
      } else if (v.cached || v.completed !== void 0) {
        this.running.delete(v.digest);
      } else if (v.started !== void 0) {
        this.running.add(v.digest);
      }
    }
  }
  end() {
    this.ended = true;
    this.onEnd(analyze(this.timeline.finish()).steps);
  }
};

// src/run/fallback-build.ts
async function buildThenSave(job, carried, build, stoppedMs) {
  let early;
  let builtAt;
  const ended = () => builtAt;
  const solved = new SolveEndWatch((steps) => {
    early = saveMounts(job, carried, steps, ended);
    early.catch(() => void 0);
  });
  let built;
  try {
    built = await build({ signal: job.ctx.signal, onStatus: (status) => solved.add(status) }).finally(() => {
      builtAt = job.ctx.now().getTime();
    });
  } catch (err) {
    if (early) await tellSaved(job, early).catch(() => 0);
    throw err;
  }
  const saveMountsMs = await tellSaved(job, early ?? saveMounts(job, carried, built.analysis.steps, ended));
  return { built, mounts: carried, stoppedMs, saveMountsMs };
}
async function buildOnFallback(job, fell, build) {
  const { mounts } = fell;
  if (!mounts) return { built: await build(), mounts: void 0, stoppedMs: 0, saveMountsMs: 0 };
  const buildx = await job.buildx();
  const restore = (clear, unpack = false) => restoreMounts(job, mounts, buildx, fell.target, fell.ownContainer, clear, unpack);
  const { io } = job.ctx.platform;
  const { copy: wanted, newLockfiles } = fell.owned ? await mountsToCopy(mounts) : { copy: [], newLockfiles: false };
  if (wanted.length === 0 || newLockfiles) {
    if (wanted.length > 0) io.info("The lockfiles changed since the cache mounts were saved: they are copied in before the build, for the steps that install dependencies");
    return buildThenSave(job, await restore(false, wanted.length > 0), build, 0);
  }
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  job.ctx.signal.addEventListener("abort", onCancel, { once: true });
  const watch = new MountNeedWatch(wanted, () => stop.abort());
  const elapsed = stopwatch(job.ctx.now);
  let needed;
  let stoppedMs = 0;
  try {
    const built = await build({ signal: stop.signal, onStatus: (status) => watch.add(status) }).finally(() => {
      watch.close();
      needed = watch.step;
    });
    const ranEmpty = built.analysis.steps.find((step) => ranWithCacheMounts([step], wanted))?.name ?? needed;
    io.info(ranEmpty === void 0 ? "The cache mounts were not copied in: every step that uses them came from the layer cache" : `The cache mounts were not copied in: ${ranEmpty} ran on empty ones, and ended before the build could be stopped`);
    abandonMounts(mounts);
    return { built, mounts: void 0, stoppedMs: 0, saveMountsMs: 0 };
  } catch (err) {
    if (!(needed !== void 0 && err instanceof BuildFailedError && err.cancelled && !job.ctx.signal.aborted)) {
      await dropMounts(mounts);
      throw err;
    }
    stoppedMs = elapsed();
    io.info(`Stopped the build after ${seconds(stoppedMs)}: ${needed} uses the cache mounts; copying them in, then building again`);
  } finally {
    job.ctx.signal.removeEventListener("abort", onCancel);
  }
  return buildThenSave(job, await restore(true), build, stoppedMs);
}
async function buildOnFallbackOrDisk(job, fell, build, replaced) {
  try {
    return await buildOnFallback(job, fell, (watch) => build(fell.target, watch));
  } catch (err) {
    const { io } = job.ctx.platform;
    if (fell.state?.where !== "memory" || !(err instanceof BuildFailedError) || err.cancelled || job.ctx.signal.aborted || registryFailure(err.stderr)) throw err;
    const where = describeStateStore(fell.state);
    if (!err.noSpace) {
      io.info(`The builder's state was ${where}: should the build have run out of room there (a step that says only "I/O error", or one killed), fallback-state: disk builds with it on disk`);
      throw err;
    }
    if (!await removeBuilder(await job.buildx(), fell.target.where, fell.target.name).catch(() => false)) {
      io.warning(`The build ran out of room with the builder's state ${where}, and the builder could not be removed to build again on disk: set fallback-state to disk`);
      throw err;
    }
    io.warning(`The build ran out of room with the builder's state ${where}: building again on a new builder with its state on disk. Set fallback-state to disk (or memory:SIZE with more room) to build there at once`);
    const again = await fallBack(job, fell.failure, { why: "its state in memory filled up", replaces: fell.target.name });
    replaced(again);
    return buildOnFallback(job, again, (watch) => build(again.target, watch));
  }
}

// src/summary/advice.ts
var LARGE_CONTEXT_BYTES = 100 * 1024 * 1024;
var SLOW_CONTEXT_MS = 1e4;
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
function adviseOn(analysis, options) {
  const advice = [];
  const contextMs = analysis.phaseMs.context;
  if (analysis.contextBytes >= LARGE_CONTEXT_BYTES || contextMs >= SLOW_CONTEXT_MS) {
    advice.push(`The build context took ${seconds(contextMs)} to send (${formatBytes(analysis.contextBytes)}). Every build sends it to the daemon: a .dockerignore that leaves out .git, dependencies and build output makes it smaller.`);
  }
  if (options.load) {
    advice.push(`load sent the image back from the remote daemon to the runner${analysis.loadTransferMs > 0 ? ` in ${seconds(analysis.loadTransferMs)}` : ""}. That transfer can cost more than the build itself: push the image to a registry instead, and pull it where it is needed.`);
  }
  return advice;
}

// src/run/report.ts
function builderFacts(facts) {
  const remote = facts.connection?.ok ? facts.connection.builder : void 0;
  const routing = remote?.routing ?? [];
  const fallback = facts.rebuiltOn ?? facts.fellBack;
  if (fallback) {
    return {
      mode: "fallback",
      fallbackReason: fallback.reason,
      builder: fallback.target.name,
      builderAddress: fallback.target.name,
      buildkitVersion: fallback.buildkitVersion,
      routing,
      builderState: fallback.state ? describeStateStore(fallback.state) : ""
    };
  }
  if (remote) return { mode: "remote", fallbackReason: "", builder: remote.name, builderAddress: remote.endpoint, buildkitVersion: remote.buildkitVersion, routing, builderState: "" };
  return { mode: "remote", fallbackReason: "", builder: "", builderAddress: facts.inputs.remote?.endpoints[0]?.url ?? "", buildkitVersion: "", routing, builderState: "" };
}
function makeReport(facts) {
  const { connection, fellBack, built } = facts;
  const failedBuild = facts.failure?.error instanceof BuildFailedError ? facts.failure.error : void 0;
  const firstReady = connection !== void 0 && (connection.ok || fellBack !== void 0);
  const { mounts } = facts;
  return {
    // A build whose step failed afterwards (its outputs could not be written) did not succeed as a step.
    outcome: built && !facts.failure ? "succeeded" : failedBuild?.cancelled ? "cancelled" : "failed",
    ...builderFacts(facts),
    tags: facts.inputs.tags,
    pushed: facts.inputs.push,
    digest: built?.result.digest ?? "",
    connectMs: firstReady ? connection.ms + (fellBack?.startMs ?? 0) : 0,
    stoppedBuildMs: facts.stoppedBuildMs,
    restoreMountsMs: mounts?.restoreMs ?? 0,
    unpackWaitMs: mounts?.unpackWaitMs ?? 0,
    buildMs: built?.result.durationMs ?? 0,
    saveMountsMs: facts.saveMountsMs,
    removeMs: facts.removeMs,
    totalMs: facts.totalMs,
    analysis: built?.analysis ?? failedBuild?.analysis,
    advice: [...built ? adviseOn(built.analysis, { load: facts.inputs.load }) : [], ...mounts ? skippedAdvice(mounts.plan, mounts.carried) : []],
    error: facts.failure ? errorMessage(facts.failure.error) : "",
    health: facts.health,
    comparison: facts.comparison,
    record: built?.record ?? failedBuild?.record ?? ""
  };
}

// src/run/daemon-reads.ts
var READ_TIMEOUT_MS = 2e4;
function daemonReader(job, builder) {
  return async (args) => {
    const buildx = await job.buildx();
    const result = await callBuildx(buildx, job.where, [...args, "--builder", builder], { timeoutMs: READ_TIMEOUT_MS, signal: job.ctx.signal, background: true });
    if (result.code !== 0) {
      const why = result.timedOut ? `timed out after ${READ_TIMEOUT_MS / 1e3} s` : lastLines(result.stderr.trim(), 1).join("") || `exit ${result.code}`;
      throw new Error(`buildx ${args.slice(0, 2).join(" ")}: ${why}`);
    }
    return `${result.stdout}
${result.stderr}`;
  };
}
function listHistory(read) {
  const listing = read(["history", "ls", "--format", "json"]);
  listing.catch(() => void 0);
  return listing;
}

// src/health/history.ts
var DAY_MS = 24 * 36e5;
function countRecentBuilds(text2, now) {
  let count = 0;
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    const created = isRecord(parsed) && typeof parsed["created_at"] === "string" ? Date.parse(parsed["created_at"]) : Number.NaN;
    if (Number.isFinite(created) && now.getTime() - created <= DAY_MS) count++;
  }
  return count;
}

// src/health/usage.ts
function kindOf(type) {
  if (type === "regular") return "layers";
  if (type === "exec.cachemount") return "cacheMounts";
  if (type === "source.local" || type === "source.git.checkout") return "contexts";
  return "other";
}
function parseDiskUsage(text2) {
  const records2 = [];
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    if (!isRecord(parsed)) continue;
    const bytes = typeof parsed["Size"] === "string" ? parseSize(parsed["Size"]) : typeof parsed["Size"] === "number" ? parsed["Size"] : void 0;
    records2.push({ type: typeof parsed["Type"] === "string" ? parsed["Type"] : "", bytes: bytes ?? 0 });
  }
  const byKind = { layers: 0, cacheMounts: 0, contexts: 0, other: 0 };
  for (const r of records2) byKind[kindOf(r.type)] += r.bytes;
  return { totalBytes: records2.reduce((sum, r) => sum + r.bytes, 0), byKind, records: records2 };
}
function bytesSelected(records2, filters) {
  const types = filters.flatMap((f) => /^type==(.+)$/.exec(f)?.[1] ?? []);
  return records2.filter((r) => filters.length === 0 || types.includes(r.type)).reduce((sum, r) => sum + r.bytes, 0);
}
function parseDuTime(text2) {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)/.exec(text2);
  if (!match) return Number.NaN;
  return Date.parse(`${match[1]}T${match[2]}${(match[3] ?? "").slice(0, 4)}${match[4]}:${match[5]}`);
}
function mountKey(id) {
  return id.replace(/^\/+/, "");
}
function mountsCreatedAt(text2) {
  const created = /* @__PURE__ */ new Map();
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    if (!isRecord(parsed) || parsed["Type"] !== "exec.cachemount") continue;
    const id = typeof parsed["Description"] === "string" ? / with id "((?:[^"\\]|\\.)*)"$/.exec(parsed["Description"])?.[1] : void 0;
    const at = typeof parsed["CreatedAt"] === "string" ? parseDuTime(parsed["CreatedAt"]) : Number.NaN;
    if (id === void 0 || !Number.isFinite(at)) continue;
    const key2 = mountKey(id.replace(/\\(.)/g, "$1"));
    created.set(key2, Math.min(at, created.get(key2) ?? at));
  }
  return created;
}

// src/health/advisories.ts
var ADVISORY_URL = "https://github.com/moby/buildkit/security/advisories/";
var ADVISORIES = [
  { id: "GHSA-7236-3392-c5c6", cve: "", summary: "a custom frontend could run build containers without seccomp and AppArmor", fixed: "v0.31.1", introduced: "" },
  { id: "GHSA-72x6-4j93-7w86", cve: "", summary: "a crafted base image or build could exhaust buildkitd's memory", fixed: "v0.31.1", introduced: "" },
  { id: "GHSA-4vrq-3vrq-g6gg", cve: "CVE-2026-33748", summary: "a custom frontend could write files outside the build's state directory", fixed: "v0.28.1", introduced: "" },
  { id: "GHSA-4c29-8rgm-jvjj", cve: "CVE-2026-33747", summary: "a custom frontend could write files outside the execution context's state directory", fixed: "v0.28.1", introduced: "" },
  { id: "GHSA-wr6v-9f75-vh2g", cve: "CVE-2024-23653", summary: "the interactive containers API did not check the security.insecure entitlement", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-4v98-7qmw-rqr8", cve: "CVE-2024-23652", summary: "RUN --mount clean-up could remove a file outside the container, on the host", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-m3r6-h7wv-7xxv", cve: "CVE-2024-23651", summary: "a race between steps sharing cache mounts with subpaths could expose host files", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-9p26-698r-w4hx", cve: "CVE-2024-23650", summary: "a crafted client or frontend request could crash buildkitd", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-gc89-7gcr-jxqc", cve: "CVE-2023-26054", summary: "credentials in a Git URL could show in provenance attestations", fixed: "v0.11.4", introduced: "v0.11.0" }
];
function releaseNumbers(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : void 0;
}
function compareReleases(a, b) {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
function advisoriesFor(version, table = ADVISORIES) {
  const have = releaseNumbers(version);
  if (!have) return [];
  return table.filter((a) => {
    const fixed = releaseNumbers(a.fixed);
    const introduced = a.introduced ? releaseNumbers(a.introduced) : void 0;
    return fixed !== void 0 && compareReleases(have, fixed) < 0 && (!introduced || compareReleases(have, introduced) >= 0);
  });
}

// src/health/assess.ts
var NEAR = 0.9;
function kindsOf(filters) {
  if (filters.length === 0) return "all cache";
  return filters.map((f) => f.replace(/^type==/, "")).join(", ");
}
function gcFacts(rules, usage) {
  const lines = [];
  const warnings = [];
  for (const [i, rule] of rules.entries()) {
    if (rule.maxUsedBytes === void 0) continue;
    const used = bytesSelected(usage.records, rule.filters);
    const age = rule.keepDurationMs > 0 ? `, unused for ${Math.round(rule.keepDurationMs / 36e5)} h` : "";
    const headroom = rule.maxUsedBytes - used;
    lines.push(`rule ${i}: ${kindsOf(rule.filters)}${age}: ${formatSize(used)} of ${formatSize(rule.maxUsedBytes)} (${headroom >= 0 ? `${formatSize(headroom)} left` : `${formatSize(-headroom)} over`})`);
    if (used >= rule.maxUsedBytes * NEAR) {
      const what = rule.filters.length === 0 || rule.filters.some((f) => /exec\.cachemount|regular/.test(f)) ? "cache this project's builds use" : "build contexts";
      warnings.push(`The daemon's cache is ${used > rule.maxUsedBytes ? "over" : "near"} GC rule ${i}'s limit (${kindsOf(rule.filters)}: ${formatSize(used)} of ${formatSize(rule.maxUsedBytes)}): the next GC will prune ${what}${age ? ` that was${age}` : ", least recently used first"}. Give the daemon more disk or raise the limit in buildkitd.toml.`);
    }
  }
  return { lines, warnings };
}
function assessHealth(reading) {
  const facts = [];
  const warnings = [];
  const { usage } = reading;
  if (usage) {
    const k = usage.byKind;
    facts.push(["Cache on disk", `${formatSize(usage.totalBytes)}: layers ${formatSize(k.layers)}, cache mounts ${formatSize(k.cacheMounts)}, build contexts ${formatSize(k.contexts)}, other ${formatSize(k.other)}`]);
    const gc = gcFacts(reading.gcPolicy, usage);
    if (gc.lines.length > 0) facts.push(["GC limits", gc.lines.join("; ")]);
    warnings.push(...gc.warnings);
  }
  if (reading.recentBuilds !== void 0) facts.push(["Builds in the last 24 h", String(reading.recentBuilds)]);
  for (const why of reading.unreadable) facts.push(["Not read", why]);
  for (const a of advisoriesFor(reading.buildkitVersion)) {
    warnings.push(`The daemon runs BuildKit ${reading.buildkitVersion}, affected by ${a.id}${a.cve ? ` (${a.cve})` : ""}: ${a.summary}. Upgrade it to ${a.fixed} or later: ${ADVISORY_URL}${a.id}`);
  }
  return { facts, warnings };
}

// src/run/health.ts
async function readHealth(job, builder, read, history) {
  const unreadable = [];
  const [usage, recentBuilds] = await Promise.all([
    read(["du", "--format", "json"]).then(parseDiskUsage).catch((err) => {
      unreadable.push(`disk usage (${errorMessage(err)})`);
      return void 0;
    }),
    history.then((text2) => countRecentBuilds(text2, job.ctx.now())).catch((err) => {
      unreadable.push(`build history (${errorMessage(err)})`);
      return void 0;
    })
  ]);
  return assessHealth({ buildkitVersion: builder.buildkitVersion, gcPolicy: builder.gcPolicy, usage, recentBuilds, unreadable });
}

// src/health/records.ts
var str = (o, key2) => typeof o[key2] === "string" ? o[key2] : "";
function shortRef(ref) {
  return ref.slice(ref.lastIndexOf("/") + 1);
}
function parseRecordList(text2) {
  const entries = [];
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    if (!isRecord(parsed)) continue;
    entries.push({ ref: shortRef(str(parsed, "ref")), repository: str(parsed, "name"), status: str(parsed, "status"), createdAt: Date.parse(str(parsed, "created_at")), completedAt: Date.parse(str(parsed, "completed_at")) });
  }
  return entries.filter((e) => e.status === "Completed").sort((a, b) => b.createdAt - a.createdAt);
}
function parseRecordDetails(text2) {
  const parsed = JSON.parse(text2);
  const o = isRecord(parsed) ? parsed : {};
  const args = {};
  for (const a of Array.isArray(o["BuildArgs"]) ? o["BuildArgs"] : []) if (isRecord(a)) args[str(a, "Name")] = str(a, "Value");
  return {
    ref: str(o, "Ref"),
    repository: str(o, "VCSRepository"),
    dockerfile: str(o, "Dockerfile"),
    target: str(o, "Target"),
    buildArgs: args
  };
}
function fromRepository(recordRepository, project) {
  const url = recordRepository.toLowerCase().replace(/\/+$/, "").replace(/\.git$/, "");
  return project !== "" && url.endsWith(`/${project.toLowerCase()}`);
}
function sameProject(record, project) {
  const base = (path) => path.slice(path.lastIndexOf("/") + 1) || "Dockerfile";
  return fromRepository(record.repository, project.repository) && base(record.dockerfile) === base(project.dockerfile || "Dockerfile") && record.target === project.target;
}
function buildArgValues(lines) {
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.includes("=") ? l.indexOf("=") : l.length), l.includes("=") ? l.slice(l.indexOf("=") + 1) : ""]));
}

// src/run/previous.ts
import { stat as stat2 } from "node:fs/promises";
import { dirname as dirname2, join as join8, resolve } from "node:path";

// src/health/compare.ts
var DIGEST = /@sha256:[0-9a-f]{64}/;
function key(step) {
  const at = position(step);
  return at ? `${at.stage} ${at.index}` : step.name;
}
function position(step) {
  const match = /^\[(?:(\S+)\s+)?(\d+)\/\d+\]/.exec(step.name);
  return match ? { stage: match[1] ?? "", index: Number(match[2]) } : void 0;
}
function instruction(step) {
  return /^(?:\[[^\]]*\]\s*)?(\w+)/.exec(step.name)?.[1]?.toUpperCase() ?? "";
}
function sameBase(step, previous) {
  return instruction(step) === "FROM" && DIGEST.exec(step.name)?.[0] === DIGEST.exec(previous.name)?.[0];
}
function changedArgs(before, now) {
  const names = [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  return names.filter((n) => before[n] !== now[n]).map((n) => `${n}: ${before[n] ?? "(unset)"} \u2192 ${now[n] ?? "(unset)"}`);
}
function baseDigests(steps) {
  const bases = /* @__PURE__ */ new Map();
  for (const step of steps) {
    const at = position(step);
    const digest = DIGEST.exec(step.name)?.[0];
    if (at && digest && instruction(step) === "FROM") bases.set(at.stage, digest);
  }
  return bases;
}
function causeOf(step, base, args, noCache) {
  if (noCache) return "no-cache was set";
  if (base.was && base.is && base.was !== base.is) return `the base image resolved to a new digest (${base.was.slice(8, 20)} \u2192 ${base.is.slice(8, 20)})`;
  if (instruction(step) === "COPY" || instruction(step) === "ADD") return "the files it copies changed";
  if (instruction(step) === "RUN" && args.length > 0) return `a build argument changed (${args.join(", ")})`;
  return "the records do not tell (an earlier step's result or the step itself changed)";
}
var NOTICEABLE_MS = 1e3;
function ratio(now, before) {
  if (before <= 0 || now <= 0) return "";
  if (Math.abs(now - before) < NOTICEABLE_MS) return "about as fast as";
  const r = now / before;
  if (r >= 1.15) return `${r.toFixed(1)}\xD7 slower than`;
  if (r <= 1 / 1.15) return `${(1 / r).toFixed(1)}\xD7 faster than`;
  return "about as fast as";
}
function compareBuilds(previous, current, seconds2) {
  if (!previous) {
    return { headline: "the first build of this project in the daemon's history (or its earlier records were removed)", reran: [] };
  }
  const [was, is] = [previous.wallMs, current.analysis.wallMs];
  const headline2 = `${ratio(is, was) || "compared with"} the last build of this project (${seconds2(was)} \u2192 ${seconds2(is)}, record ${previous.ref.slice(0, 12)})`;
  const before = new Map(previous.steps.map((s) => [key(s), s]));
  const args = changedArgs(previous.buildArgs, current.buildArgs);
  const again = current.analysis.steps.map((step) => ({ step, at: position(step), was: before.get(key(step)) })).filter((s) => !s.step.cached && s.at !== void 0 && s.was?.cached === true && !sameBase(s.step, s.was)).sort((a, b) => (a.at?.stage ?? "").localeCompare(b.at?.stage ?? "") || (a.at?.index ?? 0) - (b.at?.index ?? 0));
  const [basesBefore, basesNow] = [baseDigests(previous.steps), baseDigests(current.analysis.steps)];
  const reran = [];
  const stagesSeen = /* @__PURE__ */ new Set();
  for (const { step, at } of again) {
    const stage = at?.stage ?? "";
    if (stagesSeen.has(stage)) continue;
    stagesSeen.add(stage);
    const base = { was: basesBefore.get(stage), is: basesNow.get(stage) };
    reran.push({ step: shown(step), cause: causeOf(step, base, args, current.noCache), startMs: step.startMs });
  }
  const first = Math.min(...reran.map((r) => r.startMs));
  const named = reran.map((r) => ({ step: r.step, cause: r.startMs > first && !current.noCache ? `${r.cause}, or a stage it depends on ran again` : r.cause }));
  return { headline: headline2, reran: withEmptiedMounts(named, current, previous.completedAt) };
}
function shown(step) {
  return step.name.replace(DIGEST, (d) => `@${d.slice(1, 20)}\u2026`);
}
function withEmptiedMounts(reran, current, lastEnded) {
  const created = current.mountsCreatedAt;
  const out = reran.map((r) => ({ ...r }));
  if (!created || !Number.isFinite(lastEnded)) return out;
  for (const step of current.analysis.steps) {
    if (step.cached) continue;
    const emptied = cacheMountsOf(step.name).filter((m) => (created.get(mountKey(m.id)) ?? Number.NEGATIVE_INFINITY) > lastEnded);
    if (emptied.length === 0) continue;
    const note = `its cache mount${emptied.length > 1 ? "s" : ""} ${emptied.map((m) => m.target).join(", ")} came back empty (created anew since the last build: the daemon's GC or a prune removed ${emptied.length > 1 ? "them" : "it"})`;
    const named = out.find((r) => r.step === shown(step));
    if (named) named.cause = `${named.cause}; ${note}`;
    else out.push({ step: shown(step), cause: note });
  }
  return out;
}
function ranSteps(analysis) {
  return analysis.steps.some((s) => !s.cached && position(s) !== void 0);
}
function ranWithCacheMount(analysis) {
  return analysis.steps.some((s) => !s.cached && cacheMountsOf(s.name).length > 0);
}

// src/run/previous.ts
var LOOK_AT = 5;
async function findEarlierBuilds(job, read, history) {
  const project = { repository: job.ctx.platform.job.repository, dockerfile: job.inputs.file, target: job.inputs.target };
  if (!await inGitCheckout(resolve(job.ctx.host.cwd, job.inputs.context))) {
    return { notCompared: "the build context is not in a Git checkout, and the daemon's records name a project only by its Git repository" };
  }
  try {
    const recent = parseRecordList(await history).filter((r) => fromRepository(r.repository, project.repository)).slice(0, LOOK_AT);
    const inspections = /* @__PURE__ */ new Map();
    const inspect = (ref) => {
      const reading = inspections.get(ref) ?? read(["history", "inspect", ref, "--format", "json"]).then(parseRecordDetails);
      inspections.set(ref, reading);
      return reading;
    };
    if (recent[0]) inspect(recent[0].ref).catch(() => void 0);
    const previous = async (ownRef, withSteps) => {
      for (const entry of recent.filter((r) => r.ref !== ownRef)) {
        const details = await inspect(entry.ref);
        if (!sameProject(details, project)) continue;
        const steps = withSteps ? analyzeProgress(await read(["history", "logs", entry.ref, "--progress", "rawjson"])) : void 0;
        return {
          ref: entry.ref,
          buildArgs: details.buildArgs,
          completedAt: entry.completedAt,
          wallMs: steps?.wallMs ?? entry.completedAt - entry.createdAt,
          steps: steps?.steps ?? []
        };
      }
      return void 0;
    };
    return { previous, mountsCreatedAt: async () => mountsCreatedAt(await read(["du", "--format", "json", "--filter", "type=exec.cachemount"])) };
  } catch (err) {
    return { notCompared: `the daemon's history could not be read (${errorMessage(err)})` };
  }
}
async function inGitCheckout(dir) {
  for (let at = dir; ; at = dirname2(at)) {
    if (await stat2(join8(at, ".git")).then(() => true, () => false)) return true;
    if (dirname2(at) === at) return false;
  }
}
async function compareWithEarlier(earlier, ownRef, current) {
  if ("notCompared" in earlier) return { headline: `not compared with the last build: ${earlier.notCompared}`, reran: [] };
  try {
    const previous = await earlier.previous(shortRef(ownRef), ranSteps(current.analysis));
    const mounts = previous && ranWithCacheMount(current.analysis) ? await earlier.mountsCreatedAt().catch(() => void 0) : void 0;
    return compareBuilds(previous, mounts ? { ...current, mountsCreatedAt: mounts } : current, seconds);
  } catch (err) {
    return { headline: `not compared with the last build: its record could not be read (${errorMessage(err)})`, reran: [] };
  }
}

// src/run/main.ts
async function runMain(ctx) {
  const { io, job: services } = ctx.platform;
  const total = stopwatch(ctx.now);
  maskSecretInputs(io);
  const { inputs, credentialPems } = parseInputs(ctx.manifest, (name) => io.getInput(name));
  maskBuildSecrets(io, inputs);
  const issuer = inputs.remote?.issuer;
  const credentials = !credentialPems ? NO_CREDENTIALS : issuer ? await (await import("./obtain-FK6YTF7Q.js")).obtainCertificate({ io, env: ctx.host.env, caCertPem: credentialPems.caCertPem, issuer, now: ctx.now(), timeoutMs: inputs.connectTimeoutMs }) : checkCredentials(io, credentialPems, ctx.now());
  if ("reason" in credentials) mayFallBack(inputs, credentials);
  const logins = services.registryLogins();
  const ws = await createWorkspace(services.tempDir, services.tempDirVariable).catch(async (error) => {
    const report = makeReport({ inputs, connection: void 0, fellBack: void 0, rebuiltOn: void 0, built: void 0, mounts: void 0, stoppedBuildMs: 0, saveMountsMs: 0, removeMs: 0, failure: { error }, health: void 0, comparison: void 0, totalMs: total() });
    await endStep(io, inputs.summary, { error }, void 0, () => report);
    throw error;
  });
  io.saveState(STATE.workspace, ws.dir);
  await services.holdCache?.();
  const where = logins.length > 0 ? { buildxConfig: ws.buildxConfig, dockerConfig: ws.dockerConfig } : { buildxConfig: ws.buildxConfig };
  const job = { ctx, inputs, ws, where, buildx: findBuildx(io, ctx.buildx, inputs.buildxVersion) };
  let connection;
  let fellBack;
  let rebuiltOn;
  let built;
  let mounts;
  let saveMountsMs = 0;
  let stoppedBuildMs = 0;
  let failure;
  let reading;
  let earlier;
  try {
    if (logins.length > 0) {
      await writeDockerConfig(ws.dockerConfig, logins, ctx.host);
      io.info(`Logged in to ${logins.map((l) => l.registry).join(", ")} for this build`);
    }
    connection = inputs.remote && !("reason" in credentials) ? await connect2(job, inputs.remote, credentials) : { ok: false, failure: "reason" in credentials ? credentials : NO_CREDENTIALS, ms: 0 };
    const fallBackFrom = async (why) => {
      mayFallBack(inputs, why);
      return fallBack(job, why);
    };
    const target = connection.ok ? connection.target : (fellBack = await fallBackFrom(connection.failure)).target;
    if (connection.ok) {
      const read = daemonReader(job, connection.builder.name);
      const history = listHistory(read);
      reading = readHealth(job, connection.builder, read, history);
      earlier = findEarlierBuilds(job, read, history);
    }
    try {
      if (fellBack) {
        ({ built, mounts, stoppedMs: stoppedBuildMs, saveMountsMs } = await buildOnFallbackOrDisk(job, fellBack, (on, watch) => buildPushingAgain(job, on, watch), (again) => fellBack = again));
      } else built = await buildPushingAgain(job, target);
    } catch (err) {
      if (err instanceof BuildFailedError && !err.cancelled) failOnRegistry(err);
      if (fellBack || !(err instanceof BuildFailedError) || err.cancelled || !lostConnection(err.stderr)) throw err;
      rebuiltOn = await fallBackFrom({ reason: "remote-failed", message: "the connection to the remote daemon was lost during the build", misconfigured: false });
      ({ built, mounts, stoppedMs: stoppedBuildMs, saveMountsMs } = await buildOnFallbackOrDisk(job, rebuiltOn, (on, watch) => buildOnce(job, on, "Building again on the fallback builder", watch), (again) => rebuiltOn = again));
    }
    try {
      setOutputs(io, built.result, builderFacts({ inputs, connection, fellBack, rebuiltOn }));
    } catch (err) {
      throw new Error(`The build succeeded, but the step's outputs could not be written: ${errorMessage(err)}`);
    }
  } catch (err) {
    failure = { error: err };
  }
  const health = reading && !rebuiltOn ? await reading.catch(() => void 0) : void 0;
  health?.warnings.forEach((w) => io.warning(w));
  const ownRef = built ? shortRef(built.ref) : "";
  const comparison = earlier && built && !rebuiltOn ? await earlier.then((e) => compareWithEarlier(e, ownRef, { buildArgs: buildArgValues(inputs.buildArgs), noCache: inputs.noCache, analysis: built.analysis })).catch(() => void 0) : void 0;
  const made = [fellBack, rebuiltOn].flatMap((f) => f?.owned ? [f] : []);
  const owned = { names: made.map((f) => f.target.name), containers: made.flatMap((f) => f.ownContainer ? [f.target.name] : []) };
  let removeMs = 0;
  const removing = async () => {
    const elapsed = stopwatch(ctx.now);
    await cleanUp(io, ws.dir, owned.names.length > owned.containers.length ? await job.buildx().catch(() => void 0) : void 0, owned, ctx.host.env);
    removeMs = owned.names.length > 0 ? elapsed() : 0;
  };
  await endStep(
    io,
    inputs.summary,
    failure,
    removing,
    () => makeReport({ inputs, connection, fellBack, rebuiltOn, built, mounts, stoppedBuildMs, saveMountsMs, removeMs, failure, health, comparison, totalMs: total() })
  );
}
function mayFallBack(inputs, failure) {
  if (decideFallback(inputs.fallback, failure) === "fail") throw failWith(failure, inputs.fallback);
}
function setOutputs(io, result, builder) {
  io.setOutput("digest", result.digest);
  io.setOutput("imageid", result.imageId);
  io.setOutput("metadata", result.json);
  io.setOutput("builder", builder.builder);
  io.setOutput("duration", String(result.durationMs));
  io.setOutput("builder-mode", builder.mode);
  io.setOutput("fallback-reason", builder.fallbackReason);
}
async function endStep(io, summary, failure, removing, report) {
  const end = new StepEnd(failure);
  if (removing) await end.run("Removing the builder, certificates and secrets", removing);
  let made;
  await end.run("Making the report", async () => made = await report());
  if (made) {
    const told = end.laterErrors.length === 0 ? made : { ...made, outcome: made.outcome === "succeeded" ? "failed" : made.outcome, error: [made.error, ...end.laterErrors].filter(Boolean).join("\n") };
    if (summary) await end.run("Writing the step summary", () => io.writeSummary(renderSummary(told)));
    await end.run("Printing the summary", () => io.logSummary(renderSummaryText(told)));
  }
  end.settle();
}
function failOnRegistry(err) {
  const failure = registryFailure(err.stderr);
  if (!failure) return;
  throw new BuildFailedError(
    `The registry ${failure.registry} failed the build (${failure.cause}); the builder itself is fine, so the build does not fall back. Fix: check that ${failure.registry} is up, reachable from the BuildKit daemon and logged in to, and the image names in the Dockerfile, tags, outputs and cache inputs`,
    err.analysis,
    false,
    err.stderr
  );
}

// src/main.ts
async function main() {
  const host = processHost();
  const platform = selectPlatform(host.env, systemClock);
  const cancel = new AbortController();
  const onSignal = (signal) => {
    platform.io.warning(`Received ${signal}: cancelling the build`);
    cancel.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const manifest = parseManifest(readFileSync(fileURLToPath(new URL("../action.yml", import.meta.url)), "utf8"));
    await runMain({ platform, manifest, signal: cancel.signal, now: systemClock, host, buildx: hostBuildx(host) });
  } catch (err) {
    platform.io.fail(errorMessage(err));
  }
}
function exitWhenWritten() {
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}
main().catch((err) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}
`);
  process.exitCode = 1;
}).finally(exitWhenWritten);
