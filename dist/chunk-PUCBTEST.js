import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  UserError
} from "./chunk-B65RHDLF.js";

// src/certs/decode.ts
var BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\n([\s\S]*?)\n?-----END \1-----/g;
function pemBlocks(text) {
  return [...text.replace(/\r\n?/g, "\n").matchAll(BLOCK)].map((m) => ({ label: m[1] ?? "", text: m[0] }));
}
var HOW_TO_ENCODE = "store the file's base64 (base64 -w0 FILE) or the PEM text itself in the secret";
function decodePem(input, value, kind) {
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
function toPemText(input, value) {
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
function swapHint(label) {
  return /PRIVATE KEY$/.test(label) || label === "CERTIFICATE" ? "check that client-cert and client-key are not swapped" : HOW_TO_ENCODE;
}
function secretLines(blocks) {
  return blocks.flatMap((b) => b.text.split("\n")).filter((line) => line !== "" && !line.startsWith("-----"));
}
function decodeCredentials(values) {
  return {
    ca: decodePem("ca-cert", values.caCertPem, "certificate"),
    cert: decodePem("client-cert", values.clientCertPem, "certificate"),
    key: decodePem("client-key", values.clientKeyPem, "private key")
  };
}
function pemText(blocks) {
  return blocks.map((b) => `${b.text}
`).join("");
}

export {
  pemBlocks,
  decodePem,
  secretLines,
  decodeCredentials,
  pemText
};
