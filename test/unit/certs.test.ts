import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { decodeCredentials, decodePem, secretLines } from "../../src/certs/decode.js";
import { checkCertificates } from "../../src/certs/verify.js";
import { UserError } from "../../src/errors.js";
import { base64, issue, makeCertSet, makeIntermediate, type CertSet } from "../bed/certs.js";

function throwsUserError(fn: () => unknown, input: string, mentions: RegExp, secret?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err: unknown) {
    caught = err;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.equal(caught.subject, input);
  assert.match(caught.message, mentions);
  if (secret) {
    for (const line of secret.split("\n").filter((l) => l.length > 8 && !l.startsWith("-----"))) {
      assert.ok(!caught.message.includes(line), "the error quotes secret text");
    }
  }
}

let certs: CertSet;
before(async () => {
  certs = await makeCertSet();
});

describe("decodePem", () => {
  const forms: Array<[string, (pem: string) => string]> = [
    ["base64 on one line", (pem) => base64(pem)],
    ["base64 wrapped at 76 columns", (pem) => base64(pem).replace(/.{76}/g, "$&\n")],
    ["base64 with CRLF line breaks", (pem) => base64(pem).replace(/.{64}/g, "$&\r\n")],
    ["the PEM itself", (pem) => pem],
    ["the PEM with CRLF", (pem) => pem.replace(/\n/g, "\r\n")],
    ["the PEM with \\n escapes", (pem) => pem.replace(/\n/g, "\\n")],
    ["base64 of a CRLF PEM, with surrounding blanks", (pem) => `  ${base64(pem.replace(/\n/g, "\r\n"))}\n`],
  ];
  for (const [form, encode] of forms) {
    it(`reads ${form}`, () => {
      const [block] = decodePem("client-cert", encode(certs.client.cert), "certificate");
      assert.equal(block?.text, certs.client.cert.trim());
      const [key] = decodePem("client-key", encode(certs.client.key), "private key");
      assert.equal(key?.text, certs.client.key.trim());
    });
  }

  it("rejects text that is neither PEM nor base64", () => {
    throwsUserError(() => decodePem("ca-cert", "not a certificate!", "certificate"), "ca-cert", /neither PEM text nor base64/);
  });
  it("rejects base64 of something that is not PEM", () => {
    throwsUserError(() => decodePem("ca-cert", Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02]).toString("base64"), "certificate"), "ca-cert", /other than a PEM file/);
  });
  it("rejects base64 encoded twice", () => {
    throwsUserError(() => decodePem("ca-cert", base64(base64(certs.ca.cert)), "certificate"), "ca-cert", /encoded twice/);
  });
  it("notices a key given as the certificate, without quoting it", () => {
    throwsUserError(() => decodePem("client-cert", base64(certs.client.key), "certificate"), "client-cert", /holds a PRIVATE KEY.*not swapped/, certs.client.key);
  });
  it("notices a certificate given as the key", () => {
    throwsUserError(() => decodePem("client-key", base64(certs.client.cert), "private key"), "client-key", /holds a CERTIFICATE, not a private key/);
  });
  it("rejects an encrypted key", () => {
    const encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    throwsUserError(() => decodePem("client-key", encrypted, "private key"), "client-key", /encrypted/);
  });
  it("rejects a truncated PEM", () => {
    throwsUserError(() => decodePem("ca-cert", certs.ca.cert.slice(0, 200), "certificate"), "ca-cert", /no complete PEM block/);
  });
  it("lists the body lines to mask, not the BEGIN and END lines", () => {
    const lines = secretLines(decodePem("client-key", certs.client.key, "private key"));
    assert.ok(lines.length >= 2);
    assert.ok(lines.every((l) => !l.startsWith("-----") && certs.client.key.includes(l)));
  });
});

describe("checkCertificates", () => {
  const now = (): Date => new Date();
  const check = (ca: string, cert: string, key: string): ReturnType<typeof checkCertificates> =>
    checkCertificates(decodeCredentials({ caCertPem: ca, clientCertPem: cert, clientKeyPem: key }), now());

  it("accepts a client certificate issued by the CA, with its key", () => {
    const facts = check(certs.ca.cert, certs.client.cert, certs.client.key);
    assert.equal(facts.clientSubject, "CN=ci-client");
    assert.deepEqual(facts.warnings, []);
  });
  it("rejects a key that belongs to another certificate", () => {
    throwsUserError(() => check(certs.ca.cert, certs.client.cert, certs.expiredClient.key), "client-key", /does not belong/, certs.expiredClient.key);
  });
  it("rejects a client certificate from another CA, naming both", () => {
    throwsUserError(() => check(certs.ca.cert, certs.clientFromOtherCa.cert, certs.clientFromOtherCa.key), "client-cert",
      /not issued by the CA in ca-cert.*some other CA.*remote-buildkit test CA/);
  });
  it("rejects an expired client certificate", () => {
    throwsUserError(() => check(certs.ca.cert, certs.expiredClient.cert, certs.expiredClient.key), "client-cert", /expired on/);
  });
  it("rejects a certificate that is not valid yet", async () => {
    const future = await issue(certs.ca, { name: "future", usage: "client", notBeforeDays: 3, notAfterDays: 30 });
    throwsUserError(() => check(certs.ca.cert, future.cert, future.key), "client-cert", /not valid before/);
  });
  it("warns when fewer than 14 days remain", () => {
    const facts = check(certs.ca.cert, certs.soonExpiringClient.cert, certs.soonExpiringClient.key);
    assert.equal(facts.warnings.length, 1);
    assert.match(facts.warnings[0] ?? "", /expires in [45] day/);
  });
  it("rejects a certificate without clientAuth", () => {
    throwsUserError(() => check(certs.ca.cert, certs.serverOnlyCert.cert, certs.serverOnlyCert.key), "client-cert", /clientAuth/);
  });
  it("follows an intermediate given after the client certificate", async () => {
    const intermediate = await makeIntermediate(certs.ca, "intermediate CA");
    const leaf = await issue(intermediate, { name: "via-intermediate", usage: "client" });
    check(certs.ca.cert, `${leaf.cert}${intermediate.cert}`, leaf.key);
    throwsUserError(() => check(certs.ca.cert, leaf.cert, leaf.key), "client-cert", /its issuer "CN=intermediate CA"/);
  });
});
