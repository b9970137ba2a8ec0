// reflect-metadata first: @peculiar/x509's dependency injection checks for it when it is loaded,
// and with the bundle split into chunks, only the module that loads @peculiar/x509 can be sure of the order.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { serialNumber, type Authority } from "../cli/issue.js";
import { describeIdentity, identityUri, type Identity } from "./rules.js";

// A runner whose clock lags a little still accepts the certificate at once.
const BACKDATE_MS = 60 * 1000;

export interface ClientCertificate {
  readonly pem: string;
  readonly serial: string;
  readonly notAfter: Date;
}

/**
 * A client certificate for the key of the request, naming the job's identity: the subject's common
 * name `repository@ref` and a URI SAN `ISSUER/repository@ref`. Client authentication only; it
 * never outlives the CA.
 */
export async function issueClientCertificate(
  authority: Authority, publicKey: x509.PublicKey, issuer: string, identity: Identity, lifetimeSeconds: number, now: Date,
): Promise<ClientCertificate> {
  const notAfter = new Date(Math.min(now.getTime() + lifetimeSeconds * 1000, authority.cert.notAfter.getTime()));
  const serial = serialNumber();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: [{ CN: [describeIdentity(identity)] }],
    issuer: authority.cert.subjectName,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter,
    signingAlgorithm: authority.signingAlgorithm,
    publicKey,
    signingKey: authority.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: "url", value: identityUri(issuer, identity) }], false),
      await x509.SubjectKeyIdentifierExtension.create(publicKey, false, webcrypto),
      await x509.AuthorityKeyIdentifierExtension.create(authority.cert.publicKey, false, webcrypto),
    ],
  }, webcrypto);
  return { pem: cert.toString("pem"), serial, notAfter: cert.notAfter };
}
