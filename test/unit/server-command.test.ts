import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { lstat, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { decodeCredentials } from "../../src/certs/decode.js";
import { checkCertificates } from "../../src/certs/verify.js";
import { UserError } from "../../src/errors.js";
import { parseCommandLine } from "../../src/cli/args.js";
import { runCertsCommand } from "../../src/cli/command.js";

const NOW = new Date();
const DAY = 24 * 60 * 60 * 1000;
let root: string;

async function certs(cwd: string, line: string, now = NOW): Promise<string> {
  const command = parseCommandLine(line.split(" "));
  assert.notEqual(command.kind, "help");
  if (command.kind === "help") throw new Error("unreachable");
  return runCertsCommand(command, { now, cwd });
}

async function refused(promise: Promise<unknown>, subject: RegExp, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof UserError, String(err));
    assert.match(err.subject, subject);
    assert.match(err.message, problem);
    return true;
  });
}

/** The value printed under a secret's name: the line after `NAME  (...)`. */
function printedValue(output: string, name: string): string {
  const lines = output.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`${name}  (`));
  assert.notEqual(at, -1, `${name} is not printed`);
  return lines[at + 1] ?? "";
}

// Every P-256 key in PKCS#8 starts with the same header and ASN.1 prefix (76 bytes) and ends with
// the same END line, which the printed client key shares legitimately: only the middle counts.
function assertNotPrinted(output: string, pem: string): void {
  const [, ...secretLines] = pem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
  assert.ok(secretLines.length > 0);
  for (const line of secretLines) assert.ok(!output.includes(line), "a private key line was printed");
  const b64 = Buffer.from(pem).toString("base64");
  for (let at = 128; at + 32 <= b64.length - 48; at += 32) assert.ok(!output.includes(b64.slice(at, at + 32)), "a private key's base64 was printed");
}

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

async function fresh(name: string): Promise<string> {
  return mkdtemp(join(root, `${name}-`));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), "rbk-certs-"));
});
after(() => rm(root, { recursive: true, force: true }));

describe("certs init", () => {
  it("writes the CA, server and client files, keys 0600 in a 0700 directory", async () => {
    const cwd = await fresh("init");
    await certs(cwd, "certs init --host localhost");
    const dir = join(cwd, "buildkit-certs");
    assert.equal(await mode(dir), 0o700);
    assert.deepEqual((await readdir(dir)).sort(), ["ca-key.pem", "ca.pem", "client-cert.pem", "client-key.pem", "server-cert.pem", "server-key.pem"]);
    const modes: Array<[string, number]> = [["ca.pem", 0o644], ["ca-key.pem", 0o600], ["server-cert.pem", 0o644], ["server-key.pem", 0o600], ["client-cert.pem", 0o644], ["client-key.pem", 0o600]];
    for (const [file, expected] of modes) assert.equal(await mode(join(dir, file)), expected, file);
  });

  it("prints the three CI values as the base64 of the files, marks the key SECRET, and prints no other key", async () => {
    const cwd = await fresh("print");
    const output = await certs(cwd, "certs init --host buildkit.example.com --host 203.0.113.7 --out out");
    const file = (name: string): Promise<string> => readFile(join(cwd, "out", name), "utf8");
    const ca = await file("ca.pem");
    const cert = await file("client-cert.pem");
    const key = await file("client-key.pem");
    assert.equal(printedValue(output, "BUILDKIT_CA"), Buffer.from(ca).toString("base64"));
    assert.equal(printedValue(output, "BUILDKIT_CERT"), Buffer.from(cert).toString("base64"));
    assert.equal(printedValue(output, "BUILDKIT_KEY"), Buffer.from(key).toString("base64"));
    assert.match(output, /^BUILDKIT_KEY {2}\(the client private key: SECRET/m);
    assert.match(output, /^BUILDKIT_CA {2}\(the CA certificate; not secret\)/m);
    assert.match(output, /^ {2}ca-key\.pem +the CA private key: SECRET\./m);
    assert.match(output, /^ {2}server-cert\.pem +the daemon's certificate for DNS:buildkit\.example\.com, IP Address:203\.0\.113\.7, valid until/m);
    assert.match(output, new RegExp(`--from-file=tls\\.key=${join(cwd, "out", "server-key.pem").replace(/[.]/g, "\\.")}`));
    assertNotPrinted(output, await file("ca-key.pem"));
    assertNotPrinted(output, await file("server-key.pem"));
    // What CI receives works: the action's own checks accept it.
    const facts = checkCertificates(decodeCredentials({ caCertPem: printedValue(output, "BUILDKIT_CA"), clientCertPem: printedValue(output, "BUILDKIT_CERT"), clientKeyPem: printedValue(output, "BUILDKIT_KEY") }), NOW);
    assert.equal(facts.clientSubject, "CN=ci");
    assert.equal(new X509Certificate(await file("server-cert.pem")).checkIP("203.0.113.7"), "203.0.113.7");
  });

  it("refuses to overwrite any existing file, before writing anything", async () => {
    const cwd = await fresh("refuse");
    const dir = join(cwd, "buildkit-certs");
    await certs(cwd, "certs init --host localhost");
    const before = await readFile(join(dir, "ca-key.pem"), "utf8");
    await refused(certs(cwd, "certs init --host localhost"), /^--out$/,
      /already holds ca\.pem, ca-key\.pem, server-cert\.pem, server-key\.pem, client-cert\.pem, client-key\.pem\. Fix: pass --force/);
    assert.equal(await readFile(join(dir, "ca-key.pem"), "utf8"), before);

    const partial = await fresh("partial");
    await writeFile(join(partial, "client-key.pem"), "mine");
    await refused(certs(partial, "certs init --host localhost --out ."), /^--out$/, /already holds client-key\.pem\./);
    assert.deepEqual(await readdir(partial), ["client-key.pem"]);
  });

  it("with --force, replaces the files with fresh keys, 0600 again, and replaces a symbolic link instead of following it", async () => {
    const cwd = await fresh("force");
    const dir = join(cwd, "buildkit-certs");
    await certs(cwd, "certs init --host localhost");
    const oldKey = await readFile(join(dir, "ca-key.pem"), "utf8");
    const elsewhere = join(cwd, "elsewhere.txt");
    await writeFile(elsewhere, "not a key");
    await rm(join(dir, "client-key.pem"));
    await symlink(elsewhere, join(dir, "client-key.pem"));
    await certs(cwd, "certs init --host localhost --force");
    assert.notEqual(await readFile(join(dir, "ca-key.pem"), "utf8"), oldKey);
    assert.equal(await readFile(elsewhere, "utf8"), "not a key");
    assert.ok((await lstat(join(dir, "client-key.pem"))).isFile());
    assert.equal(await mode(join(dir, "client-key.pem")), 0o600);
    assert.equal((await readdir(dir)).filter((f) => f.endsWith(".tmp")).length, 0);
  });
});

describe("certs client and certs server, from the existing CA", () => {
  it("issues another client beside the first, which the same CA accepts; the default name would overwrite, so it asks for --name", async () => {
    const cwd = await fresh("client");
    await certs(cwd, "certs init --host localhost");
    await refused(certs(cwd, "certs client"), /^--out$/, /already holds client-cert\.pem, client-key\.pem\. Fix: pass --name NAME to issue another client certificate beside it/);
    const output = await certs(cwd, "certs client --name gitlab --days 30");
    const dir = join(cwd, "buildkit-certs");
    assert.equal(await mode(join(dir, "client-gitlab-key.pem")), 0o600);
    assert.equal(printedValue(output, "BUILDKIT_CA"), Buffer.from(await readFile(join(dir, "ca.pem"), "utf8")).toString("base64"));
    const facts = checkCertificates(decodeCredentials({ caCertPem: printedValue(output, "BUILDKIT_CA"), clientCertPem: printedValue(output, "BUILDKIT_CERT"), clientKeyPem: printedValue(output, "BUILDKIT_KEY") }), NOW);
    assert.equal(facts.clientSubject, "CN=gitlab");
    assert.match(output, /The daemon needs no change/);
    assertNotPrinted(output, await readFile(join(dir, "ca-key.pem"), "utf8"));
    await refused(certs(cwd, "certs client --name gitlab"), /^--out$/, /Fix: pass another --name, or --force to replace it/);
  });

  it("renews the server certificate with --force, keeping the CA, and says how to replace the Secret", async () => {
    const cwd = await fresh("server");
    await certs(cwd, "certs init --host localhost");
    const dir = join(cwd, "buildkit-certs");
    const ca = await readFile(join(dir, "ca.pem"), "utf8");
    await refused(certs(cwd, "certs server --host localhost"), /^--out$/, /already holds server-cert\.pem, server-key\.pem\. Fix: pass --force/);
    const output = await certs(cwd, "certs server --host localhost --host buildkit.example.com --force");
    const server = new X509Certificate(await readFile(join(dir, "server-cert.pem"), "utf8"));
    assert.equal(server.subjectAltName, "DNS:localhost, DNS:buildkit.example.com");
    assert.ok(server.checkIssued(new X509Certificate(ca)));
    assert.equal(await readFile(join(dir, "ca.pem"), "utf8"), ca);
    assert.match(output, /--dry-run=client --output yaml \| kubectl apply --filename -\n {2}kubectl rollout restart statefulset\/buildkitd --namespace buildkit/);
    assert.doesNotMatch(output, /BUILDKIT_KEY/);
  });

  it("names the missing CA file and how to get one", async () => {
    const cwd = await fresh("noca");
    await refused(certs(cwd, "certs client --out nothing-here"), /^--ca-cert \(.*nothing-here\/ca\.pem\)$/, /does not exist\. Fix: run remote-buildkit certs init first/);
  });

  it("ends a certificate with its CA rather than after it, and says so", async () => {
    const cwd = await fresh("clamp");
    await certs(cwd, "certs init --host localhost --days 5 --ca-days 10");
    const output = await certs(cwd, "certs client --name long --days 400");
    const dir = join(cwd, "buildkit-certs");
    const ca = new X509Certificate(await readFile(join(dir, "ca.pem"), "utf8"));
    const client = new X509Certificate(await readFile(join(dir, "client-long-cert.pem"), "utf8"));
    assert.equal(client.validTo, ca.validTo);
    assert.match(output, /The CA expires on \d{4}-\d\d-\d\d, before the --days asked for/);
  });

  it("refuses to issue from an expired CA", async () => {
    const cwd = await fresh("expired");
    await certs(cwd, "certs init --host localhost --days 1 --ca-days 1");
    await refused(certs(cwd, "certs client --name late", new Date(NOW.getTime() + 2 * DAY)), /^--ca-cert /, /the CA expired on/);
  });
});
