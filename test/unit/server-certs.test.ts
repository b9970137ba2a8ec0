import "reflect-metadata";
import assert from "node:assert/strict";
import { X509Certificate, createPrivateKey, generateKeyPairSync, webcrypto } from "node:crypto";
import { describe, it } from "node:test";
import * as x509 from "@peculiar/x509";
import { decodeCredentials } from "../../src/certs/decode.js";
import { checkCertificates } from "../../src/certs/verify.js";
import { UserError } from "../../src/errors.js";
import { loadAuthority, type AuthoritySource } from "../../src/cli/authority.js";
import { issueLeaf, makeAuthority, validityFor, type Issued } from "../../src/cli/issue.js";
import { parseSubjectNames } from "../../src/cli/names.js";

const NOW = new Date();
const DAY = 24 * 60 * 60 * 1000;
const SOURCE: AuthoritySource = { certOption: "--ca-cert", certPath: "/certs/ca.pem", keyOption: "--ca-key", keyPath: "/certs/ca-key.pem" };
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

async function newCa(days = 3650): Promise<Awaited<ReturnType<typeof makeAuthority>>> {
  return makeAuthority("test CA", validityFor(NOW, days));
}

function parsed(issued: Issued): X509Certificate {
  return new X509Certificate(issued.certPem);
}

async function rejects(promise: Promise<unknown>, subject: string, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.equal(err.subject, subject);
    assert.match(err.message, problem);
    assert.match(err.message, /Fix: /);
    return true;
  });
}

describe("the certificates certs init makes", () => {
  it("a CA: self-signed, CA:TRUE with path length 0, signing certificates only", async () => {
    const { issued } = await newCa();
    const cert = parsed(issued);
    assert.equal(cert.ca, true);
    assert.ok(cert.checkIssued(cert) && cert.verify(cert.publicKey));
    assert.ok(cert.checkPrivateKey(createPrivateKey(issued.keyPem)));
    const ext = new x509.X509Certificate(issued.certPem).getExtension(x509.BasicConstraintsExtension);
    assert.equal(ext?.pathLength, 0);
    assert.equal(ext?.critical, true);
    const usage = new x509.X509Certificate(issued.certPem).getExtension(x509.KeyUsagesExtension);
    assert.equal(usage?.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    assert.ok(Math.abs(new Date(cert.validTo).getTime() - (NOW.getTime() + 3650 * DAY)) < 2000);
  });

  it("a server certificate: serverAuth only, for exactly the given names, signed by the CA", async () => {
    const { authority, issued: ca } = await newCa();
    const names = parseSubjectNames("--host", ["buildkit.example.com,203.0.113.7", "*.buildkitd-headless.buildkit.svc", "[::1]"]);
    const server = await issueLeaf(authority, { usage: "server", commonName: "buildkit.example.com", names }, validityFor(NOW, 30));
    const cert = parsed(server);
    assert.equal(cert.subjectAltName, "DNS:buildkit.example.com, IP Address:203.0.113.7, DNS:*.buildkitd-headless.buildkit.svc, IP Address:0:0:0:0:0:0:0:1");
    assert.deepEqual(cert.keyUsage, [SERVER_AUTH]);
    assert.equal(cert.ca, false);
    assert.ok(cert.checkIssued(parsed(ca)) && cert.verify(parsed(ca).publicKey));
    assert.ok(cert.checkPrivateKey(createPrivateKey(server.keyPem)));
    assert.equal(cert.checkHost("buildkit.example.com"), "buildkit.example.com");
    assert.equal(cert.checkHost("buildkitd-0.buildkitd-headless.buildkit.svc"), "*.buildkitd-headless.buildkit.svc");
    assert.equal(cert.checkHost("other.example.com"), undefined);
    assert.equal(cert.checkIP("203.0.113.7"), "203.0.113.7");
    assert.equal(cert.checkIP("::1"), "::1");
    assert.equal(cert.subject, "CN=buildkit.example.com");
  });

  it("a client certificate that the action's own checks accept, and that expires when asked", async () => {
    const { authority, issued: ca } = await newCa();
    const client = await issueLeaf(authority, { usage: "client", commonName: "gitlab" }, validityFor(NOW, 30));
    const cert = parsed(client);
    assert.deepEqual(cert.keyUsage, [CLIENT_AUTH]);
    assert.equal(cert.subjectAltName, undefined);
    const credentials = decodeCredentials({ caCertPem: ca.certPem, clientCertPem: client.certPem, clientKeyPem: client.keyPem });
    const facts = checkCertificates(credentials, NOW);
    assert.equal(facts.clientSubject, "CN=gitlab");
    assert.deepEqual(facts.warnings, []);
    assert.throws(() => checkCertificates(credentials, new Date(NOW.getTime() + 31 * DAY)), /client-cert: expired on/);
    // Valid from an hour ago: a runner whose clock lags a little still accepts it.
    assert.ok(new Date(cert.validFrom).getTime() <= NOW.getTime() - 59 * 60 * 1000);
  });

  it("gives every certificate its own random serial number", async () => {
    const { authority, issued: ca } = await newCa();
    const serials = new Set([parsed(ca).serialNumber]);
    for (let i = 0; i < 5; i++) serials.add(parsed(await issueLeaf(authority, { usage: "client", commonName: "ci" }, validityFor(NOW, 1))).serialNumber);
    assert.equal(serials.size, 6);
    for (const serial of serials) assert.match(serial, /^[0-7][0-9A-F]{31}$/);
  });
});

describe("loadAuthority, to issue from an existing CA", () => {
  // CAs as they come: this command's own (PKCS#8 P-256), and OpenSSL's RSA (PKCS#1) and EC (SEC1).
  async function foreignCa(kind: "rsa" | "p384"): Promise<{ certPem: string; keyPem: string }> {
    const algorithm = kind === "rsa"
      ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
      : { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: "CN=BuildKit CA", keys, signingAlgorithm: algorithm, notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 3650 * DAY),
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    }, webcrypto);
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
    const key = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
    const keyPem = key.export({ format: "pem", type: kind === "rsa" ? "pkcs1" : "sec1" }).toString();
    return { certPem: cert.toString("pem"), keyPem };
  }

  async function ed25519Ca(): Promise<{ certPem: string; keyPem: string }> {
    const keys = await webcrypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
    assert.ok("privateKey" in keys);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: "CN=ed25519 CA", keys, signingAlgorithm: { name: "Ed25519" }, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    }, webcrypto);
    return { certPem: cert.toString("pem"), keyPem: x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY") };
  }

  const cases: Array<[string, () => Promise<{ certPem: string; keyPem: string }>, RegExp]> = [
    ["its own CA", async () => (await newCa()).issued, /BEGIN PRIVATE KEY/],
    ["an OpenSSL RSA CA (PKCS#1 key)", () => foreignCa("rsa"), /BEGIN RSA PRIVATE KEY/],
    ["an OpenSSL P-384 CA (SEC1 key)", () => foreignCa("p384"), /BEGIN EC PRIVATE KEY/],
  ];
  for (const [what, make, keyForm] of cases) {
    it(`issues from ${what}`, async () => {
      const ca = await make();
      assert.match(ca.keyPem, keyForm);
      const authority = await loadAuthority(ca.certPem, ca.keyPem, SOURCE, NOW);
      const client = await issueLeaf(authority, { usage: "client", commonName: "second" }, validityFor(NOW, 10));
      const facts = checkCertificates(decodeCredentials({ caCertPem: ca.certPem, clientCertPem: client.certPem, clientKeyPem: client.keyPem }), NOW);
      assert.equal(facts.clientSubject, "CN=second");
      assert.equal(parsed(client).issuer, new X509Certificate(ca.certPem).subject);
    });
  }

  it("refuses what cannot serve as the CA, naming the option, the file and the fix", async () => {
    const { authority, issued: ca } = await newCa();
    const other = (await newCa()).issued;
    const server = await issueLeaf(authority, { usage: "server", commonName: "h", names: parseSubjectNames("--host", ["h"]) }, validityFor(NOW, 5));
    const expired = (await makeAuthority("old CA", { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() - DAY) })).issued;
    const ed25519 = await ed25519Ca();
    const encrypted = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" }).toString();
    const table: Array<[string, string, string, string, RegExp]> = [
      ["a server certificate", server.certPem, server.keyPem, "--ca-cert (/certs/ca.pem)", /is not a CA certificate/],
      ["two certificates", ca.certPem + other.certPem, ca.keyPem, "--ca-cert (/certs/ca.pem)", /holds 2 certificates/],
      ["no certificate", "not a certificate", ca.keyPem, "--ca-cert (/certs/ca.pem)", /holds 0 certificates/],
      ["an expired CA", expired.certPem, expired.keyPem, "--ca-cert (/certs/ca.pem)", /the CA expired on/],
      ["another CA's key", ca.certPem, other.keyPem, "--ca-key (/certs/ca-key.pem)", /does not belong to the CA certificate in --ca-cert/],
      ["an encrypted key", ca.certPem, encrypted, "--ca-key (/certs/ca-key.pem)", /is encrypted/],
      ["a certificate as the key", ca.certPem, ca.certPem, "--ca-key (/certs/ca-key.pem)", /is not a readable private key/],
      ["an Ed25519 CA", ed25519.certPem, ed25519.keyPem, "--ca-key (/certs/ca-key.pem)", /has an ed25519 key, which this command cannot sign with/],
    ];
    for (const [, cert, key, subject, problem] of table) {
      await rejects(loadAuthority(cert, key, SOURCE, NOW), subject, problem);
    }
  });
});
