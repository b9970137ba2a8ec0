// The inputs that name the remote daemons and how to reach them: endpoints, per-platform
// endpoints, the certificates (which travel apart from the other inputs) and the keyless issuer.
import { quoted, UserError } from "../errors.js";
import { parseList, splitKeyValue } from "./lists.js";

export interface Endpoint {
  /** As given, normalised: `tcp://host:port`. */
  readonly url: string;
  /** Host name or IP address, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
}

export interface PlatformEndpoint {
  readonly platform: string;
  readonly endpoint: Endpoint;
}

/** Where the job exchanges its OIDC ID token for a client certificate (keyless). */
export interface IssuerInputs {
  /** https URL of the issuer; the call is POST URL/v1/certificates. */
  readonly url: string;
  readonly audience: string;
}

/** The remote daemons. The certificates to reach them travel apart (CredentialPems), and only until written. */
export interface RemoteInputs {
  /** Candidates for the build, ranked per routing key; may be empty when platformEndpoints is not. */
  readonly endpoints: readonly Endpoint[];
  readonly platformEndpoints: readonly PlatformEndpoint[];
  readonly routingKey: string;
  readonly tlsServerName: string;
  /** Set when the certificate comes from the issuer (issuer given, client-cert and client-key not); ca-cert is then optional. */
  readonly issuer?: IssuerInputs;
}

/** The certificate inputs as given (PEM text or its base64): secret, so decoded once, written to files and dropped. */
export interface CredentialPems {
  readonly caCertPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

function parseEndpoint(raw: string, input: string): Endpoint {
  const fix = `set ${input} to the daemon's address, such as tcp://buildkit.example.com:1234`;
  if (raw === "") throw new UserError(input, "is required", fix);
  const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})\/?$/.exec(raw);
  if (!match) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1];
    const problem = scheme && scheme.toLowerCase() !== "tcp"
      ? `scheme ${scheme}:// is not supported, only tcp:// (BuildKit's TLS listener)`
      : `${quoted(raw)} is not tcp://host:port`;
    throw new UserError(input, problem, fix);
  }
  const [, hostPart = "", portText = ""] = match;
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new UserError(input, `port ${portText} is out of range`, fix);
  const host = hostPart.startsWith("[") ? hostPart.slice(1, -1) : hostPart;
  // DNS allows 253 characters: a longer "host" is something pasted into the wrong input.
  if (host.length > 253) throw new UserError(input, `${quoted(raw)} names a host longer than 253 characters`, fix);
  return Object.freeze({ url: `tcp://${hostPart}:${port}`, host, port });
}

/** The remote inputs as given. */
export interface RawRemote {
  readonly endpoint: string;
  readonly platformEndpoints: string;
  readonly routingKey: string;
  readonly caCert: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly tlsServerName: string;
  readonly issuer: string;
  readonly issuerAudience: string;
}

/**
 * The remote target, or undefined when the job has no credentials at all, as in a fork's pull
 * request, whose secrets are empty. Half of the credentials is a mistake, never a fork.
 */
export function parseRemote(raw: RawRemote, neverFallBack: boolean): { daemons: RemoteInputs; pems: CredentialPems } | undefined {
  const certs = { "ca-cert": raw.caCert, "client-cert": raw.clientCert, "client-key": raw.clientKey };
  const issuer = parseIssuer(raw);
  // Keyless: the issuer gives the client certificate; ca-cert, when given, still checks the daemon and the issuer.
  const keyless = issuer !== undefined && raw.clientCert === "" && raw.clientKey === "";
  const missing = keyless ? [] : Object.entries(certs).filter(([, v]) => v === "").map(([k]) => k);
  const howToStore = "store the base64 of each PEM file in a CI secret (base64 -w0 client.pem) and pass it to this input";
  if (missing.length === 3 && !neverFallBack) return undefined;
  if (missing.length > 0) {
    const why = neverFallBack && missing.length === 3 ? "required when fallback is never" : "required together with the other certificates";
    throw new UserError(missing.join(", "), why, howToStore);
  }
  const platformEndpoints = parseList(raw.platformEndpoints, { commas: true }).map((item): PlatformEndpoint => {
    const pair = splitKeyValue(item);
    if (!pair || !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(pair.key)) {
      throw new UserError("platform-endpoints", `${quoted(item)} is not platform=tcp://host:port`, "write one per line, such as linux/arm64=tcp://arm-builder:1234");
    }
    return Object.freeze({ platform: pair.key, endpoint: parseEndpoint(pair.value.trim(), "platform-endpoints") });
  });
  if (raw.endpoint === "" && platformEndpoints.length === 0) {
    throw new UserError("endpoint", `is required when ${keyless ? "issuer is" : "certificates are"} given`, "set endpoint to the daemon's address, such as tcp://buildkit.example.com:1234");
  }
  const endpoints = parseList(raw.endpoint, { commas: true }).map((e) => parseEndpoint(e, "endpoint"))
    .filter((e, i, all) => all.findIndex((o) => o.url === e.url) === i);
  return {
    daemons: Object.freeze({ endpoints: Object.freeze(endpoints), platformEndpoints: Object.freeze(platformEndpoints), routingKey: raw.routingKey, tlsServerName: raw.tlsServerName,
      ...(keyless && issuer ? { issuer } : {}) }),
    pems: Object.freeze({ caCertPem: raw.caCert, clientCertPem: raw.clientCert, clientKeyPem: raw.clientKey }),
  };
}

function parseIssuer(raw: RawRemote): IssuerInputs | undefined {
  if (raw.issuer === "") return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw.issuer);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new UserError("issuer", `"${raw.issuer}" is not an https URL`, "set issuer to the issuer's address, such as https://buildkit-issuer.example.com (the job's ID token is sent there, so only over HTTPS)");
  }
  if (!/^[\x21-\x7e]+$/.test(raw.issuerAudience)) {
    throw new UserError("issuer-audience", `"${raw.issuerAudience}" is not a usable audience`, "leave it at remote-buildkit, or set the audience the issuer's policy names");
  }
  return Object.freeze({ url: url.href.replace(/\/+$/, ""), audience: raw.issuerAudience });
}
