import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  checkCertificates
} from "./chunk-UQ4UNJ5Y.js";
import {
  require_Reflect,
  require_x509_cjs
} from "./chunk-MMCOLJUF.js";
import {
  decodePem,
  secretLines
} from "./chunk-PUCBTEST.js";
import {
  UserError,
  __toESM
} from "./chunk-B65RHDLF.js";

// src/keyless/https.ts
import { request } from "node:https";
import { rootCertificates } from "node:tls";
var HttpsFailedError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "HttpsFailedError";
  }
  code;
};
var MAX_REPLY_BYTES = 1024 * 1024;
function requestJson(url, options) {
  return new Promise((resolve, reject) => {
    const fail = (code, message) => reject(new HttpsFailedError(code, message));
    const req = request(url, {
      method: options.method,
      headers: { accept: "application/json", ...options.headers, ...options.body === void 0 ? {} : { "content-type": "application/json" } },
      ...options.ca === void 0 ? {} : { ca: [...rootCertificates, options.ca] }
    }, (res) => {
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) req.destroy(new HttpsFailedError("ETOOBIG", `the answer is larger than ${MAX_REPLY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        let body;
        try {
          body = JSON.parse(text);
        } catch {
          body = void 0;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on("error", (err) => fail(err.code ?? "EIO", err.message));
    });
    const timer = setTimeout(() => req.destroy(new HttpsFailedError("ETIMEDOUT", `no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on("error", (err) => {
      clearTimeout(timer);
      if (err instanceof HttpsFailedError) reject(err);
      else fail(err.code ?? "EIO", err.message);
    });
    req.end(options.body);
  });
}

// src/keyless/id-token.ts
var GITLAB_ID_TOKEN_VARIABLE = "REMOTE_BUILDKIT_ID_TOKEN";
async function jobIdToken(env, audience, timeoutMs) {
  if (env["GITLAB_CI"] === "true") {
    const token = env[GITLAB_ID_TOKEN_VARIABLE]?.trim() ?? "";
    return token !== "" ? { kind: "token", token } : { kind: "none", why: `the job has no ID token in ${GITLAB_ID_TOKEN_VARIABLE}: include the component's template, or declare id_tokens: {${GITLAB_ID_TOKEN_VARIABLE}: {aud: ${audience}}} in your job` };
  }
  const endpoint = env["ACTIONS_ID_TOKEN_REQUEST_URL"] ?? "";
  const bearer = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] ?? "";
  if (endpoint === "" || bearer === "") {
    return { kind: "none", why: "the job has no ID token: give the job permissions: id-token: write (a pull request from a fork gets none)" };
  }
  let url;
  try {
    url = new URL(endpoint);
  } catch {
    return { kind: "failed", why: "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL" };
  }
  url.searchParams.set("audience", audience);
  try {
    const reply = await requestJson(url, { method: "GET", headers: { authorization: `Bearer ${bearer}` }, timeoutMs });
    const value = typeof reply.body === "object" && reply.body !== null && "value" in reply.body ? reply.body.value : void 0;
    if (reply.status !== 200 || typeof value !== "string" || value === "") {
      return { kind: "failed", why: `the runner's ID-token endpoint answered ${reply.status} without a token` };
    }
    return { kind: "token", token: value };
  } catch (err) {
    if (err instanceof HttpsFailedError) return { kind: "failed", why: `the runner's ID-token endpoint cannot be reached (${err.code}: ${err.message})` };
    throw err;
  }
}

// src/keyless/request.ts
var import_reflect_metadata = __toESM(require_Reflect(), 1);
var x509 = __toESM(require_x509_cjs(), 1);
import { webcrypto } from "node:crypto";
var ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
async function newKeyAndRequest() {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: "CN=remote-buildkit", keys, signingAlgorithm: ALGORITHM }, webcrypto);
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return { keyPem, csrPem: csr.toString("pem") };
}

// src/keyless/obtain.ts
var TLS_MISTAKE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_)/;
function obtainCertificate(setup) {
  return setup.io.group(`Getting a client certificate from the issuer ${setup.issuer.url}`, () => exchangeToken(setup));
}
async function exchangeToken(setup) {
  const { io, issuer } = setup;
  const id = await jobIdToken(setup.env, issuer.audience, setup.timeoutMs);
  if (id.kind === "none") return { reason: "no-credentials", message: id.why, misconfigured: false };
  if (id.kind === "failed") return { reason: "unreachable", message: id.why, misconfigured: false };
  io.mask(id.token);
  const caInput = setup.caCertPem === "" ? void 0 : decodePem("ca-cert", setup.caCertPem, "certificate");
  const { keyPem, csrPem } = await newKeyAndRequest();
  const key = decodePem("the key made in the job", keyPem, "private key");
  secretLines(key).forEach((line) => io.mask(line));
  const where = `${issuer.url}/v1/certificates`;
  let reply;
  try {
    reply = await requestJson(new URL(where), {
      method: "POST",
      headers: {},
      body: JSON.stringify({ token: id.token, csr: csrPem }),
      ...caInput ? { ca: caInput.map((b) => b.text).join("\n") } : {},
      timeoutMs: setup.timeoutMs
    });
  } catch (err) {
    if (!(err instanceof HttpsFailedError)) throw err;
    if (TLS_MISTAKE.test(err.code)) {
      return { reason: "tls-error", message: `the issuer at ${issuer.url} presents a certificate this job does not trust (${err.code}: ${err.message}). Fix: give the issuer a certificate from a public CA, or from the CA passed as ca-cert`, misconfigured: true };
    }
    return { reason: err.code === "ETIMEDOUT" ? "timeout" : "unreachable", message: `the issuer at ${issuer.url} cannot be reached (${err.code}: ${err.message})`, misconfigured: false };
  }
  const body = typeof reply.body === "object" && reply.body !== null ? new Map(Object.entries(reply.body)) : /* @__PURE__ */ new Map();
  const text = (name) => typeof body.get(name) === "string" ? String(body.get(name)) : "";
  if (reply.status >= 400 && reply.status < 500) {
    return { reason: "issuer-refused", message: `the issuer at ${issuer.url} refused the job's certificate request (${text("error") || reply.status}): ${text("message") || "no reason given"}`, misconfigured: true };
  }
  if (reply.status !== 200 || text("certificate") === "") {
    return { reason: "unreachable", message: `the issuer at ${issuer.url} failed (${reply.status}${text("message") ? `: ${text("message")}` : ""})`, misconfigured: false };
  }
  try {
    const credentials = {
      ca: caInput ?? decodePem("the issuer's ca", text("ca"), "certificate"),
      cert: decodePem("the issuer's certificate", text("certificate"), "certificate"),
      key
    };
    const facts = checkCertificates(credentials, setup.now);
    const minutes = Math.round((facts.clientNotAfter.getTime() - setup.now.getTime()) / 6e4);
    io.info(`Client certificate "${facts.clientSubject}" from the issuer ${issuer.url}, valid until ${facts.clientNotAfter.toISOString()} (${minutes} min); its key was made in this job`);
    return credentials;
  } catch (err) {
    if (err instanceof UserError) return { reason: "tls-error", message: `the certificate from the issuer at ${issuer.url} cannot be used: ${err.message}`, misconfigured: true };
    throw err;
  }
}
export {
  obtainCertificate
};
