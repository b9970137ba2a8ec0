// Requires reflect-metadata to be loaded before this module (src/cli.ts does it first):
// @peculiar/x509's dependency injection checks for it when it is imported.
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { SubjectName } from "./names.js";

const DAY_MS = 24 * 60 * 60 * 1000;
// Issued certificates start an hour early, so that a runner whose clock lags still accepts them.
const BACKDATE_MS = 60 * 60 * 1000;
// Every new key is ECDSA P-256: small, fast, and accepted by Go (buildkitd, buildx) and Node.
const KEY_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;

/** A private key and its certificate, both PEM. */
export interface Issued {
  readonly certPem: string;
  readonly keyPem: string;
  readonly notAfter: Date;
}

/** A CA that can sign: its certificate and private key, with the algorithm its key signs with. */
export interface Authority {
  readonly cert: x509.X509Certificate;
  readonly key: webcrypto.CryptoKey;
  readonly signingAlgorithm: SigningAlgorithm;
}

export interface SigningAlgorithm {
  readonly name: "ECDSA" | "RSASSA-PKCS1-v1_5";
  readonly hash: "SHA-256" | "SHA-384";
}

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** From an hour before now to `days` days after now. */
export function validityFor(now: Date, days: number): Validity {
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * DAY_MS) };
}

/** A new self-signed CA that may sign end-entity certificates only (path length 0). */
export async function makeAuthority(commonName: string, validity: Validity): Promise<{ authority: Authority; issued: Issued }> {
  const keys = await newKeyPair();
  const signingAlgorithm: SigningAlgorithm = { name: "ECDSA", hash: "SHA-256" };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [commonName] }],
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
    ],
  }, webcrypto);
  return {
    authority: { cert, key: keys.privateKey, signingAlgorithm },
    issued: { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey), notAfter: cert.notAfter },
  };
}

export type Leaf =
  | { readonly usage: "server"; readonly commonName: string; readonly names: readonly SubjectName[] }
  | { readonly usage: "client"; readonly commonName: string };

/**
 * A new key and a certificate for it signed by the authority: serverAuth with the given subject
 * alternative names for the daemon, or clientAuth for CI.
 */
export async function issueLeaf(authority: Authority, leaf: Leaf, validity: Validity): Promise<Issued> {
  const keys = await newKeyPair();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([leaf.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth], false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
    await x509.AuthorityKeyIdentifierExtension.create(authority.cert.publicKey, false, webcrypto),
  ];
  if (leaf.usage === "server") {
    extensions.push(new x509.SubjectAlternativeNameExtension(leaf.names.map((n) => ({ type: n.type, value: n.value })), false));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [leaf.commonName] }],
    // The CA's own encoded name, so that the issuer matches it byte for byte.
    issuer: authority.cert.subjectName,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    signingAlgorithm: authority.signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: authority.key,
    extensions,
  }, webcrypto);
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey), notAfter: cert.notAfter };
}

async function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"]);
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

/** 16 random bytes, positive as RFC 5280 requires (the high bit clear). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString("hex");
}
