// Real certificates for the test bed, good and broken, made fresh by each test run.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 60 * 60 * 1000;

export interface Issued {
  readonly cert: string;
  readonly key: string;
}

export interface Authority extends Issued {
  readonly subject: string;
  readonly keys: CryptoKeyPair;
}

let serial = 1;
function nextSerial(): string {
  serial += 1;
  return serial.toString(16).padStart(2, "0");
}

async function keyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
}

async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

async function authorityExtensions(keys: CryptoKeyPair): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
}

export async function makeAuthority(name: string): Promise<Authority> {
  const keys = await keyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${name}`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: await authorityExtensions(keys),
  });
  return { cert: cert.toString("pem"), key: await privateKeyPem(keys), subject: `CN=${name}`, keys };
}

/** An intermediate CA, signed by parent. */
export async function makeIntermediate(parent: Authority, name: string): Promise<Authority> {
  const keys = await keyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${name}`,
    issuer: parent.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: parent.keys.privateKey,
    extensions: await authorityExtensions(keys),
  });
  return { cert: cert.toString("pem"), key: await privateKeyPem(keys), subject: `CN=${name}`, keys };
}

export interface LeafOptions {
  readonly name: string;
  readonly usage: "server" | "client" | "none";
  readonly hosts?: readonly string[];
  /** Days from now; negative for a certificate that has already expired. */
  readonly notAfterDays?: number;
  readonly notBeforeDays?: number;
}

export async function issue(ca: Authority, options: LeafOptions): Promise<Issued> {
  const keys = await keyPair();
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
  ];
  if (options.usage !== "none") {
    extensions.push(new x509.ExtendedKeyUsageExtension([options.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]));
  } else {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning]));
  }
  if (options.hosts && options.hosts.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(options.hosts.map((h) =>
      (/^[\d.]+$/.test(h) || h.includes(":") ? { type: "ip", value: h } : { type: "dns", value: h }))));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${options.name}`,
    issuer: ca.subject,
    notBefore: new Date(now + (options.notBeforeDays ?? -1) * DAY),
    notAfter: new Date(now + (options.notAfterDays ?? 90) * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions,
  });
  return { cert: cert.toString("pem"), key: await privateKeyPem(keys) };
}

/** Everything a test needs: the daemon's CA and server certificate, a good client, and broken ones. */
export interface CertSet {
  readonly ca: Authority;
  readonly server: Issued;
  readonly client: Issued;
  readonly otherCa: Authority;
  readonly clientFromOtherCa: Issued;
  readonly expiredClient: Issued;
  readonly soonExpiringClient: Issued;
  readonly serverOnlyCert: Issued;
}

export async function makeCertSet(): Promise<CertSet> {
  const ca = await makeAuthority("remote-buildkit test CA");
  const otherCa = await makeAuthority("some other CA");
  return {
    ca,
    otherCa,
    server: await issue(ca, { name: "buildkitd", usage: "server", hosts: ["127.0.0.1", "localhost"] }),
    client: await issue(ca, { name: "ci-client", usage: "client" }),
    clientFromOtherCa: await issue(otherCa, { name: "stranger", usage: "client" }),
    expiredClient: await issue(ca, { name: "expired-client", usage: "client", notBeforeDays: -30, notAfterDays: -1 }),
    soonExpiringClient: await issue(ca, { name: "expiring-client", usage: "client", notAfterDays: 5 }),
    serverOnlyCert: await issue(ca, { name: "not-a-client", usage: "server" }),
  };
}

export function base64(pem: string): string {
  return Buffer.from(pem).toString("base64");
}
