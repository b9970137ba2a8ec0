import "reflect-metadata";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate, createPrivateKey, webcrypto } from "node:crypto";
import { Agent, request } from "node:https";
import { after, before, describe, it } from "node:test";
import * as x509 from "@peculiar/x509";
import { generateKeyPair, type JWTPayload } from "jose";
import { requestJson, type JsonReply } from "../../src/keyless/https.js";
import { newKeyAndRequest } from "../../src/keyless/request.js";
import { makeAuthority, type Authority } from "../bed/certs.js";
import { startIssuerProcess, type IssuerProcess } from "../bed/issuer.js";
import { githubClaims, startOidcProvider, type OidcProvider } from "../bed/oidc.js";

const AUDIENCE = "remote-buildkit";

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("the issuer (remote-buildkit issuer), against a local OIDC provider", () => {
  let dir: string;
  let ca: Authority;
  let oidc: OidcProvider;
  let issuer: IssuerProcess;
  const post = (body: unknown): Promise<JsonReply> =>
    requestJson(new URL(`${issuer.url}/v1/certificates`), { method: "POST", headers: {}, body: JSON.stringify(body), ca: ca.cert, timeoutMs: 20_000 });
  const goodClaims = (): JWTPayload => ({ aud: AUDIENCE, ...githubClaims("acme/app", "refs/heads/main") });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rbk-issuer-"));
    ca = await makeAuthority("remote-buildkit test CA");
    oidc = await startOidcProvider(ca);
    issuer = await startIssuerProcess(dir, ca, [
      "issuers:",
      `  - issuer: ${oidc.issuer}`,
      `    audience: ${AUDIENCE}`,
      "    lifetime: 10m",
      "    allow:",
      "      - repository: acme/*",
      "        ref: refs/heads/main",
    ].join("\n"));
  });
  after(async () => {
    await issuer.stop();
    await oidc.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("issues a client certificate for the job's own key, naming the job, for the policy's lifetime", async () => {
    const { keyPem, csrPem } = await newKeyAndRequest();
    const token = await oidc.sign(goodClaims());
    const started = Date.now();
    const reply = await post({ token, csr: csrPem });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const body = new Map(Object.entries(reply.body as object));
    const cert = new X509Certificate(String(body.get("certificate")));
    assert.ok(cert.checkPrivateKey(createPrivateKey(keyPem)), "the certificate is for the key made by the job");
    assert.ok(cert.verify(new X509Certificate(ca.cert).publicKey), "signed by the CA");
    assert.equal(String(body.get("ca")).trim(), ca.cert.trim());
    assert.equal(cert.subject, "CN=acme/app@refs/heads/main");
    assert.equal(cert.subjectAltName, `URI:${oidc.issuer}/acme/app@refs%2Fheads%2Fmain`);
    assert.deepEqual(cert.keyUsage, ["1.3.6.1.5.5.7.3.2"], "client authentication only");
    assert.equal(cert.ca, false);
    const lifetime = new Date(cert.validTo).getTime() - started;
    // 10 minutes from the request, to the second (X.509 times have whole seconds).
    assert.ok(Math.abs(lifetime - 10 * 60_000) < 5_000, `lifetime ${lifetime} ms`);
    assert.equal(new Date(String(body.get("expires"))).getTime(), new Date(cert.validTo).getTime());
    const log = await issuer.log();
    const logged = new RegExp(`issued serial ([0-9a-f]+) for acme/app@refs/heads/main \\(${oidc.issuer.replace(/[.]/g, "\\.")}\\), expires ${String(body.get("expires"))}`).exec(log);
    assert.ok(logged, log);
    // Node prints the serial without its leading zero digits; the issuer logs all 16 bytes.
    assert.equal(BigInt(`0x${logged[1] ?? ""}`), BigInt(`0x${cert.serialNumber}`));
    assert.ok(!log.includes(token), "the token is never logged");
    assert.ok(!log.includes(token.split(".")[2] ?? "-"), "nor its signature");
  });

  const cases: Array<[string, () => Promise<{ token: string; csr?: string }>, number, string, RegExp]> = [
    ["an expired token", async () => ({ token: await oidc.sign({ ...goodClaims(), iat: now() - 900, nbf: now() - 900, exp: now() - 600 }) }),
      401, "token_expired", /the token expired at \d{4}-\d\d-\d\dT[\d:.]+Z: request a new one/],
    ["a token not yet valid", async () => ({ token: await oidc.sign({ ...goodClaims(), nbf: now() + 600 }) }),
      401, "token_not_yet_valid", /the token is not valid before \d{4}-/],
    ["a token for another audience", async () => ({ token: await oidc.sign({ ...goodClaims(), aud: "sts.amazonaws.com" }) }),
      401, "wrong_audience", /the token's audience is "sts\.amazonaws\.com", but .* tokens must be for "remote-buildkit": set the action's issuer-audience/],
    ["a token from an issuer the policy does not list", async () => ({ token: await oidc.sign({ ...goodClaims(), iss: "https://token.actions.githubusercontent.com" }) }),
      401, "unknown_issuer", /tokens from "https:\/\/token\.actions\.githubusercontent\.com" are not accepted: this issuer's policy lists https:\/\/127\.0\.0\.1:\d+/],
    ["a valid token re-signed with another key", async () => {
      const other = await generateKeyPair("RS256");
      return { token: await oidc.sign(goodClaims(), { key: other.privateKey }) };
    }, 401, "bad_signature", /the token's signature does not verify with the keys of https:\/\/127\.0\.0\.1:\d+: it was not signed by that provider/],
    ["an unsigned token (alg none)", async () => {
      const good = await oidc.sign(goodClaims());
      const payload = good.split(".")[1] ?? "";
      return { token: `${base64url({ alg: "none", typ: "JWT" })}.${payload}.` };
    }, 401, "unsigned_token", /the token is unsigned \(alg none\), which is never accepted/],
    ["an HMAC token signed with the provider's public key", async () => {
      return { token: await oidc.sign(goodClaims(), { key: new Uint8Array(Buffer.from(oidc.publicKeyPem)), alg: "HS256" }) };
    }, 401, "hmac_refused", /the token is signed with HS256, a shared-secret algorithm, which is never accepted/],
    ["a repository the policy does not allow", async () => ({ token: await oidc.sign({ ...goodClaims(), ...githubClaims("evil/app", "refs/heads/main") }) }),
      403, "not_allowed", /no rule of the issuer's policy for https:\/\/127\.0\.0\.1:\d+ allows evil\/app@refs\/heads\/main \(workflow_ref [^)]*\): add a rule/],
    ["a branch the policy does not allow", async () => ({ token: await oidc.sign({ ...goodClaims(), ...githubClaims("acme/app", "refs/heads/feature") }) }),
      403, "not_allowed", /allows acme\/app@refs\/heads\/feature/],
    ["a malformed certificate request", async () => ({ token: await oidc.sign(goodClaims()), csr: "-----BEGIN CERTIFICATE REQUEST-----\nMIIBnotarequest==\n-----END CERTIFICATE REQUEST-----\n" }),
      400, "bad_csr", /the csr cannot be parsed as a PKCS#10 certificate request/],
    ["a certificate request for a CA", async () => ({ token: await oidc.sign(goodClaims()), csr: await caRequest() }),
      400, "csr_asks_for_ca", /the csr asks for a CA certificate \(basic constraints CA:TRUE or key usage keyCertSign\); only client certificates are issued/],
  ];
  for (const [what, make, status, error, message] of cases) {
    it(`refuses ${what} (${status} ${error}), issuing nothing`, async () => {
      const { token, csr } = await make();
      const issuedBefore = (await issuer.log()).match(/ issued serial /g)?.length ?? 0;
      const reply = await post({ token, csr: csr ?? (await newKeyAndRequest()).csrPem });
      assert.equal(reply.status, status, JSON.stringify(reply.body));
      const body = new Map(Object.entries(reply.body as object));
      assert.deepEqual([...body.keys()].sort(), ["error", "message"]);
      assert.equal(body.get("error"), error);
      assert.match(String(body.get("message")), message);
      const log = await issuer.log();
      assert.equal(log.match(/ issued serial /g)?.length ?? 0, issuedBefore, "nothing issued");
      assert.match(log, new RegExp(`refused ${error}`));
      assert.ok(!log.includes(token), "the token is never logged");
    });
  }

  it("answers only POST /v1/certificates with JSON", async () => {
    const base = { headers: {}, ca: ca.cert, timeoutMs: 10_000 };
    assert.equal((await requestJson(new URL(`${issuer.url}/v1/certificates`), { ...base, method: "GET" })).status, 405);
    assert.equal((await requestJson(new URL(`${issuer.url}/`), { ...base, method: "POST", body: "{}" })).status, 404);
    const notJson = await requestJson(new URL(`${issuer.url}/v1/certificates`), { ...base, method: "POST", body: "token=x" });
    assert.equal(notJson.status, 400);
    assert.equal(new Map(Object.entries(notJson.body as object)).get("error"), "bad_request");
  });

  it("answers 50 concurrent requests from one machine, each with its own certificate, fetching the keys once", async () => {
    const requests = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const { keyPem, csrPem } = await newKeyAndRequest();
      return { keyPem, body: { token: await oidc.sign({ ...goodClaims(), ...githubClaims(`acme/app-${i}`, "refs/heads/main") }), csr: csrPem } };
    }));
    const fetchesBefore = oidc.jwksFetches();
    // One agent trusting the test CA alone: what is timed is the issuer, not 50 clients each
    // loading the system's CA list.
    const agent = new Agent({ ca: ca.cert, maxSockets: 50 });
    const started = Date.now();
    const replies = await Promise.all(requests.map((r) => postWith(agent, `${issuer.url}/v1/certificates`, r.body)));
    const ms = Date.now() - started;
    agent.destroy();
    const serials = new Set<string>();
    replies.forEach((reply, i) => {
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      const cert = new X509Certificate(String(new Map(Object.entries(reply.body as object)).get("certificate")));
      assert.ok(cert.checkPrivateKey(createPrivateKey(requests[i]?.keyPem ?? "")), `request ${i} got a certificate for its own key`);
      assert.equal(cert.subject, `CN=acme/app-${i}@refs/heads/main`);
      serials.add(cert.serialNumber);
    });
    assert.equal(serials.size, 50, "every serial differs");
    // The JWKS was fetched by the first test; jose's cache serves all 50 without fetching again.
    assert.equal(oidc.jwksFetches(), fetchesBefore);
    // 50 TLS handshakes, token checks and ECDSA signatures take about a second on an idle 2-core
    // machine; 60 s leaves room for one whose load average is above 20 (seen while writing this).
    assert.ok(ms < 60_000, `took ${ms} ms`);
    process.stdout.write(`# 50 concurrent requests answered in ${ms} ms\n`);
  });
});

function postWith(agent: Agent, url: string, body: unknown): Promise<JsonReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

async function caRequest(): Promise<string> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: "CN=evil CA", keys, signingAlgorithm: alg, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  }, webcrypto);
  return csr.toString("pem");
}
