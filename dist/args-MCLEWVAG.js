import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-B65RHDLF.js";

// src/issuer/args.ts
var OPTIONS = ["--listen", "--ca", "--policy", "--tls-cert", "--tls-key"];
var EXAMPLE = "remote-buildkit issuer --listen 0.0.0.0:8443 --ca buildkit-certs --policy policy.yaml --tls-cert issuer-cert.pem --tls-key issuer-key.pem";
function parseIssuerArgs(args) {
  if (args.some((a) => a === "--help" || a === "-h")) return "help";
  const given = /* @__PURE__ */ new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const at = arg.indexOf("=");
    const name = at === -1 ? arg : arg.slice(0, at);
    const option = OPTIONS.find((o) => o === name);
    if (option === void 0) throw new UserError(`"${name}"`, "is not an option of issuer", `the options are ${OPTIONS.join(", ")}: ${EXAMPLE}`);
    const value = at === -1 ? args[++i] : arg.slice(at + 1);
    if (value === void 0 || value === "" || value.startsWith("--")) throw new UserError(option, "needs a value", EXAMPLE);
    if (given.has(option)) throw new UserError(option, "is given twice", "give it once");
    given.set(option, value);
  }
  const missing = OPTIONS.filter((o) => !given.has(o));
  if (missing.length > 0) throw new UserError(missing.join(", "), "required", EXAMPLE);
  const listen = given.get("--listen") ?? "";
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new UserError("--listen", `"${listen}" is not HOST:PORT`, "write --listen 0.0.0.0:8443, or 127.0.0.1:8443 behind a proxy");
  return {
    host: (match[1] ?? "").replace(/^\[(.*)\]$/, "$1"),
    port,
    caDir: given.get("--ca") ?? "",
    policy: given.get("--policy") ?? "",
    tlsCert: given.get("--tls-cert") ?? "",
    tlsKey: given.get("--tls-key") ?? ""
  };
}
var ISSUER_HELP = `Usage: remote-buildkit issuer --listen HOST:PORT --ca DIR --policy FILE --tls-cert FILE --tls-key FILE

Exchanges a CI job's OIDC ID token (GitHub Actions, GitLab CI) for a client certificate that lives
for minutes, so that no repository keeps a long-lived client key in its secrets. It serves one
call over HTTPS:

  POST /v1/certificates  {"token": "<OIDC JWT>", "csr": "<PEM certificate request>"}
  200 {"certificate": "<PEM>", "ca": "<PEM>", "expires": "<RFC 3339>"}
  4xx {"error": "<code>", "message": "<what was wrong and the fix>"}

The runner makes its own key; only its certificate request is sent. The token is verified
against the issuer's OIDC discovery document and JWKS, and its claims against the policy.

Options:
  --listen HOST:PORT  where to serve HTTPS, such as 0.0.0.0:8443
  --ca DIR            the directory "certs init" wrote: ca.pem and ca-key.pem (the CA key stays here)
  --policy FILE       YAML: the OIDC issuers whose jobs may build, and their rules (deploy/README.md)
  --tls-cert FILE     the issuer's HTTPS certificate (certs server --host issuer.example.com makes one)
  --tls-key FILE      its private key

An OIDC provider with a private CA (a self-hosted GitLab): set NODE_EXTRA_CA_CERTS to that CA.

Example:
  ${EXAMPLE}
`;
export {
  ISSUER_HELP,
  parseIssuerArgs
};
