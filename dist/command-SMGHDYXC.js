import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  EVENT_ID,
  YAMLException,
  getScalarValue,
  load,
  parseEvents
} from "./chunk-JQ5AHRQI.js";
import {
  CA_FILES,
  loadAuthority,
  serialNumber
} from "./chunk-QFAMP7SC.js";
import {
  require_Reflect,
  require_x509_cjs
} from "./chunk-MMCOLJUF.js";
import "./chunk-PUCBTEST.js";
import {
  UserError,
  __export,
  __toESM
} from "./chunk-B65RHDLF.js";

// src/issuer/command.ts
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";

// src/issuer/certificate.ts
var import_reflect_metadata = __toESM(require_Reflect(), 1);
var x509 = __toESM(require_x509_cjs(), 1);
import { webcrypto } from "node:crypto";

// src/issuer/rules.ts
function matchesPattern(pattern, value) {
  const source = pattern.split(/(\*\*|\*)/).map((part) => part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("");
  return new RegExp(`^${source}$`, "s").test(value);
}
function claimText(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return void 0;
}
function ruleAllows(rule, claims) {
  for (const [claim, patterns] of rule) {
    const value = claimText(claims[claim]);
    if (value === void 0 || !patterns.some((p) => matchesPattern(p, value))) return false;
  }
  return true;
}
function allowingRule(policy, claims) {
  return policy.allow.findIndex((rule) => ruleAllows(rule, claims));
}
function identityOf(claims) {
  const repository = claimText(claims["repository"]) ?? claimText(claims["project_path"]);
  const ref = claimText(claims["ref"]) ?? "";
  return repository ? { repository, ref } : void 0;
}
function describeIdentity(identity) {
  return identity.ref === "" ? identity.repository : `${identity.repository}@${identity.ref}`;
}
function identityUri(issuer, identity) {
  const path = identity.repository.split("/").map(encodeURIComponent).join("/");
  const ref = identity.ref === "" ? "" : `@${encodeURIComponent(identity.ref)}`;
  return `${issuer.replace(/\/+$/, "")}/${path}${ref}`;
}

// src/issuer/certificate.ts
var BACKDATE_MS = 60 * 1e3;
async function issueClientCertificate(authority, publicKey, issuer, identity, lifetimeSeconds, now) {
  const notAfter = new Date(Math.min(now.getTime() + lifetimeSeconds * 1e3, authority.cert.notAfter.getTime()));
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
      new x509.BasicConstraintsExtension(false, void 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: "url", value: identityUri(issuer, identity) }], false),
      await x509.SubjectKeyIdentifierExtension.create(publicKey, false, webcrypto),
      await x509.AuthorityKeyIdentifierExtension.create(authority.cert.publicKey, false, webcrypto)
    ]
  }, webcrypto);
  return { pem: cert.toString("pem"), serial, notAfter: cert.notAfter };
}

// src/issuer/csr.ts
var import_reflect_metadata2 = __toESM(require_Reflect(), 1);
var x5092 = __toESM(require_x509_cjs(), 1);
import { createPublicKey, webcrypto as webcrypto2 } from "node:crypto";

// src/issuer/refusal.ts
var RefusedError = class extends Error {
  constructor(refusal) {
    super(refusal.message);
    this.refusal = refusal;
    this.name = "RefusedError";
  }
  refusal;
};
function refuse(status, error, message2) {
  throw new RefusedError({ status, error, message: message2 });
}

// src/issuer/csr.ts
var FIX = "send the PEM of a PKCS#10 request for the job's own key (openssl req -new -key key.pem -subj /CN=ci)";
async function checkRequest(pem) {
  const blocks = pem.match(/-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\s\S]*?-----END (NEW )?CERTIFICATE REQUEST-----/g) ?? [];
  if (blocks.length !== 1) return refuse(400, "bad_csr", `the csr holds ${blocks.length} PEM certificate requests, expected one: ${FIX}`);
  let request;
  try {
    request = new x5092.Pkcs10CertificateRequest(blocks[0] ?? "");
  } catch {
    return refuse(400, "bad_csr", `the csr cannot be parsed as a PKCS#10 certificate request: ${FIX}`);
  }
  const key = keyOf(request);
  if (key === void 0) return refuse(400, "bad_csr", `the csr's key is not EC P-256, EC P-384 or RSA of 2048 bits or more: ${FIX}`);
  let signed = false;
  try {
    signed = await request.verify(webcrypto2);
  } catch {
    signed = false;
  }
  if (!signed) return refuse(400, "bad_csr", `the csr's signature does not verify with the key it names: ${FIX}`);
  const asksCa = request.extensions.some((e) => e instanceof x5092.BasicConstraintsExtension && e.ca || e instanceof x5092.KeyUsagesExtension && (e.usages & x5092.KeyUsageFlags.keyCertSign) !== 0);
  if (asksCa) return refuse(400, "csr_asks_for_ca", "the csr asks for a CA certificate (basic constraints CA:TRUE or key usage keyCertSign); only client certificates are issued: request one without those extensions");
  return request;
}
function keyOf(request) {
  try {
    const key = createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: "der", type: "spki" });
    const details = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === "ec" && (details?.namedCurve === "prime256v1" || details?.namedCurve === "secp384r1")) return `EC ${details.namedCurve}`;
    if (key.asymmetricKeyType === "rsa" && (details?.modulusLength ?? 0) >= 2048) return `RSA ${details?.modulusLength ?? 0}`;
    return void 0;
  } catch {
    return void 0;
  }
}

// node_modules/jose/dist/webapi/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var strictDecoder = new TextDecoder("utf-8", { fatal: true });
var UINT32_RANGE = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
var NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function decodeBase64(encoded, url = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// node_modules/jose/dist/webapi/util/errors.js
var errors_exports = {};
__export(errors_exports, {
  JOSEAlgNotAllowed: () => JOSEAlgNotAllowed,
  JOSEError: () => JOSEError,
  JOSENotSupported: () => JOSENotSupported,
  JWEDecryptionFailed: () => JWEDecryptionFailed,
  JWEInvalid: () => JWEInvalid,
  JWKInvalid: () => JWKInvalid,
  JWKSInvalid: () => JWKSInvalid,
  JWKSMultipleMatchingKeys: () => JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey: () => JWKSNoMatchingKey,
  JWKSTimeout: () => JWKSTimeout,
  JWSInvalid: () => JWSInvalid,
  JWSSignatureVerificationFailed: () => JWSSignatureVerificationFailed,
  JWTClaimValidationFailed: () => JWTClaimValidationFailed,
  JWTExpired: () => JWTExpired,
  JWTInvalid: () => JWTInvalid
});
var JOSEError = class extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options) {
    super(message2, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
};
var JWTClaimValidationFailed = class extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JWTExpired = class extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message2, payload, claim = "unspecified", reason = "unspecified") {
    super(message2, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
};
var JOSEAlgNotAllowed = class extends JOSEError {
  static code = "ERR_JOSE_ALG_NOT_ALLOWED";
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
};
var JOSENotSupported = class extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWEDecryptionFailed = class extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message2 = "decryption operation failed", options) {
    super(message2, options);
  }
};
var JWEInvalid = class extends JOSEError {
  static code = "ERR_JWE_INVALID";
  code = "ERR_JWE_INVALID";
};
var JWSInvalid = class extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWTInvalid = class extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
};
var JWKInvalid = class extends JOSEError {
  static code = "ERR_JWK_INVALID";
  code = "ERR_JWK_INVALID";
};
var JWKSInvalid = class extends JOSEError {
  static code = "ERR_JWKS_INVALID";
  code = "ERR_JWKS_INVALID";
};
var JWKSNoMatchingKey = class extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message2 = "no applicable key found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSMultipleMatchingKeys = class extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message2 = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message2, options);
  }
};
var JWKSTimeout = class extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message2 = "request timed out", options) {
    super(message2, options);
  }
};
var JWSSignatureVerificationFailed = class extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message2 = "signature verification failed", options) {
    super(message2, options);
  }
};

// node_modules/jose/dist/webapi/util/base64url.js
var invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}

// node_modules/jose/dist/webapi/lib/validate.js
function isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return isObject(input) && Array.isArray(input.keys) && Array.from(input.keys).every(isObject);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
var JWS_RECOGNIZED = { __proto__: null, b64: true };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}

// node_modules/jose/dist/webapi/lib/key.js
var tag = (key) => key[Symbol.toStringTag];
var jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.kty === "AKP" && key.alg === void 0)
    throw new TypeError('missing "alg" (Algorithm) Parameter value');
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
var cache;
var nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
var isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return true;
  try {
    return key instanceof CryptoKey;
  } catch {
    return false;
  }
};
var isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject";
var isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
var unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
var sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
var JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}

// node_modules/jose/dist/webapi/lib/jws_verify.js
function prepareVerify(options) {
  return [options && validateAlgorithms("algorithms", options.algorithms), options?.crit];
}
function parseProtectedHeader(encodedProtectedHeader) {
  return encodedProtectedHeader === void 0 ? {} : parseJoseHeader(encodedProtectedHeader, JWSInvalid, "JWS Protected Header is invalid");
}
function encodeCompactUnencodedPayload(payload) {
  try {
    return encode(payload);
  } catch (cause) {
    throw new JWSInvalid("JWS Compact Serialization payload must use only ASCII characters", {
      cause
    });
  }
}
async function verifySignature(jws, shared, key, encodeUnencodedPayload, parsedProtected) {
  const { protected: encodedProtectedHeader, header, payload: inputPayload } = jws, protectedHeader = parsedProtected ?? parseProtectedHeader(encodedProtectedHeader);
  if (!isDisjoint(protectedHeader, header))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...header }, b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, shared[1], protectedHeader, joseHeader)), { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  if (shared[0] && !shared[0].has(alg))
    throw new JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (b64) {
    if (typeof inputPayload != "string")
      throw new JWSInvalid("JWS Payload must be a string");
  } else if (typeof inputPayload != "string" && !(inputPayload instanceof Uint8Array))
    throw new JWSInvalid("JWS Payload must be a string or an Uint8Array instance");
  const signingPayload = b64 || typeof inputPayload != "string" ? inputPayload : encodeUnencodedPayload(inputPayload);
  let resolvedKey = false;
  typeof key == "function" && (key = await key(protectedHeader, jws), resolvedKey = true);
  const entry = jwsAlgorithm(alg), signingInput = concat(encodedProtectedHeader !== void 0 ? encode(encodedProtectedHeader) : new Uint8Array(), encode("."), typeof signingPayload == "string" ? shared[2] ??= encodeAsciiMember(signingPayload, "payload", JWSInvalid) : signingPayload), signature = decodeBase64url(jws.signature, "signature", JWSInvalid), verificationKey = await prepareKey(entry, key, "verify"), cryptoKey = await rawKey(verificationKey, entry.subtle, "verify");
  entry.minRsaBits && checkModulusLength(entry.alg, cryptoKey);
  let verified = false;
  try {
    verified = await crypto.subtle.verify(entry.signing, cryptoKey, signature, signingInput);
  } catch (cause) {
    throw new JWSSignatureVerificationFailed(void 0, { cause });
  }
  if (!verified)
    throw new JWSSignatureVerificationFailed();
  const result = { payload: typeof signingPayload == "string" ? decodeBase64url(signingPayload, "payload", JWSInvalid) : signingPayload };
  return encodedProtectedHeader !== void 0 && (result.protectedHeader = protectedHeader), header !== void 0 && (result.unprotectedHeader = header), resolvedKey ? [{ ...result, key: verificationKey }, b64] : [result, b64];
}
async function verifyCompact(jws, shared, key) {
  if (jws instanceof Uint8Array && (jws = decoder.decode(jws)), typeof jws != "string")
    throw new JWSInvalid("Compact JWS must be a string or Uint8Array");
  const { 0: protectedHeader, 1: payload, 2: signature, length } = jws.split(".");
  if (length !== 3)
    throw new JWSInvalid("Invalid Compact JWS");
  return verifySignature({ payload, protected: protectedHeader, signature }, shared, key, encodeCompactUnencodedPayload);
}

// node_modules/jose/dist/webapi/lib/jwt_claims_set.js
var epoch = (date) => Math.floor(date.getTime() / 1e3);
var multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
};
var REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
var checkFailed = "check_failed";
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4]?.toLowerCase() === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
var normalizeTyp = (value) => {
  const normalized = value.toLowerCase();
  return value.includes("/") ? normalized : `application/${normalized}`;
};
var checkAudiencePresence = (audPayload, audOption) => typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => audPayload.includes(aud)) : false;
function validateNumericDate(claimsSet, claim, required = false) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, typeof audience == "string" ? [audience] : audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}

// node_modules/jose/dist/webapi/jwt/verify.js
async function jwtVerify(jwt, key, options) {
  const [verified, b64] = await verifyCompact(jwt, prepareVerify(options), key);
  if (!b64)
    throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
  const payload = validateClaimsSet(verified.protectedHeader, verified.payload, options);
  return { ...verified, payload };
}

// node_modules/jose/dist/webapi/jwks/local.js
function isUsableJWK(jwk, entry, alg, kid) {
  const { kty, key_ops: keyOps, ext, kid: jwkKid, alg: jwkAlg, use, crv } = jwk;
  return (ext === void 0 || typeof ext == "boolean") && (keyOps === void 0 || Array.isArray(keyOps) && keyOps.every((operation, index) => typeof operation == "string" && keyOps.indexOf(operation) === index) && keyOps.includes("verify")) && entry.kty.includes(kty) && (kid === void 0 || typeof kid == "string" && kid === jwkKid) && (jwkAlg === void 0 ? kty !== "AKP" : alg === jwkAlg) && (use === void 0 || use === "sig") && (!entry.crv || crv === entry.crv);
}
async function importWithAlgCache(cache2, jwk, entry) {
  const cached = cache2.get(jwk) || cache2.set(jwk, {}).get(jwk), { alg } = entry;
  if (cached[alg] === void 0) {
    const pending = jwkToKey(entry, jwk, true).then((key) => {
      if (key.type !== "public")
        throw new JWKSInvalid("JSON Web Key Set members must be public keys");
      return cached[alg] = key, key;
    }).catch((error) => {
      throw cached[alg] === pending && delete cached[alg], error;
    });
    cached[alg] = pending;
  }
  return cached[alg];
}
function createLocalJWKSet(jwks) {
  let snapshot;
  try {
    snapshot = structuredClone(jwks);
  } catch (cause) {
    throw new JWKSInvalid("JSON Web Key Set malformed", { cause });
  }
  if (!isJwkSet(snapshot))
    throw new JWKSInvalid("JSON Web Key Set malformed");
  const metadata = snapshot.keys.map((jwk) => {
    const normalized = snapshotJwk(jwk);
    return Array.isArray(normalized.key_ops) && (normalized.key_ops = [...normalized.key_ops]), normalized;
  }), cached = /* @__PURE__ */ new WeakMap();
  return Object.defineProperty(async (protectedHeader, token) => {
    const { alg, kid } = { ...protectedHeader, ...token?.header }, entry = typeof alg == "string" ? JWS[alg] : void 0;
    if (!entry || entry.secret)
      throw new JOSENotSupported('Unsupported "alg" value for a JSON Web Key Set');
    const candidates = snapshot.keys.filter((_, index) => isUsableJWK(metadata[index], entry, alg, kid)), { 0: jwk, length } = candidates;
    if (!length)
      throw new JWKSNoMatchingKey();
    if (length !== 1) {
      const error = new JWKSMultipleMatchingKeys();
      throw error[Symbol.asyncIterator] = async function* () {
        for (const jwk2 of candidates)
          try {
            yield await importWithAlgCache(cached, jwk2, entry);
          } catch {
          }
      }, error;
    }
    return importWithAlgCache(cached, jwk, entry);
  }, "jwks", {
    value: () => structuredClone(snapshot)
  });
}

// node_modules/jose/dist/webapi/jwks/remote.js
function isCloudflareWorkers() {
  return typeof WebSocketPair < "u" || typeof navigator < "u" && navigator.userAgent === "Cloudflare-Workers" || typeof EdgeRuntime < "u" && EdgeRuntime === "vercel";
}
var USER_AGENT;
(typeof navigator > "u" || !navigator.userAgent?.startsWith?.("Mozilla/5.0 ")) && (USER_AGENT = "jose/v6.2.18");
var customFetch = /* @__PURE__ */ Symbol();
async function fetchJwks(url, headers, signal, fetchImpl = fetch) {
  const response = await fetchImpl(url, {
    method: "GET",
    signal,
    redirect: "manual",
    headers
  }).catch((err) => {
    throw err.name === "TimeoutError" ? new JWKSTimeout(void 0, { cause: err }) : err;
  });
  if (response.status !== 200)
    throw new JOSEError("Expected 200 OK from the JSON Web Key Set HTTP response");
  try {
    return await response.json();
  } catch (cause) {
    throw signal.aborted ? new JWKSTimeout(void 0, { cause }) : new JOSEError("Failed to parse the JSON Web Key Set HTTP response as JSON", { cause });
  }
}
var jwksCache = /* @__PURE__ */ Symbol();
function isFreshFor(timestamp, duration) {
  return Number.isFinite(timestamp) && Date.now() < timestamp + duration;
}
function validateDuration(value, fallback, option) {
  if (Number.isNaN(value))
    throw new TypeError(`"${option}" option must not be NaN`);
  if (typeof value == "number" && value < 0)
    throw new TypeError(`"${option}" option must not be negative`);
  return typeof value == "number" ? value : fallback;
}
function createRemoteJWKSet(url, options) {
  if (!(url instanceof URL))
    throw new TypeError("url must be an instance of URL");
  const href = new URL(url.href).href, opts = options ?? {}, timeoutOption = opts.timeoutDuration;
  if (typeof timeoutOption == "number" && (!Number.isInteger(timeoutOption) || timeoutOption < 0))
    throw new TypeError('"timeoutDuration" option must be a non-negative integer');
  const timeoutDuration = typeof timeoutOption == "number" ? timeoutOption : 5e3, cooldownDuration = validateDuration(opts.cooldownDuration, 3e4, "cooldownDuration"), cacheMaxAge = validateDuration(opts.cacheMaxAge, 6e5, "cacheMaxAge"), headers = new Headers(opts.headers);
  USER_AGENT && !headers.has("User-Agent") && headers.set("User-Agent", USER_AGENT), headers.has("accept") || headers.set("accept", "application/json, application/jwk-set+json");
  const fetchImpl = opts[customFetch], cache2 = opts[jwksCache];
  let jwksTimestamp, pendingFetch, reloadSequence = 0, appliedSequence = 0, local;
  if (cache2 && typeof cache2 == "object") {
    const { uat, jwks } = cache2;
    isFreshFor(uat, cacheMaxAge) && isJwkSet(jwks) && (jwksTimestamp = uat, local = createLocalJWKSet(jwks));
  }
  const reload = async () => {
    if (pendingFetch && isCloudflareWorkers() && (pendingFetch = void 0), !pendingFetch) {
      const sequence = ++reloadSequence, current = pendingFetch = fetchJwks(href, headers, AbortSignal.timeout(timeoutDuration), fetchImpl).then((json) => {
        const next = createLocalJWKSet(json);
        if (sequence <= appliedSequence)
          return;
        local = next;
        const updatedAt = Date.now();
        cache2 && (cache2.uat = updatedAt, cache2.jwks = json), jwksTimestamp = updatedAt, appliedSequence = sequence;
      }).finally(() => {
        pendingFetch === current && (pendingFetch = void 0);
      });
    }
    await pendingFetch;
  };
  return Object.defineProperties(async (protectedHeader, token) => {
    (!local || !isFreshFor(jwksTimestamp, cacheMaxAge)) && await reload();
    try {
      return await local(protectedHeader, token);
    } catch (err) {
      if (err instanceof JWKSNoMatchingKey && !isFreshFor(jwksTimestamp, cooldownDuration))
        return await reload(), local(protectedHeader, token);
      throw err;
    }
  }, {
    coolingDown: {
      get: () => isFreshFor(jwksTimestamp, cooldownDuration),
      enumerable: true
    },
    fresh: {
      get: () => isFreshFor(jwksTimestamp, cacheMaxAge),
      enumerable: true
    },
    reload: {
      value: reload,
      enumerable: true
    },
    reloading: {
      get: () => !!pendingFetch,
      enumerable: true
    },
    jwks: {
      value: () => local?.jwks(),
      enumerable: true
    }
  });
}

// node_modules/jose/dist/webapi/util/decode_protected_header.js
function decodeProtectedHeader(token) {
  let encodedProtectedHeader;
  if (typeof token == "string") {
    const parts = token.split(".");
    (parts.length === 3 || parts.length === 5) && ([encodedProtectedHeader] = parts);
  } else if (typeof token == "object" && token)
    if ("protected" in token)
      encodedProtectedHeader = token.protected;
    else
      throw new TypeError("Token does not contain a Protected Header");
  const invalid2 = "Invalid Token or Protected Header formatting";
  if (typeof encodedProtectedHeader != "string" || !encodedProtectedHeader)
    throw new TypeError(invalid2);
  return parseJoseHeader(encodedProtectedHeader, TypeError, invalid2);
}

// node_modules/jose/dist/webapi/util/decode_jwt.js
function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new JWTInvalid("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new JWTInvalid("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new JWTInvalid("Invalid JWT");
  if (!encodedPayload)
    throw new JWTInvalid("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = decode(encodedPayload);
  } catch (cause) {
    throw new JWTInvalid("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("Invalid JWT Claims Set");
  return claimsSet;
}

// src/issuer/verify-token.ts
var ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
var CLOCK_TOLERANCE_SECONDS = 30;
var MAX_TOKEN_AGE = "24h";
async function verifyToken(token, policy, keysFor, now) {
  let unverified;
  let alg;
  try {
    alg = decodeProtectedHeader(token).alg ?? "";
    unverified = decodeJwt(token);
  } catch {
    return refuse(401, "malformed_token", "the token is not a JWT: pass the job's OIDC ID token as it was issued");
  }
  const issuer = unverified.iss ?? "";
  const entry = policy.issuers.find((p) => p.issuer === issuer);
  if (!entry) {
    return refuse(401, "unknown_issuer", `tokens from "${issuer}" are not accepted: this issuer's policy lists ${policy.issuers.map((p) => p.issuer).join(", ")}. Add the issuer to the policy, or use a token from one of these`);
  }
  let keys;
  try {
    keys = await keysFor(issuer);
  } catch (err) {
    return refuse(502, "provider_unreachable", `the keys of ${issuer} cannot be fetched (${err instanceof Error ? err.message : String(err)}); try again, and check that this server reaches ${issuer}`);
  }
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: entry.audience,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE,
      requiredClaims: ["exp", "iat"],
      currentDate: now
    });
    return { policy: entry, claims: payload };
  } catch (err) {
    if (err instanceof RefusedError) throw err;
    return refuse(...tokenRefusal(err, alg, entry, unverified));
  }
}
function tokenRefusal(err, alg, entry, claims) {
  const at = (seconds) => seconds === void 0 ? "an unknown time" : new Date(seconds * 1e3).toISOString();
  if (err instanceof errors_exports.JWTExpired) {
    return err.claim === "iat" ? [401, "token_too_old", `the token was issued at ${at(claims.iat)}, more than ${MAX_TOKEN_AGE} ago: request a new one`] : [401, "token_expired", `the token expired at ${at(claims.exp)}: request a new one in the step that builds (ID tokens live for minutes)`];
  }
  if (err instanceof errors_exports.JWTClaimValidationFailed) {
    switch (err.claim) {
      case "nbf":
        return [401, "token_not_yet_valid", `the token is not valid before ${at(claims.nbf)}: check the clocks of the OIDC provider and of this server`];
      case "iat":
        return [401, "token_issued_in_future", `the token says it was issued at ${at(claims.iat)}, in the future: check the clocks of the OIDC provider and of this server`];
      case "aud": {
        const given = Array.isArray(claims.aud) ? claims.aud.join(", ") : claims.aud ?? "none";
        return [401, "wrong_audience", `the token's audience is "${given}", but ${entry.issuer} tokens must be for "${entry.audience}": set the action's issuer-audience (the GitLab id_tokens aud) to ${entry.audience}`];
      }
      default:
        return [401, "invalid_claims", `the token's ${err.claim} claim is not valid (${err.reason}): pass the job's ID token as it was issued`];
    }
  }
  if (err instanceof errors_exports.JOSEAlgNotAllowed) {
    if (alg === "none") return [401, "unsigned_token", "the token is unsigned (alg none), which is never accepted: pass the job's ID token as it was issued"];
    if (/^HS/i.test(alg)) return [401, "hmac_refused", `the token is signed with ${alg}, a shared-secret algorithm, which is never accepted: OIDC ID tokens are signed with the provider's private key`];
    return [401, "algorithm_refused", `the token's algorithm ${alg || "(none given)"} is not accepted; accepted: ${ALGORITHMS.join(", ")}`];
  }
  if (err instanceof errors_exports.JWSSignatureVerificationFailed) {
    return [401, "bad_signature", `the token's signature does not verify with the keys of ${entry.issuer}: it was not signed by that provider`];
  }
  if (err instanceof errors_exports.JWKSNoMatchingKey || err instanceof errors_exports.JWKSMultipleMatchingKeys) {
    return [401, "unknown_key", `no key of ${entry.issuer}'s JWKS matches the token's key id: it was not signed by that provider`];
  }
  const fetching = err instanceof errors_exports.JWKSTimeout || err instanceof errors_exports.JWKSInvalid || err instanceof TypeError || err instanceof errors_exports.JOSEError && err.message.includes("JSON Web Key Set HTTP response");
  if (fetching) {
    return [502, "provider_unreachable", `the keys of ${entry.issuer} cannot be fetched (${err.message}); try again, and check that this server reaches it`];
  }
  if (err instanceof errors_exports.JOSEError) {
    return [401, "invalid_token", `the token is not valid (${err.message}): pass the job's ID token as it was issued`];
  }
  return [502, "provider_unreachable", `the token could not be checked (${err instanceof Error ? err.message : String(err)})`];
}

// src/issuer/exchange.ts
async function exchange(setup, body, now) {
  let who = "";
  try {
    const { token, csr } = parseBody(body);
    const verified = await verifyToken(token, setup.policy, setup.keysFor, now);
    const identity = identityOf(verified.claims);
    if (!identity) {
      refuse(403, "no_identity", "the token names no repository or project_path claim, so the certificate could not name whose it is: use a CI job's ID token");
    }
    who = ` for ${describeIdentity(identity)} (${verified.policy.issuer})`;
    if (allowingRule(verified.policy, verified.claims) < 0) {
      refuse(403, "not_allowed", `no rule of the issuer's policy for ${verified.policy.issuer} allows ${describeIdentity(identity)}${claimSummary(verified.claims)}: add a rule for it to the policy, or build from an allowed repository and ref`);
    }
    const request = await checkRequest(csr);
    const cert = await issueClientCertificate(setup.authority, request.publicKey, verified.policy.issuer, identity, verified.policy.lifetimeSeconds, now);
    const expires = cert.notAfter.toISOString();
    return {
      status: 200,
      body: { certificate: cert.pem, ca: setup.caPem, expires },
      log: `issued serial ${cert.serial}${who}, expires ${expires}`
    };
  } catch (err) {
    const refusal = err instanceof RefusedError ? err.refusal : { status: 500, error: "internal", message: `the issuer failed (${err instanceof Error ? err.message : String(err)})` };
    return { status: refusal.status, body: { error: refusal.error, message: refusal.message }, log: `refused ${refusal.error}${who}: ${refusal.message}` };
  }
}
function parseBody(body) {
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse(400, "bad_request", 'the body is not JSON: send {"token": "<OIDC JWT>", "csr": "<PEM certificate request>"}');
  }
  const fields = typeof parsed === "object" && parsed !== null ? new Map(Object.entries(parsed)) : /* @__PURE__ */ new Map();
  const token = fields.get("token");
  const csr = fields.get("csr");
  if (typeof token !== "string" || token === "" || typeof csr !== "string" || csr === "") {
    return refuse(400, "bad_request", 'the body must hold the strings token and csr: send {"token": "<OIDC JWT>", "csr": "<PEM certificate request>"}');
  }
  return { token, csr };
}
function claimSummary(claims) {
  const shown = ["environment", "workflow_ref", "ref_type", "ref_protected", "pipeline_source"].filter((c) => typeof claims[c] === "string" || typeof claims[c] === "boolean").map((c) => `${c} ${String(claims[c])}`);
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
}

// src/issuer/keys.ts
var TIMEOUT_MS = 5e3;
var DISCOVERY_MAX_AGE_MS = 60 * 60 * 1e3;
function discoveredKeys(fetchJson = fetchJsonOverHttps) {
  const cache2 = /* @__PURE__ */ new Map();
  return (issuer) => {
    const cached = cache2.get(issuer);
    if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) return cached.keys;
    const keys = discover(issuer, fetchJson);
    cache2.set(issuer, { at: Date.now(), keys });
    keys.catch(() => cache2.delete(issuer));
    return keys;
  };
}
async function discover(issuer, fetchJson) {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const doc = await fetchJson(url, TIMEOUT_MS);
  const record = typeof doc === "object" && doc !== null ? new Map(Object.entries(doc)) : /* @__PURE__ */ new Map();
  if (record.get("issuer") !== issuer) throw new Error(`${url} names the issuer ${JSON.stringify(record.get("issuer"))}, not ${issuer}`);
  const jwksUri = record.get("jwks_uri");
  if (typeof jwksUri !== "string" || !jwksUri.startsWith("https://")) throw new Error(`${url} names no https jwks_uri`);
  return createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: TIMEOUT_MS });
}
async function fetchJsonOverHttps(url, timeoutMs) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" }, redirect: "error" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

// src/issuer/yaml-lines.ts
function yamlLines(text2) {
  const lineStarts = [0];
  for (let i = 0; i < text2.length; i++) if (text2[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const lines = /* @__PURE__ */ new Map();
  const stack = [];
  const join2 = (path, part) => path === "" ? String(part) : `${path}.${part}`;
  for (const event of parseEvents(text2, {})) {
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      stack.push({ kind: "doc", path: "" });
      continue;
    }
    const top = stack[stack.length - 1];
    let path;
    if (top?.kind === "doc") path = top.path;
    else if (top?.kind === "seq") path = join2(top.path, top.index++);
    else if (top?.kind === "map" && top.key === void 0) {
      top.key = event.type === EVENT_ID.SCALAR ? getScalarValue(text2, event) : "?";
      const at = offsetOf(event);
      if (at >= 0) lines.set(join2(top.path, top.key), lineOf(at));
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) stack.push({ kind: "skip" });
      continue;
    } else if (top?.kind === "map") {
      path = join2(top.path, top.key ?? "?");
      top.key = void 0;
    }
    if (path !== void 0 && !lines.has(path)) {
      const at = offsetOf(event);
      if (at >= 0) lines.set(path, lineOf(at));
    }
    if (event.type === EVENT_ID.MAPPING) stack.push(path === void 0 ? { kind: "skip" } : { kind: "map", path, key: void 0 });
    else if (event.type === EVENT_ID.SEQUENCE) stack.push(path === void 0 ? { kind: "skip" } : { kind: "seq", path, index: 0 });
  }
  return lines;
}
function offsetOf(event) {
  switch (event.type) {
    case EVENT_ID.SCALAR:
      return event.valueStart;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.start;
    default:
      return -1;
  }
}
function lineAt(lines, path) {
  for (let p = path; ; p = p.slice(0, Math.max(0, p.lastIndexOf(".")))) {
    const line = lines.get(p);
    if (line !== void 0) return line;
    if (p === "") return void 0;
  }
}

// src/issuer/policy.ts
var DEFAULT_AUDIENCE = "remote-buildkit";
var DEFAULT_LIFETIME_SECONDS = 15 * 60;
var MAX_LIFETIME_SECONDS = 60 * 60;
var MIN_LIFETIME_SECONDS = 10;
var OWNER_CLAIMS = Object.freeze([
  "repository",
  "repository_owner",
  "repository_id",
  "repository_owner_id",
  "sub",
  "project_path",
  "namespace_path",
  "project_id",
  "namespace_id"
]);
var ISSUER_KEYS = /* @__PURE__ */ new Set(["issuer", "audience", "lifetime", "allow"]);
var EXAMPLE = `issuers:
  - issuer: https://token.actions.githubusercontent.com
    audience: remote-buildkit
    lifetime: 15m
    allow:
      - repository: acme/*
        ref: refs/heads/main`;
function parsePolicy(text2, file) {
  let doc;
  try {
    doc = load(text2);
  } catch (err) {
    if (err instanceof YAMLException) {
      throw new UserError(`--policy (${file}) line ${(err.mark?.line ?? 0) + 1}`, `is not valid YAML: ${err.reason}`, "fix the YAML syntax (indentation, a missing colon or quote)");
    }
    throw err;
  }
  const lines = yamlLines(text2);
  const fail = (path, problem, fix) => {
    const line = lineAt(lines, path);
    throw new UserError(`--policy (${file})${line === void 0 ? "" : ` line ${line}`}`, problem, fix);
  };
  if (!isMap(doc)) fail("", "is not a mapping with an issuers list", `write it as:
${EXAMPLE}`);
  const root = isMap(doc) ? doc : {};
  for (const key of Object.keys(root)) if (key !== "issuers") fail(key, `"${key}" is not a setting of the policy`, "the policy has one setting, issuers");
  const list = root["issuers"];
  if (!Array.isArray(list) || list.length === 0) fail("issuers", "lists no issuers", `write it as:
${EXAMPLE}`);
  const issuers = (Array.isArray(list) ? list : []).map((entry, i) => parseIssuer(entry, `issuers.${i}`, fail));
  issuers.forEach((p, i) => {
    if (issuers.findIndex((o) => o.issuer === p.issuer) !== i) fail(`issuers.${i}.issuer`, `issuer ${p.issuer} is listed twice`, "list each issuer once, with all its rules under its allow");
  });
  return Object.freeze({ issuers: Object.freeze(issuers) });
}
function parseIssuer(entry, path, fail) {
  if (!isMap(entry)) return fail(path, "an issuer is not a mapping", "give each issuer as issuer:, audience:, lifetime: and allow:");
  for (const key of Object.keys(entry)) {
    if (!ISSUER_KEYS.has(key)) fail(`${path}.${key}`, `"${key}" is not a setting of an issuer`, `use ${[...ISSUER_KEYS].join(", ")}`);
  }
  const issuer = text(entry["issuer"]);
  if (issuer === void 0 || !isHttpsUrl(issuer)) {
    fail(`${path}.issuer`, "issuer must be the https URL that the tokens name in iss", "write issuer: https://token.actions.githubusercontent.com for GitHub, or your GitLab's URL, such as https://gitlab.com");
  }
  const audience = entry["audience"] === void 0 ? DEFAULT_AUDIENCE : text(entry["audience"]);
  if (audience === void 0 || audience === "") fail(`${path}.audience`, "audience must be a string", `write audience: ${DEFAULT_AUDIENCE}, the action's issuer-audience`);
  const lifetimeSeconds = entry["lifetime"] === void 0 ? DEFAULT_LIFETIME_SECONDS : parseLifetime(entry["lifetime"], `${path}.lifetime`, fail);
  const allow = entry["allow"];
  if (!Array.isArray(allow) || allow.length === 0) {
    fail(`${path}.allow`, `issuer ${issuer ?? ""} allows no one (allow lists no rules)`, "add rules such as allow: [{repository: acme/app, ref: refs/heads/main}]");
  }
  const rules = (Array.isArray(allow) ? allow : []).map((rule, i) => parseRule(rule, `${path}.allow.${i}`, fail));
  return Object.freeze({ issuer: issuer ?? "", audience: audience ?? "", lifetimeSeconds, allow: Object.freeze(rules) });
}
function parseRule(rule, path, fail) {
  if (!isMap(rule) || Object.keys(rule).length === 0) return fail(path, "a rule is not a mapping of claims to patterns", "write a rule as repository: acme/app (and more claims, such as ref: refs/heads/main)");
  const claims = /* @__PURE__ */ new Map();
  for (const [claim, value] of Object.entries(rule)) {
    const patterns = (Array.isArray(value) ? value : [value]).map(text);
    if (patterns.length === 0 || patterns.some((p) => p === void 0 || p === "")) {
      fail(`${path}.${claim}`, `the pattern for ${claim} is not a string or a list of strings`, `write ${claim}: value, or ${claim}: [one, other]`);
    }
    claims.set(claim, Object.freeze(patterns.map((p) => p ?? "")));
  }
  const owner = OWNER_CLAIMS.find((c) => claims.get(c)?.every((p) => !p.startsWith("*")));
  if (owner === void 0) {
    fail(path, "the rule does not pin whose jobs it allows", `name one of ${OWNER_CLAIMS.join(", ")} with a pattern that does not start with *, such as repository: acme/*`);
  }
  return claims;
}
function parseLifetime(value, path, fail) {
  const raw = text(value) ?? "";
  const match = /^(\d+)\s*(s|m|h)$/.exec(raw);
  const unit = match?.[2] === "h" ? 3600 : match?.[2] === "m" ? 60 : 1;
  const seconds = match ? Number(match[1]) * unit : Number.NaN;
  if (!(seconds >= MIN_LIFETIME_SECONDS && seconds <= MAX_LIFETIME_SECONDS)) {
    fail(path, `lifetime "${raw}" is not a duration from ${MIN_LIFETIME_SECONDS}s to 1h`, "write lifetime: 15m (the default), or 30s, 5m, 1h");
  }
  return seconds;
}
function text(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return void 0;
}
function isHttpsUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.search === "" && url.hash === "" && url.username === "";
  } catch {
    return false;
  }
}
function isMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/issuer/server.ts
import { createServer } from "node:https";
var PATH = "/v1/certificates";
var MAX_BODY_BYTES = 64 * 1024;
function certificateServer(options) {
  const server = createServer({ cert: options.cert, key: options.key, minVersion: "TLSv1.2" }, (req, res) => {
    const from = req.socket.remoteAddress ?? "?";
    const reply = (answer) => {
      options.log(`${from} ${answer.log}`);
      send(res, answer.status, answer.body);
    };
    if (req.url !== PATH) return reply(plain(404, "not_found", `${req.url ?? ""} is not served here: POST ${PATH}`));
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return reply(plain(405, "method_not_allowed", `${req.method ?? ""} is not allowed: POST ${PATH}`));
    }
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
      return reply(plain(415, "unsupported_media_type", "send the body as JSON, with content-type: application/json"));
    }
    readBody(req).then(
      (body) => body === void 0 ? reply(plain(413, "too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`)) : options.handle(body).then(reply),
      () => req.destroy()
    ).catch(() => res.destroy());
  });
  server.requestTimeout = 3e4;
  server.headersTimeout = 1e4;
  return server;
}
function plain(status, error, message2) {
  return { status, body: { error, message: message2 }, log: `refused ${error}: ${message2}` };
}
function send(res, status, body) {
  const text2 = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(text2) });
  res.end(text2);
}
function readBody(req) {
  return new Promise((resolve2, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve2(size > MAX_BODY_BYTES ? void 0 : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// src/issuer/command.ts
async function startIssuer(command, context) {
  const path = (p) => resolve(context.cwd, p);
  const policyPath = path(command.policy);
  const policy = parsePolicy(await readInput("--policy", policyPath), policyPath);
  const caCertPath = join(path(command.caDir), CA_FILES.cert);
  const caKeyPath = join(path(command.caDir), CA_FILES.key);
  const caPem = await readInput("--ca", caCertPath);
  const authority = await loadAuthority(caPem, await readInput("--ca", caKeyPath), { certOption: "--ca", certPath: caCertPath, keyOption: "--ca", keyPath: caKeyPath }, context.now());
  const setup = { policy, authority, caPem, keysFor: discoveredKeys() };
  const server = certificateServer({
    cert: await readInput("--tls-cert", path(command.tlsCert)),
    key: await readInput("--tls-key", path(command.tlsKey)),
    handle: (body) => exchange(setup, body, context.now()),
    log: (line) => context.log(`${context.now().toISOString()} ${line}`)
  });
  await new Promise((resolvePromise, reject) => {
    server.once("error", (err) => reject(new UserError("--listen", `cannot listen on ${command.host}:${command.port} (${err.code ?? err.message})`, "choose a free port and an address of this machine")));
    server.listen(command.port, command.host, () => resolvePromise());
  });
  for (const p of policy.issuers) {
    context.log(`accepting tokens from ${p.issuer} for audience ${p.audience}, ${p.allow.length} rule(s), certificates for ${p.lifetimeSeconds} s`);
  }
  context.log(`listening on https://${command.host.includes(":") ? `[${command.host}]` : command.host}:${command.port}${PATH}`);
  return server;
}
async function readInput(option, path) {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
    throw new UserError(`${option} (${path})`, code === "ENOENT" ? "does not exist" : `cannot be read (${code || "unknown error"})`, "check the path and its permissions");
  }
}
export {
  startIssuer
};
