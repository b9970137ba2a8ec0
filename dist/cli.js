#!/usr/bin/env node
import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  CA_FILES,
  SERVER_FILES,
  clientFiles,
  issueLeaf,
  loadAuthority,
  makeAuthority,
  validityFor
} from "./chunk-QFAMP7SC.js";
import {
  require_Reflect
} from "./chunk-MMCOLJUF.js";
import "./chunk-PUCBTEST.js";
import {
  UserError,
  __toESM,
  errorMessage
} from "./chunk-B65RHDLF.js";

// src/cli.ts
var import_reflect_metadata = __toESM(require_Reflect(), 1);

// src/cli/args.ts
import { join } from "node:path";

// src/cli/names.ts
import { isIP } from "node:net";
var LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
var HOW = "pass the host name or IP address that CI connects to, such as --host buildkit.example.com --host 203.0.113.7";
function parseSubjectNames(option, values) {
  const names = [];
  const seen = /* @__PURE__ */ new Set();
  for (const raw of values.flatMap((v) => v.split(","))) {
    const value = raw.trim().toLowerCase();
    if (value === "") continue;
    const name = subjectName(option, value);
    if (seen.has(`${name.type}:${name.value}`)) continue;
    seen.add(`${name.type}:${name.value}`);
    names.push(name);
  }
  if (names.length === 0) throw new UserError(option, "is missing: the server certificate needs at least one name", HOW);
  return names;
}
function subjectName(option, value) {
  const bracketless = value.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bracketless) !== 0) return { type: "ip", value: bracketless };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value) || /:\d+$/.test(value)) {
    throw new UserError(option, `"${value}" is an address, not a host`, "pass the host alone, without scheme or port: tcp://buildkit.example.com:1234 becomes --host buildkit.example.com");
  }
  const labels = (value.startsWith("*.") ? value.slice(2) : value).replace(/\.$/, "").split(".");
  if (value.length > 253 || !labels.every((label) => LABEL.test(label))) {
    throw new UserError(option, `"${value}" is neither a DNS name nor an IP address`, HOW);
  }
  return { type: "dns", value: value.replace(/\.$/, "") };
}
function describeSubjectName(name) {
  return name.type === "dns" ? `DNS:${name.value}` : `IP Address:${name.value}`;
}

// src/cli/args.ts
var DEFAULTS = Object.freeze({ out: "buildkit-certs", serverDays: 365, clientDays: 90, caDays: 3650 });
var MAX_DAYS = 36500;
var OPTIONS = {
  init: {
    "--host": "list",
    "--out": "value",
    "--pool": "value",
    "--name": "value",
    "--days": "value",
    "--ca-days": "value",
    "--print-secrets": "flag",
    "--force": "flag"
  },
  server: { "--host": "list", "--out": "value", "--pool": "value", "--ca-cert": "value", "--ca-key": "value", "--days": "value", "--force": "flag" },
  client: {
    "--name": "value",
    "--out": "value",
    "--pool": "value",
    "--ca-cert": "value",
    "--ca-key": "value",
    "--days": "value",
    "--renew": "flag",
    "--print-secrets": "flag",
    "--force": "flag"
  }
};
function parseCommandLine(argv) {
  const [command, subcommand, ...rest] = argv;
  if (command === void 0 || isHelp(command) || command === "help") return { kind: "help", topic: "main" };
  if (command !== "certs") {
    throw new UserError(`"${command}"`, "is not a command", "run remote-buildkit certs init --host NAME, remote-buildkit issuer, or remote-buildkit --help");
  }
  if (subcommand === void 0 || isHelp(subcommand)) return { kind: "help", topic: "certs" };
  if (subcommand !== "init" && subcommand !== "server" && subcommand !== "client") {
    throw new UserError(`"certs ${subcommand}"`, "is not a command", "use certs init, certs server or certs client (remote-buildkit certs --help)");
  }
  if (rest.some(isHelp)) return { kind: "help", topic: subcommand };
  const given = readOptions(subcommand, rest);
  const pool = poolName(single(given, "--pool"));
  const base = single(given, "--out") ?? DEFAULTS.out;
  const target = { out: pool === void 0 ? base : join(base, pool), pool, force: given.has("--force") };
  const name = clientName(single(given, "--name"));
  const printSecrets = given.has("--print-secrets");
  if (subcommand === "init") {
    const caDays = positiveDays(given, "--ca-days", DEFAULTS.caDays);
    const days = given.has("--days") ? positiveDays(given, "--days", DEFAULTS.serverDays) : void 0;
    if (days !== void 0 && days > caDays) {
      throw new UserError("--days", `(${days}) outlasts the CA (--ca-days ${caDays})`, "give --days no more than --ca-days");
    }
    const hosts = parseSubjectNames("--host", given.get("--host") ?? []);
    return { kind: "init", ...target, hosts, name, serverDays: days ?? DEFAULTS.serverDays, clientDays: days ?? DEFAULTS.clientDays, caDays, printSecrets };
  }
  const ca = { caCert: single(given, "--ca-cert") ?? join(target.out, CA_FILES.cert), caKey: single(given, "--ca-key") ?? join(target.out, CA_FILES.key) };
  if (subcommand === "server") {
    return { kind: "server", ...target, hosts: parseSubjectNames("--host", given.get("--host") ?? []), days: positiveDays(given, "--days", DEFAULTS.serverDays), ca };
  }
  return { kind: "client", ...target, name, days: positiveDays(given, "--days", DEFAULTS.clientDays), ca, renew: given.has("--renew"), printSecrets };
}
function isHelp(arg) {
  return arg === "--help" || arg === "-h";
}
function readOptions(subcommand, args) {
  const allowed = OPTIONS[subcommand];
  const given = /* @__PURE__ */ new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (!arg.startsWith("--")) {
      const guess = subcommand === "client" ? `--name ${arg}` : `--host ${arg}`;
      throw new UserError(`"${arg}"`, `is not an option of certs ${subcommand}`, `name what it is, as in ${guess}`);
    }
    const at = arg.indexOf("=");
    const option = at === -1 ? arg : arg.slice(0, at);
    const kind = allowed[option];
    if (kind === void 0) {
      const near = nearest(Object.keys(allowed), option);
      throw new UserError(
        option,
        `is not an option of certs ${subcommand}`,
        `${near ? `did you mean ${near}? ` : ""}The options are ${Object.keys(allowed).join(", ")} (remote-buildkit certs ${subcommand} --help)`
      );
    }
    let value;
    if (kind === "flag") {
      if (at !== -1) throw new UserError(option, "takes no value", `write ${option} alone`);
      value = "";
    } else if (at !== -1) {
      value = arg.slice(at + 1);
    } else {
      value = args[i + 1];
      if (value === void 0 || value.startsWith("--")) throw new UserError(option, "needs a value", `write ${option} ${placeholder(option)}`);
      i++;
    }
    if (kind !== "list" && given.has(option)) throw new UserError(option, "is given twice", "give it once");
    given.set(option, [...given.get(option) ?? [], value]);
  }
  return given;
}
function single(given, option) {
  const value = given.get(option)?.[0];
  if (value === "") throw new UserError(option, "is empty", `write ${option} ${placeholder(option)}`);
  return value;
}
function positiveDays(given, option, fallback) {
  const text = single(given, option);
  if (text === void 0) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_DAYS) {
    throw new UserError(option, `"${text}" is not a whole number of days from 1 to ${MAX_DAYS}`, `write ${option} ${fallback}, for example`);
  }
  return Number(text);
}
function clientName(name) {
  if (name === void 0) return void 0;
  if (!/^[a-z0-9]([a-z0-9._-]{0,62})$/i.test(name)) {
    throw new UserError("--name", `"${name}" is not a usable name`, "use letters, digits, dots, dashes and underscores, such as --name gitlab-ci");
  }
  return name;
}
function poolName(pool) {
  if (pool === void 0) return void 0;
  if (!/^[a-z0-9]([a-z0-9-]{0,50}[a-z0-9])?$/.test(pool)) {
    throw new UserError("--pool", `"${pool}" is not a usable pool name`, "use lower-case letters, digits and dashes, such as --pool release");
  }
  return pool;
}
function placeholder(option) {
  const examples = {
    "--host": "buildkit.example.com",
    "--out": "DIR",
    "--name": "NAME",
    "--pool": "NAME",
    "--days": String(DEFAULTS.serverDays),
    "--ca-days": String(DEFAULTS.caDays),
    "--ca-cert": "ca.pem",
    "--ca-key": "ca-key.pem"
  };
  return examples[option] ?? "VALUE";
}
function nearest(options, typed) {
  const bare = typed.replace(/^-+/, "");
  return options.find((o) => {
    const name = o.replace(/^-+/, "");
    return editDistance(name, bare) <= (name.length <= 4 ? 1 : 2);
  });
}
function editDistance(a, b) {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0));
  const at = (i, j) => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

// src/cli/command.ts
import { readFile } from "node:fs/promises";
import { resolve as resolve2 } from "node:path";

// src/cli/files.ts
import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, rename, rm } from "node:fs/promises";
import { join as join2 } from "node:path";
async function existingFiles(dir, names) {
  const found = [];
  for (const name of names) {
    try {
      await lstat(join2(dir, name));
      found.push(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return found;
}
async function writeFiles(dir, files, replace) {
  await mkdir(dir, { recursive: true, mode: 448 });
  for (const file of files) {
    const target = join2(dir, file.name);
    const mode = file.secret ? 384 : 420;
    if (!replace) {
      await writeNew(target, file.content, mode);
      continue;
    }
    const temporary = join2(dir, `.${file.name}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeNew(temporary, file.content, mode);
      await rename(temporary, target);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }
}
async function writeNew(path, content, mode) {
  const handle = await open(path, "wx", mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}
function isNotFound(err) {
  return typeof err === "object" && err !== null && "code" in err && err.code === "ENOENT";
}

// src/cli/report.ts
import { resolve } from "node:path";
var CI_SECRET_NAMES = Object.freeze({ ca: "BUILDKIT_CA", cert: "BUILDKIT_CERT", key: "BUILDKIT_KEY" });
function reportText(parts) {
  const width = Math.max(...parts.files.map((f) => f.name.length));
  const lines = [`Wrote to ${parts.dir}:`];
  for (const file of parts.files) {
    lines.push(`  ${file.name.padEnd(width)}  ${file.what}${file.secret ? `: SECRET. ${file.secret}` : ""}`);
  }
  for (const note of parts.notes) lines.push("", note);
  if (parts.daemon) lines.push("", ...daemonText(parts.dir, parts.daemon));
  if (parts.ci) lines.push("", ...ciText(parts.dir, parts.ci));
  return `${lines.join("\n")}
`;
}
function daemonText(dir, files) {
  const path = (name) => shellQuote(resolve(dir, name));
  const namespace = files.pool === void 0 ? "buildkit" : `buildkit-${files.pool}`;
  const create = [
    `  kubectl create secret generic buildkitd-tls --namespace ${namespace} --type kubernetes.io/tls \\`,
    `    --from-file=ca.crt=${path(files.ca)} \\`,
    `    --from-file=tls.crt=${path(files.cert)} \\`,
    `    --from-file=tls.key=${path(files.key)}${files.replacing ? " \\" : ""}`
  ];
  const kubernetes = files.replacing ? [...create, "    --dry-run=client --output yaml | kubectl apply --filename -", `  kubectl rollout restart statefulset/buildkitd --namespace ${namespace}`] : create;
  return [
    `The daemon needs ${files.ca}, ${files.cert} and ${files.key}, and must be started with all three:`,
    `  buildkitd --tlscacert ${files.ca} --tlscert ${files.cert} --tlskey ${files.key} ...`,
    `On Kubernetes (${files.pool === void 0 ? "deploy/kubernetes" : `an overlay of deploy/kubernetes for the pool, namespace ${namespace}`}), ${files.replacing ? "replace" : "store"} them as the Secret buildkitd-tls${files.replacing ? " and restart the daemons" : ""}:`,
    ...kubernetes,
    `On a single host (deploy/single-host), copy them to /etc/buildkit/tls/${files.replacing ? " and restart buildkitd" : ""}.`
  ];
}
function ciText(dir, values) {
  const value = (pem) => Buffer.from(pem).toString("base64");
  const key = values.printSecrets ? [`${CI_SECRET_NAMES.key}  (the client private key: SECRET, it lets whoever holds it run builds on the daemon)`, value(values.key)] : [
    `${CI_SECRET_NAMES.key}  (the client private key: SECRET, not printed; store it from its file, or pass --print-secrets)`,
    `  base64 -w0 ${shellQuote(resolve(dir, values.keyFile))} | gh secret set ${CI_SECRET_NAMES.key}`
  ];
  return [
    "Store these three values as CI secrets, each one line, copied whole (GitHub: Settings >",
    "Secrets and variables > Actions; GitLab: Settings > CI/CD > Variables, masked and protected).",
    "",
    `${CI_SECRET_NAMES.ca}  (the CA certificate; not secret)`,
    value(values.ca),
    "",
    `${CI_SECRET_NAMES.cert}  (the client certificate; not secret)`,
    value(values.cert),
    "",
    ...key,
    "",
    "Then pass them to the step:",
    `  ca-cert: \${{ secrets.${CI_SECRET_NAMES.ca} }}`,
    `  client-cert: \${{ secrets.${CI_SECRET_NAMES.cert} }}`,
    `  client-key: \${{ secrets.${CI_SECRET_NAMES.key} }}`
  ];
}
function shellQuote(text) {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

// src/cli/worktree.ts
import { lstat as lstat2 } from "node:fs/promises";
import { dirname, join as join3 } from "node:path";
async function gitWorkTreeOf(dir) {
  for (let at = dir; ; at = dirname(at)) {
    if (await exists(join3(at, ".git"))) return at;
    if (dirname(at) === at) return void 0;
  }
}
async function exists(path) {
  try {
    await lstat2(path);
    return true;
  } catch {
    return false;
  }
}

// src/cli/command.ts
var DEFAULT_CLIENT_NAME = "ci";
var KEEP_CA_KEY = "Keep it offline; it is needed only to issue more certificates";
var KEEP_SERVER_KEY = "Only the daemon reads it";
var KEEP_CLIENT_KEY = "It lets whoever holds it run builds on the daemon";
async function runCertsCommand(command, context) {
  const dir = resolve2(context.cwd, command.out);
  await refuseWorkTree(dir, command.force);
  switch (command.kind) {
    case "init":
      return init(command, dir, context.now);
    case "server":
      return server(command, dir, context);
    case "client":
      return client(command, dir, context);
  }
}
async function init(command, dir, now) {
  const client2 = clientFiles(command.name);
  const names = [CA_FILES.cert, CA_FILES.key, SERVER_FILES.cert, SERVER_FILES.key, client2.cert, client2.key];
  const existing = await refuseExisting(dir, names, command.force, "pass --force to replace them (every certificate the old CA issued stops working), or choose another --out directory");
  const caName = `remote-buildkit CA${command.pool === void 0 ? "" : ` ${command.pool}`} ${now.toISOString().slice(0, 10)}`;
  const { authority, issued: ca } = await makeAuthority(caName, validityFor(now, command.caDays));
  const serverCert = await issueServer(authority, command.hosts, validityFor(now, command.serverDays));
  const clientCert = await issueLeaf(authority, { usage: "client", commonName: command.name ?? DEFAULT_CLIENT_NAME }, validityFor(now, command.clientDays));
  await writeFiles(dir, [
    ...pair(CA_FILES, ca),
    ...pair(SERVER_FILES, serverCert),
    ...pair(client2, clientCert)
  ], command.force);
  return reportText({
    dir,
    files: [
      { name: CA_FILES.cert, what: `the CA certificate${poolNote(command.pool)}, valid until ${day(ca.notAfter)}` },
      { name: CA_FILES.key, what: "the CA private key", secret: KEEP_CA_KEY },
      ...serverLines(command.hosts, serverCert),
      ...clientLines(command.name, clientCert)
    ],
    notes: [],
    daemon: { ca: CA_FILES.cert, cert: SERVER_FILES.cert, key: SERVER_FILES.key, replacing: existing.length > 0, pool: command.pool },
    ci: { ca: ca.certPem, cert: clientCert.certPem, key: clientCert.keyPem, keyFile: client2.key, printSecrets: command.printSecrets }
  });
}
async function server(command, dir, context) {
  const { authority } = await readAuthority(command.ca, context);
  const existing = await refuseExisting(
    dir,
    [SERVER_FILES.cert, SERVER_FILES.key],
    command.force,
    "pass --force to replace them, then hand the new files to the daemon"
  );
  const { validity, notes } = withinCa(authority, validityFor(context.now, command.days));
  const serverCert = await issueServer(authority, command.hosts, validity);
  await writeFiles(dir, pair(SERVER_FILES, serverCert), command.force);
  const caPath = resolve2(context.cwd, command.ca.caCert);
  return reportText({
    dir,
    files: serverLines(command.hosts, serverCert),
    notes,
    // The CA file is named by its path when it is not the directory's own ca.pem.
    daemon: { ca: caPath === resolve2(dir, CA_FILES.cert) ? CA_FILES.cert : caPath, cert: SERVER_FILES.cert, key: SERVER_FILES.key, replacing: existing.length > 0, pool: command.pool }
  });
}
async function client(command, dir, context) {
  const { authority, caPem } = await readAuthority(command.ca, context);
  const files = clientFiles(command.name);
  const name = command.name ?? DEFAULT_CLIENT_NAME;
  if (command.renew) {
    const existing = await existingFiles(dir, [files.cert, files.key]);
    if (existing.length < 2) {
      throw new UserError("--renew", `${dir} holds no ${files.cert} and ${files.key} to renew`, `issue it first with certs client${command.name === void 0 ? "" : ` --name ${command.name}`}, or check --out, --pool and --name`);
    }
  } else {
    await refuseExisting(
      dir,
      [files.cert, files.key],
      command.force,
      command.name === void 0 ? "pass --renew to replace it with a new certificate and key, or --name NAME to issue another client certificate beside it" : "pass --renew to replace it with a new certificate and key, or another --name"
    );
  }
  const { validity, notes } = withinCa(authority, validityFor(context.now, command.days));
  const clientCert = await issueLeaf(authority, { usage: "client", commonName: name }, validity);
  await writeFiles(dir, pair(files, clientCert), command.force || command.renew);
  const renewed = command.renew ? [`Renewed "${name}": the old certificate stays valid until it expires; update both CI secrets now.`] : [];
  return reportText({
    dir,
    files: clientLines(command.name, clientCert),
    notes: [...notes, ...renewed, "The daemon needs no change: it trusts every client certificate its CA issued."],
    ci: { ca: caPem, cert: clientCert.certPem, key: clientCert.keyPem, keyFile: files.key, printSecrets: command.printSecrets }
  });
}
async function issueServer(authority, hosts, validity) {
  return issueLeaf(authority, { usage: "server", commonName: hosts[0]?.value ?? "buildkitd", names: hosts }, validity);
}
async function readAuthority(ca, context) {
  const certPath = resolve2(context.cwd, ca.caCert);
  const keyPath = resolve2(context.cwd, ca.caKey);
  const caPem = await readInput("--ca-cert", certPath);
  const keyPem = await readInput("--ca-key", keyPath);
  const authority = await loadAuthority(caPem, keyPem, { certOption: "--ca-cert", certPath, keyOption: "--ca-key", keyPath }, context.now);
  return { authority, caPem };
}
async function readInput(option, path) {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
    if (code === "ENOENT") {
      throw new UserError(`${option} (${path})`, "does not exist", "run remote-buildkit certs init first, or point --ca-cert and --ca-key at the CA's files (or --out at their directory)");
    }
    throw new UserError(`${option} (${path})`, `cannot be read (${code || "unknown error"})`, "check the path and its permissions");
  }
}
async function refuseWorkTree(dir, force) {
  const root = await gitWorkTreeOf(dir);
  if (root === void 0 || force) return;
  throw new UserError(
    "--out",
    `${dir} is inside the git work tree ${root}, where the private keys are one "git add" away from being published`,
    "choose a directory outside it, such as --out ~/buildkit-certs (the key of the CA belongs offline), or pass --force if it is ignored and you mean it"
  );
}
async function refuseExisting(dir, names, force, fix) {
  const existing = await existingFiles(dir, names);
  if (existing.length > 0 && !force) {
    throw new UserError("--out", `${dir} already holds ${existing.join(", ")}`, fix);
  }
  return existing;
}
function withinCa(authority, validity) {
  const caEnd = authority.cert.notAfter;
  if (validity.notAfter.getTime() <= caEnd.getTime()) return { validity, notes: [] };
  return {
    validity: { notBefore: validity.notBefore, notAfter: caEnd },
    notes: [`The CA expires on ${day(caEnd)}, before the --days asked for, so the certificate ends then too.`]
  };
}
function pair(names, issued) {
  return [
    { name: names.cert, content: issued.certPem, secret: false },
    { name: names.key, content: issued.keyPem, secret: true }
  ];
}
function serverLines(hosts, issued) {
  return [
    { name: SERVER_FILES.cert, what: `the daemon's certificate for ${hosts.map(describeSubjectName).join(", ")}, valid until ${day(issued.notAfter)}` },
    { name: SERVER_FILES.key, what: "the daemon's private key", secret: KEEP_SERVER_KEY }
  ];
}
function clientLines(name, issued) {
  const files = clientFiles(name);
  return [
    { name: files.cert, what: `the client certificate "${name ?? DEFAULT_CLIENT_NAME}", valid until ${day(issued.notAfter)}` },
    { name: files.key, what: "the client private key", secret: KEEP_CLIENT_KEY }
  ];
}
function poolNote(pool) {
  return pool === void 0 ? "" : ` of the pool "${pool}"`;
}
function day(date) {
  return date.toISOString().slice(0, 10);
}

// src/cli/help.ts
var CERTS = `Usage: remote-buildkit certs <command> [options]

Makes the certificates for mutual TLS between CI and a BuildKit daemon, and prints the values
to store as CI secrets. Keys are ECDSA P-256, written 0600; nothing is overwritten without --force.

Commands:
  init     a new CA, a server certificate for the daemon, and a first client certificate
  server   a new server certificate from the existing CA (to renew it, or to add a host name)
  client   another client certificate from the existing CA, or --renew one

Every client of a daemon can read and overwrite what every other client's builds left there
(cache mounts, layers, and secrets left in them): make one CA and one daemon pool per trust
boundary (--pool), such as release builds apart from pull-request builds.

Run remote-buildkit certs <command> --help for its options.`;
var TEXT = {
  main: `Usage: remote-buildkit certs <init|server|client> [options]
       remote-buildkit issuer --listen HOST:PORT --ca DIR --policy FILE --tls-cert FILE --tls-key FILE

remote-buildkit builds container images on a persistent remote BuildKit daemon over mutual TLS
(the GitHub Action and GitLab CI component). This command is the server side's helper.

${CERTS}

The issuer exchanges a CI job's OIDC ID token for a client certificate that lives for minutes
(remote-buildkit issuer --help).`,
  certs: CERTS,
  init: `Usage: remote-buildkit certs init --host NAME [--host NAME ...] [options]

Makes a CA, a server certificate and a client certificate in one directory, and prints the
values to store as CI secrets (the client key only with --print-secrets). Refuses a directory
inside a git work tree unless given --force.

Options:
  --host NAME     a DNS name or IP address CI connects to the daemon with; repeat it, or
                  separate names with commas. Required: the server certificate covers only these.
                  A wildcard (*.buildkitd-headless.buildkit.svc) covers one label.
  --out DIR       where to write the files (default: ${DEFAULTS.out}; made 0700)
  --pool NAME     a CA of its own for one pool of daemons: the files go to DIR/NAME
  --name NAME     the client certificate's name; its files become client-NAME-cert.pem and
                  client-NAME-key.pem (default: client-cert.pem and client-key.pem, name "ci")
  --days N        validity of the server and client certificates (default: ${DEFAULTS.serverDays}
                  for the server's, ${DEFAULTS.clientDays} for the client's)
  --ca-days N     validity of the CA (default: ${DEFAULTS.caDays})
  --print-secrets also print the client private key, base64, for CI
  --force         replace files of the same names (certificates issued before stop working),
                  and write inside a git work tree

Example:
  remote-buildkit certs init --pool release --out ~/buildkit-certs --host buildkit.example.com`,
  server: `Usage: remote-buildkit certs server --host NAME [--host NAME ...] [options]

Issues a new server certificate for the daemon from the existing CA: to renew it before it
expires, or to add a name. Client certificates stay valid. Replacing server-cert.pem and
server-key.pem needs --force.

Options:
  --host NAME     a DNS name or IP address CI connects to the daemon with (repeatable; required)
  --out DIR       the certificates directory (default: ${DEFAULTS.out})
  --pool NAME     the pool's CA and files, in DIR/NAME
  --ca-cert FILE  the CA certificate (default: DIR/ca.pem)
  --ca-key FILE   the CA private key (default: DIR/ca-key.pem)
  --days N        validity (default: ${DEFAULTS.serverDays})
  --force         replace the server certificate and key, and write inside a git work tree

Example:
  remote-buildkit certs server --host buildkit.example.com --force`,
  client: `Usage: remote-buildkit certs client [--name NAME] [options]

Issues another client certificate from the existing CA, or renews one (a new key and
certificate), and prints the values to store as CI secrets (the key only with
--print-secrets). The daemon needs no change. Clients of one CA share everything on its
daemons: a client that must not see another's cache belongs to another pool (--pool).

Options:
  --name NAME     the client's name; its files become client-NAME-cert.pem and client-NAME-key.pem
                  (without it: client-cert.pem and client-key.pem, name "ci")
  --out DIR       the certificates directory (default: ${DEFAULTS.out})
  --pool NAME     the pool's CA and files, in DIR/NAME
  --ca-cert FILE  the CA certificate (default: DIR/ca.pem)
  --ca-key FILE   the CA private key (default: DIR/ca-key.pem)
  --days N        validity (default: ${DEFAULTS.clientDays})
  --renew         replace the client's existing certificate and key with new ones
  --print-secrets also print the client private key, base64, for CI
  --force         replace files of the same names, and write inside a git work tree

Example:
  remote-buildkit certs client --pool release --name gitlab
  remote-buildkit certs client --pool release --name gitlab --renew`
};
function helpText(topic) {
  return `${TEXT[topic]}
`;
}

// src/cli.ts
async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === "issuer") return issuer(argv.slice(1));
  const command = parseCommandLine(argv);
  if (command.kind === "help") {
    process.stdout.write(helpText(command.topic));
    return;
  }
  process.stdout.write(await runCertsCommand(command, { now: /* @__PURE__ */ new Date(), cwd: process.cwd() }));
}
async function issuer(args) {
  const { parseIssuerArgs, ISSUER_HELP } = await import("./args-MCLEWVAG.js");
  const command = parseIssuerArgs(args);
  if (command === "help") {
    process.stdout.write(ISSUER_HELP);
    return;
  }
  const { startIssuer } = await import("./command-SMGHDYXC.js");
  const server2 = await startIssuer(command, { cwd: process.cwd(), now: () => /* @__PURE__ */ new Date(), log: (line) => process.stdout.write(`${line}
`) });
  const stop = () => {
    server2.close();
    server2.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
main().catch((err) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}
`);
  process.exitCode = err instanceof UserError ? 2 : 1;
});
