import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  require_Reflect,
  require_x509_cjs
} from "./chunk-MMCOLJUF.js";
import {
  pemBlocks
} from "./chunk-PUCBTEST.js";
import {
  UserError,
  __toESM
} from "./chunk-B65RHDLF.js";

// src/cli/layout.ts
var CA_FILES = Object.freeze({ cert: "ca.pem", key: "ca-key.pem" });
var SERVER_FILES = Object.freeze({ cert: "server-cert.pem", key: "server-key.pem" });
function clientFiles(name) {
  const stem = name === void 0 ? "client" : `client-${name}`;
  return { cert: `${stem}-cert.pem`, key: `${stem}-key.pem` };
}

// src/cli/authority.ts
var import_reflect_metadata = __toESM(require_Reflect(), 1);
var x509 = __toESM(require_x509_cjs(), 1);
import { X509Certificate, createPrivateKey, webcrypto } from "node:crypto";
async function loadAuthority(certPem, keyPem, source, now) {
  const where = (option, path) => `${option} (${path})`;
  const certSubject = where(source.certOption, source.certPath);
  const keySubject = where(source.keyOption, source.keyPath);
  const blocks = pemBlocks(certPem).filter((b) => b.label === "CERTIFICATE").map((b) => b.text);
  if (blocks.length !== 1) {
    throw new UserError(certSubject, `holds ${blocks.length} certificates, expected the CA certificate alone`, `point ${source.certOption} at the ca.pem that "certs init" wrote`);
  }
  const pem = blocks[0] ?? "";
  let checked;
  try {
    checked = new X509Certificate(pem);
  } catch {
    throw new UserError(certSubject, "is not a readable certificate", `point ${source.certOption} at the ca.pem that "certs init" wrote`);
  }
  if (!checked.ca) throw new UserError(certSubject, "is not a CA certificate (its basic constraints do not say CA:TRUE)", `point ${source.certOption} at the CA's certificate, not at a server or client certificate`);
  if (new Date(checked.validTo).getTime() <= now.getTime()) {
    throw new UserError(certSubject, `the CA expired on ${new Date(checked.validTo).toISOString()}`, `make a new CA with "certs init" (in a new directory) and replace the daemon's and CI's certificates`);
  }
  const key = parsePrivateKey(keyPem, keySubject);
  if (!checked.checkPrivateKey(key)) {
    throw new UserError(keySubject, `does not belong to the CA certificate in ${source.certOption}`, "pass the key that was generated together with this CA certificate");
  }
  const { importAlgorithm, signingAlgorithm } = algorithmsFor(key, keySubject);
  const der = key.export({ type: "pkcs8", format: "der" });
  const signingKey = await webcrypto.subtle.importKey("pkcs8", der, importAlgorithm, false, ["sign"]);
  return { cert: new x509.X509Certificate(pem), key: signingKey, signingAlgorithm };
}
function parsePrivateKey(pem, subject) {
  if (pem.includes("ENCRYPTED PRIVATE KEY") || /Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new UserError(subject, "is encrypted", "decrypt a copy for this command (openssl pkey -in ca-key.pem -out ca-key.plain.pem), and delete it afterwards");
  }
  try {
    return createPrivateKey(pem);
  } catch {
    throw new UserError(subject, "is not a readable private key", "pass the CA's private key in PEM form (BEGIN PRIVATE KEY)");
  }
}
function algorithmsFor(key, subject) {
  if (key.asymmetricKeyType === "rsa") {
    return { importAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, signingAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } };
  }
  const curve = key.asymmetricKeyType === "ec" ? key.asymmetricKeyDetails?.namedCurve : void 0;
  if (curve === "prime256v1") return { importAlgorithm: { name: "ECDSA", namedCurve: "P-256" }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } };
  if (curve === "secp384r1") return { importAlgorithm: { name: "ECDSA", namedCurve: "P-384" }, signingAlgorithm: { name: "ECDSA", hash: "SHA-384" } };
  throw new UserError(subject, `has an ${key.asymmetricKeyType ?? "unknown"}${curve ? ` ${curve}` : ""} key, which this command cannot sign with`, 'use an RSA, P-256 or P-384 CA, or make a new CA with "certs init"');
}

// src/cli/issue.ts
var import_reflect_metadata2 = __toESM(require_Reflect(), 1);
var x5092 = __toESM(require_x509_cjs(), 1);
import { randomBytes, webcrypto as webcrypto2 } from "node:crypto";
var DAY_MS = 24 * 60 * 60 * 1e3;
var BACKDATE_MS = 60 * 60 * 1e3;
var KEY_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" };
function validityFor(now, days) {
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * DAY_MS) };
}
async function makeAuthority(commonName, validity) {
  const keys = await newKeyPair();
  const signingAlgorithm = { name: "ECDSA", hash: "SHA-256" };
  const cert = await x5092.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [commonName] }],
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm,
    keys,
    extensions: [
      new x5092.BasicConstraintsExtension(true, 0, true),
      new x5092.KeyUsagesExtension(x5092.KeyUsageFlags.keyCertSign | x5092.KeyUsageFlags.cRLSign, true),
      await x5092.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto2)
    ]
  }, webcrypto2);
  return {
    authority: { cert, key: keys.privateKey, signingAlgorithm },
    issued: { certPem: pemFile(cert.toString("pem")), keyPem: await privateKeyPem(keys.privateKey), notAfter: cert.notAfter }
  };
}
async function issueLeaf(authority, leaf, validity) {
  const keys = await newKeyPair();
  const extensions = [
    new x5092.BasicConstraintsExtension(false, void 0, true),
    new x5092.KeyUsagesExtension(x5092.KeyUsageFlags.digitalSignature, true),
    new x5092.ExtendedKeyUsageExtension([leaf.usage === "server" ? x5092.ExtendedKeyUsage.serverAuth : x5092.ExtendedKeyUsage.clientAuth], false),
    await x5092.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto2),
    await x5092.AuthorityKeyIdentifierExtension.create(authority.cert.publicKey, false, webcrypto2)
  ];
  if (leaf.usage === "server") {
    extensions.push(new x5092.SubjectAlternativeNameExtension(leaf.names.map((n) => ({ type: n.type, value: n.value })), false));
  }
  const cert = await x5092.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [leaf.commonName] }],
    // The CA's own encoded name, so that the issuer matches it byte for byte.
    issuer: authority.cert.subjectName,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm: authority.signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: authority.key,
    extensions
  }, webcrypto2);
  return { certPem: pemFile(cert.toString("pem")), keyPem: await privateKeyPem(keys.privateKey), notAfter: cert.notAfter };
}
async function newKeyPair() {
  return webcrypto2.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
}
async function privateKeyPem(key) {
  return pemFile(x5092.PemConverter.encode(await webcrypto2.subtle.exportKey("pkcs8", key), "PRIVATE KEY"));
}
function pemFile(pem) {
  return pem.endsWith("\n") ? pem : `${pem}
`;
}
function serialNumber() {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 127 | 1;
  return bytes.toString("hex");
}

export {
  CA_FILES,
  SERVER_FILES,
  clientFiles,
  loadAuthority,
  validityFor,
  makeAuthority,
  issueLeaf,
  serialNumber
};
