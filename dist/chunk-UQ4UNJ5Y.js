import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-B65RHDLF.js";

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
  checkCertificates
};
