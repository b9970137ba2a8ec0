import { UserError } from "../errors.js";

export type PemKind = "certificate" | "private key";

export interface PemBlock {
  readonly label: string;
  /** The whole block, BEGIN and END lines included, with LF line ends. */
  readonly text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\n([\s\S]*?)\n?-----END \1-----/g;

/** The complete PEM blocks in a text, CRLF line ends read as LF: the one PEM rule, for the action and the certs command. */
export function pemBlocks(text: string): PemBlock[] {
  return [...text.replace(/\r\n?/g, "\n").matchAll(BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}
const HOW_TO_ENCODE = "store the file's base64 (base64 -w0 FILE) or the PEM text itself in the secret";

/**
 * Turns an input value into the PEM blocks it holds. Accepts what users put in secrets: the base64
 * of a PEM file (with or without line breaks), the PEM text itself, CRLF line ends, and `\n`
 * escapes. Errors name the input and never quote the value.
 */
export function decodePem(input: string, value: string, kind: PemKind): PemBlock[] {
  const text = toPemText(input, value);
  const blocks = pemBlocks(text);
  if (blocks.length === 0) {
    throw new UserError(input, `holds no complete PEM block (no matching BEGIN/END lines)`, HOW_TO_ENCODE);
  }
  if (kind === "certificate") {
    const other = blocks.find((b) => b.label !== "CERTIFICATE");
    if (other) throw new UserError(input, `holds a ${other.label}, not a certificate`, swapHint(other.label));
  } else {
    if (blocks.length !== 1) throw new UserError(input, `holds ${blocks.length} PEM blocks, expected one private key`, HOW_TO_ENCODE);
    const label = blocks[0]?.label ?? "";
    if (label === "ENCRYPTED PRIVATE KEY") {
      throw new UserError(input, "is an encrypted private key", "store the unencrypted key (openssl pkey -in key.pem -out plain.pem) in the secret");
    }
    if (!/PRIVATE KEY$/.test(label)) throw new UserError(input, `holds a ${label}, not a private key`, swapHint(label));
  }
  return blocks;
}

function toPemText(input: string, value: string): string {
  const trimmed = value.replace(/\\n/g, "\n").replace(/\r\n?/g, "\n").trim();
  if (trimmed.includes("-----BEGIN")) return trimmed;
  const compact = trimmed.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new UserError(input, "is neither PEM text nor base64", HOW_TO_ENCODE);
  }
  const decoded = Buffer.from(compact, "base64").toString("utf8").replace(/\r\n?/g, "\n").trim();
  if (!decoded.includes("-----BEGIN")) {
    throw new UserError(input, "is base64, but of something other than a PEM file (DER, or encoded twice?)", HOW_TO_ENCODE);
  }
  return decoded;
}

function swapHint(label: string): string {
  return /PRIVATE KEY$/.test(label) || label === "CERTIFICATE"
    ? "check that client-cert and client-key are not swapped"
    : HOW_TO_ENCODE;
}

/** The lines of a PEM body, for masking: each one would identify the secret in a log. */
export function secretLines(blocks: readonly PemBlock[]): string[] {
  return blocks.flatMap((b) => b.text.split("\n")).filter((line) => line !== "" && !line.startsWith("-----"));
}

export interface Credentials {
  readonly ca: readonly PemBlock[];
  readonly cert: readonly PemBlock[];
  readonly key: readonly PemBlock[];
}

/** The certificate inputs decoded: PEM blocks, which are all that travels on of them. */
export function decodeCredentials(values: { caCertPem: string; clientCertPem: string; clientKeyPem: string }): Credentials {
  return {
    ca: decodePem("ca-cert", values.caCertPem, "certificate"),
    cert: decodePem("client-cert", values.clientCertPem, "certificate"),
    key: decodePem("client-key", values.clientKeyPem, "private key"),
  };
}

export function pemText(blocks: readonly PemBlock[]): string {
  return blocks.map((b) => `${b.text}\n`).join("");
}
