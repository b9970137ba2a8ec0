import { isIP } from "node:net";
import { UserError } from "../errors.js";

/** One subject alternative name of the server certificate. */
export interface SubjectName {
  readonly type: "dns" | "ip";
  readonly value: string;
}

// RFC 1123 labels; a leading "*." (one label) is allowed, since Go's TLS matches it.
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOW = "pass the host name or IP address that CI connects to, such as --host buildkit.example.com --host 203.0.113.7";

/**
 * The names the server certificate must cover, from --host values (repeatable, or comma-separated).
 * Go ignores the common name, so a name missing here is a name clients cannot connect with.
 */
export function parseSubjectNames(option: string, values: readonly string[]): SubjectName[] {
  const names: SubjectName[] = [];
  const seen = new Set<string>();
  for (const raw of values.flatMap((v) => v.split(","))) {
    const value = raw.trim().toLowerCase();
    if (value === "") continue;
    const name = subjectName(option, value);
    if (seen.has(`${name.type}:${name.value}`)) continue;
    seen.add(`${name.type}:${name.value}`);
    names.push(name);
  }
  if (names.length === 0) throw new UserError(option, "is missing: the server certificate needs at least one name", HOW);
  return names;
}

function subjectName(option: string, value: string): SubjectName {
  const bracketless = value.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bracketless) !== 0) return { type: "ip", value: bracketless };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value) || /:\d+$/.test(value)) {
    throw new UserError(option, `"${value}" is an address, not a host`, "pass the host alone, without scheme or port: tcp://buildkit.example.com:1234 becomes --host buildkit.example.com");
  }
  const labels = (value.startsWith("*.") ? value.slice(2) : value).replace(/\.$/, "").split(".");
  if (value.length > 253 || !labels.every((label) => LABEL.test(label))) {
    throw new UserError(option, `"${value}" is neither a DNS name nor an IP address`, HOW);
  }
  return { type: "dns", value: value.replace(/\.$/, "") };
}

/** How OpenSSL and the action's diagnoses print a name: DNS:x, IP Address:y. */
export function describeSubjectName(name: SubjectName): string {
  return name.type === "dns" ? `DNS:${name.value}` : `IP Address:${name.value}`;
}
