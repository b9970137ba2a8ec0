// Requires reflect-metadata to be loaded before this module (see issue.ts).
import { X509Certificate, createPrivateKey, webcrypto, type KeyObject } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { pemBlocks } from "../certs/decode.js";
import { UserError } from "../errors.js";
import type { Authority, SigningAlgorithm } from "./issue.js";

/** Where the CA came from, for the errors: the option and the file it named. */
export interface AuthoritySource {
  readonly certOption: string;
  readonly certPath: string;
  readonly keyOption: string;
  readonly keyPath: string;
}

/**
 * An existing CA, to issue more certificates from: this command's own, or one made with OpenSSL
 * (RSA, or EC P-256 or P-384 keys, in PKCS#8, PKCS#1 or SEC1 PEM). The key must be unencrypted.
 */
export async function loadAuthority(certPem: string, keyPem: string, source: AuthoritySource, now: Date): Promise<Authority> {
  const where = (option: string, path: string): string => `${option} (${path})`;
  const certSubject = where(source.certOption, source.certPath);
  const keySubject = where(source.keyOption, source.keyPath);
  const blocks = pemBlocks(certPem).filter((b) => b.label === "CERTIFICATE").map((b) => b.text);
  if (blocks.length !== 1) {
    throw new UserError(certSubject, `holds ${blocks.length} certificates, expected the CA certificate alone`, `point ${source.certOption} at the ca.pem that "certs init" wrote`);
  }
  const pem = blocks[0] ?? "";
  let checked: X509Certificate;
  try {
    checked = new X509Certificate(pem);
  } catch {
    throw new UserError(certSubject, "is not a readable certificate", `point ${source.certOption} at the ca.pem that "certs init" wrote`);
  }
  if (!checked.ca) throw new UserError(certSubject, "is not a CA certificate (its basic constraints do not say CA:TRUE)", `point ${source.certOption} at the CA's certificate, not at a server or client certificate`);
  if (new Date(checked.validTo).getTime() <= now.getTime()) {
    throw new UserError(certSubject, `the CA expired on ${new Date(checked.validTo).toISOString()}`, "make a new CA with \"certs init\" (in a new directory) and replace the daemon's and CI's certificates");
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

function parsePrivateKey(pem: string, subject: string): KeyObject {
  if (pem.includes("ENCRYPTED PRIVATE KEY") || /Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new UserError(subject, "is encrypted", "decrypt a copy for this command (openssl pkey -in ca-key.pem -out ca-key.plain.pem), and delete it afterwards");
  }
  try {
    return createPrivateKey(pem);
  } catch {
    throw new UserError(subject, "is not a readable private key", "pass the CA's private key in PEM form (BEGIN PRIVATE KEY)");
  }
}

type ImportAlgorithm = webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;

function algorithmsFor(key: KeyObject, subject: string): { importAlgorithm: ImportAlgorithm; signingAlgorithm: SigningAlgorithm } {
  if (key.asymmetricKeyType === "rsa") {
    return { importAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, signingAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } };
  }
  const curve = key.asymmetricKeyType === "ec" ? key.asymmetricKeyDetails?.namedCurve : undefined;
  if (curve === "prime256v1") return { importAlgorithm: { name: "ECDSA", namedCurve: "P-256" }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } };
  if (curve === "secp384r1") return { importAlgorithm: { name: "ECDSA", namedCurve: "P-384" }, signingAlgorithm: { name: "ECDSA", hash: "SHA-384" } };
  throw new UserError(subject, `has an ${key.asymmetricKeyType ?? "unknown"}${curve ? ` ${curve}` : ""} key, which this command cannot sign with`, "use an RSA, P-256 or P-384 CA, or make a new CA with \"certs init\"");
}
