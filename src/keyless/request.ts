// Loaded only on the keyless path (src/keyless/obtain.ts is imported when issuer is set), so that
// other runs never load @peculiar/x509. reflect-metadata comes first: @peculiar/x509 needs it.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** A new key pair, made in the job and never sent anywhere, and a certificate request signed with it. */
export async function newKeyAndRequest(): Promise<{ readonly keyPem: string; readonly csrPem: string }> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: "CN=remote-buildkit", keys, signingAlgorithm: ALGORITHM }, webcrypto);
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return { keyPem, csrPem: csr.toString("pem") };
}
