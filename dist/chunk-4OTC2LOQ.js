import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-B2VONQ3Q.js";

// src/certs/decode.ts
var BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\n([\s\S]*?)\n?-----END \1-----/g;
var HOW_TO_ENCODE = "store the file's base64 (base64 -w0 FILE) or the PEM text itself in the secret";
function decodePem(input, value, kind) {
  const text = toPemText(input, value);
  const blocks = [...text.matchAll(BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
  if (blocks.length === 0) {
    throw new UserError(input, `holds no complete PEM block (no matching BEGIN/END lines)`, HOW_TO_ENCODE);
  }
  if (kind === "certificate") {
    const other = blocks.find((b) => b.label !== "CERTIFICATE");
    if (other) throw new UserError(input, `holds a ${other.label}, not a certificate`, swapHint(other.label));
  } else {
    if (blocks.length !== 1) throw new UserError(input, `holds ${blocks.length} PEM blocks, expected one private key`, HOW_TO_ENCODE);
    const label = blocks[0]?.label ?? "";
    if (label === "ENCRYPTED PRIVATE KEY") {
      throw new UserError(input, "is an encrypted private key", "store the unencrypted key (openssl pkey -in key.pem -out plain.pem) in the secret");
    }
    if (!/PRIVATE KEY$/.test(label)) throw new UserError(input, `holds a ${label}, not a private key`, swapHint(label));
  }
  return blocks;
}
function toPemText(input, value) {
  const trimmed = value.replace(/\\n/g, "\n").replace(/\r\n?/g, "\n").trim();
  if (trimmed.includes("-----BEGIN")) return trimmed;
  const compact = trimmed.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new UserError(input, "is neither PEM text nor base64", HOW_TO_ENCODE);
  }
  const decoded = Buffer.from(compact, "base64").toString("utf8").replace(/\r\n?/g, "\n").trim();
  if (!decoded.includes("-----BEGIN")) {
    throw new UserError(input, "is base64, but of something other than a PEM file (DER, or encoded twice?)", HOW_TO_ENCODE);
  }
  return decoded;
}
function swapHint(label) {
  return /PRIVATE KEY$/.test(label) || label === "CERTIFICATE" ? "check that client-cert and client-key are not swapped" : HOW_TO_ENCODE;
}
function secretLines(blocks) {
  return blocks.flatMap((b) => b.text.split("\n")).filter((line) => line !== "" && !line.startsWith("-----"));
}
function decodeCredentials(values) {
  return {
    ca: decodePem("ca-cert", values.caCert, "certificate"),
    cert: decodePem("client-cert", values.clientCert, "certificate"),
    key: decodePem("client-key", values.clientKey, "private key")
  };
}
function pemText(blocks) {
  return blocks.map((b) => `${b.text}
`).join("");
}

// src/certs/verify.ts
import { X509Certificate, createPrivateKey } from "node:crypto";
var CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
var ANY_USAGE = "2.5.29.37.0";
var DAY_MS = 24 * 60 * 60 * 1e3;
var EXPIRY_WARNING_DAYS = 14;
function checkCertificates(material, now) {
  const warnings = [];
  const cas = material.ca.map((b, i) => parseCertificate("ca-cert", b, i));
  const [leaf, ...intermediates] = material.cert.map((b, i) => parseCertificate("client-cert", b, i));
  if (!leaf) throw new UserError("client-cert", "holds no certificate", "pass the client certificate's PEM");
  const key = parseKey(material.key[0]);
  for (const ca of cas) {
    const until = new Date(ca.validTo);
    if (until.getTime() < now.getTime()) {
      throw new UserError("ca-cert", `the CA "${ca.subject.replace(/\n/g, ", ")}" expired on ${until.toISOString()}`, "renew the CA and the certificates it issued");
    }
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new UserError("client-key", "does not belong to the certificate in client-cert", "pass the key that was generated together with this client certificate");
  }
  checkChain(leaf, intermediates, cas);
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (notBefore.getTime() > now.getTime()) {
    throw new UserError("client-cert", `is not valid before ${notBefore.toISOString()}`, "check the clock of the machine that issued it, or wait until then");
  }
  if (notAfter.getTime() < now.getTime()) {
    throw new UserError("client-cert", `expired on ${notAfter.toISOString()}`, "issue a new client certificate from the same CA and update the secret");
  }
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    warnings.push(`client-cert expires in ${daysLeft} day(s), on ${notAfter.toISOString()}: issue a new one before builds start failing`);
  }
  const usages = extendedKeyUsages(leaf);
  if (usages && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_USAGE)) {
    throw new UserError("client-cert", "does not allow client authentication (its extended key usage lacks clientAuth)", "issue the client certificate with extendedKeyUsage = clientAuth");
  }
  return { clientSubject: oneLine(leaf.subject), clientNotAfter: notAfter, warnings };
}
function parseCertificate(input, block, index) {
  try {
    return new X509Certificate(block.text);
  } catch {
    throw new UserError(input, `certificate ${index + 1} cannot be parsed as X.509`, "pass the PEM file exactly as it was issued");
  }
}
function parseKey(block) {
  try {
    if (!block) throw new Error("no key");
    return createPrivateKey(block.text);
  } catch {
    throw new UserError("client-key", "cannot be parsed as a private key", "pass the PEM file exactly as it was generated");
  }
}
function checkChain(leaf, intermediates, cas) {
  let current = leaf;
  const pool = [...intermediates];
  for (let depth = 0; depth <= intermediates.length; depth++) {
    if (cas.some((ca) => issued(ca, current))) return;
    const next = pool.findIndex((c) => issued(c, current));
    if (next < 0) break;
    current = pool.splice(next, 1)[0] ?? current;
  }
  const caNames = cas.map((c) => `"${oneLine(c.subject)}"`).join(", ");
  throw new UserError(
    "client-cert",
    `was not issued by the CA in ca-cert (it names its issuer "${oneLine(current.issuer)}"; ca-cert holds ${caNames})`,
    "issue the client certificate from the CA the daemon trusts (its --tlscacert), and pass that CA as ca-cert"
  );
}
function issued(issuer, subject) {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}
function extendedKeyUsages(cert) {
  const usages = cert.keyUsage;
  return usages;
}
function oneLine(name) {
  return name.split("\n").filter(Boolean).join(", ");
}

export {
  decodePem,
  secretLines,
  decodeCredentials,
  pemText,
  checkCertificates
};
