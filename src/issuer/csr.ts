// reflect-metadata first: @peculiar/x509's dependency injection checks for it when it is loaded,
// and with the bundle split into chunks, only the module that loads @peculiar/x509 can be sure of the order.
import "reflect-metadata";
import { createPublicKey, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { refuse } from "./refusal.js";

const FIX = "send the PEM of a PKCS#10 request for the job's own key (openssl req -new -key key.pem -subj /CN=ci)";

/**
 * The runner's certificate request, checked: one PEM request, signed by the key it names (so the
 * caller holds that key), for an EC P-256/P-384 or RSA 2048+ key, asking for no CA. Its subject and
 * any other extensions it asks for are ignored: the certificate's contents are the issuer's.
 */
export async function checkRequest(pem: string): Promise<x509.Pkcs10CertificateRequest> {
  const blocks = pem.match(/-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\s\S]*?-----END (NEW )?CERTIFICATE REQUEST-----/g) ?? [];
  if (blocks.length !== 1) return refuse(400, "bad_csr", `the csr holds ${blocks.length} PEM certificate requests, expected one: ${FIX}`);
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(blocks[0] ?? "");
  } catch {
    return refuse(400, "bad_csr", `the csr cannot be parsed as a PKCS#10 certificate request: ${FIX}`);
  }
  const key = keyOf(request);
  if (key === undefined) return refuse(400, "bad_csr", `the csr's key is not EC P-256, EC P-384 or RSA of 2048 bits or more: ${FIX}`);
  let signed = false;
  try {
    signed = await request.verify(webcrypto);
  } catch {
    signed = false;
  }
  if (!signed) return refuse(400, "bad_csr", `the csr's signature does not verify with the key it names: ${FIX}`);
  const asksCa = request.extensions.some((e) => (e instanceof x509.BasicConstraintsExtension && e.ca)
    || (e instanceof x509.KeyUsagesExtension && (e.usages & x509.KeyUsageFlags.keyCertSign) !== 0));
  if (asksCa) return refuse(400, "csr_asks_for_ca", "the csr asks for a CA certificate (basic constraints CA:TRUE or key usage keyCertSign); only client certificates are issued: request one without those extensions");
  return request;
}

function keyOf(request: x509.Pkcs10CertificateRequest): string | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: "der", type: "spki" });
    const details = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === "ec" && (details?.namedCurve === "prime256v1" || details?.namedCurve === "secp384r1")) return `EC ${details.namedCurve}`;
    if (key.asymmetricKeyType === "rsa" && (details?.modulusLength ?? 0) >= 2048) return `RSA ${details?.modulusLength ?? 0}`;
    return undefined;
  } catch {
    return undefined;
  }
}
