import { decodeCredentials, pemText, type Credentials } from "../certs/decode.js";
import { checkCertificates } from "../certs/verify.js";
import { UserError } from "../errors.js";
import { writePrivateFile, type Workspace } from "../files/workspace.js";
import type { CredentialPems } from "../inputs/remote.js";
import type { RemoteFailure } from "../policy/fallback.js";
import { maskPemLines } from "./mask.js";
import type { StepIO } from "./port.js";

export const NO_CREDENTIALS: RemoteFailure = {
  reason: "no-credentials",
  message: "no endpoint or no certificates were given (a pull request from a fork gets no secrets)",
  misconfigured: false,
};

/** Decodes, masks and checks the certificates; a mistake is a misconfiguration, with the input named. */
export function checkCredentials(io: StepIO, pems: CredentialPems, now: Date): Credentials | RemoteFailure {
  try {
    const credentials = decodeCredentials(pems);
    maskPemLines(io, credentials);
    const facts = checkCertificates(credentials, now);
    io.info(`Client certificate "${facts.clientSubject}", valid until ${facts.clientNotAfter.toISOString()}`);
    facts.warnings.forEach((w) => io.warning(w));
    return credentials;
  } catch (err: unknown) {
    if (err instanceof UserError) return { reason: "tls-error", message: err.message, misconfigured: true, cause: err };
    throw err;
  }
}

/** Writes the certificates where buildx reads them: files only the job can read. */
export async function writeCertFiles(ws: Workspace, credentials: Credentials): Promise<void> {
  await writePrivateFile(ws.caCertFile, pemText(credentials.ca));
  await writePrivateFile(ws.clientCertFile, pemText(credentials.cert));
  await writePrivateFile(ws.clientKeyFile, pemText(credentials.key));
}
