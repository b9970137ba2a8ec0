// Reading nektos/act's --json log of e2e.yml: each line one logrus entry, `msg` being what the human
// log shows (masked), the other fields act's own (jobID, stepID, command, arg, raw, jobResult).
// act keeps the argument of `::add-mask::` and of a line a step wrote to GITHUB_ENV (command
// set-env) in clear in that entry's `arg` and `raw` fields, while its message shows it masked: those
// are the only places a masked value may appear. A step output (set-output) is not among them.

export interface ActEntry {
  readonly msg: string;
  readonly jobID: string;
  readonly stepID: readonly string[];
  readonly command: string;
  readonly name: string;
  readonly arg: string;
  readonly jobResult: string;
  /** Every field as act wrote it, for the leak check. */
  readonly fields: Readonly<Record<string, unknown>>;
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** One entry a line; a line that is not JSON (act's own messages before the job loggers) is kept as a message. */
export function parseActLog(text: string): ActEntry[] {
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => {
    let fields: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      fields = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { msg: line };
    } catch {
      fields = { msg: line };
    }
    const stepID = Array.isArray(fields["stepID"]) ? fields["stepID"].map(str) : [];
    return {
      msg: str(fields["msg"]),
      jobID: str(fields["jobID"]),
      stepID,
      command: str(fields["command"]),
      name: str(fields["name"]),
      arg: str(fields["arg"]),
      jobResult: str(fields["jobResult"]),
      fields,
    };
  });
}

/** The result act reported for each job: `success` or `failure`. */
export function jobResults(entries: readonly ActEntry[]): Record<string, string> {
  return Object.fromEntries(entries.filter((e) => e.jobResult !== "").map((e) => [e.jobID, e.jobResult]));
}

/** A step output as set through GITHUB_OUTPUT: the last value of `name` from step `step` of job `job`. */
export function stepOutput(entries: readonly ActEntry[], job: string, step: string, name: string): string | undefined {
  return entries.filter((e) => e.jobID === job && e.command === "set-output" && e.name === name && e.stepID.includes(step)).at(-1)?.arg;
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

/**
 * What would give a private key away, from the values the jobs masked: each private key PEM among
 * them (as text, or base64 of it), its base64 as stored in a secret, its body lines and its body in
 * one piece. Values that are not keys (certificates, tokens) give nothing.
 */
export function keyMaterial(masked: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of masked) {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) ? Buffer.from(value.trim(), "base64").toString("latin1") : "";
    for (const pem of [...value.matchAll(PEM_PRIVATE_KEY), ...decoded.matchAll(PEM_PRIVATE_KEY)].map((m) => m[0])) {
      if (decoded.includes(pem)) found.add(value.trim());
      const body = pem.split(/\r?\n/).filter((line) => line !== "" && !line.startsWith("-----"));
      body.filter((line) => line.length >= 16).forEach((line) => found.add(line));
      found.add(body.join(""));
      found.add(Buffer.from(pem).toString("base64"));
    }
  }
  return [...found].filter((m) => m.length >= 16);
}

/** Generic signs of a private key, whoever's: a PEM header, or the base64 of one as a secret stores it. */
const KEY_SIGNS = ["PRIVATE KEY-----", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t", "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t"];

/** Commands whose argument act records in clear beside the masked message. */
const CLEAR_RECORDS = new Set(["add-mask", "set-env"]);

/**
 * Entries that show key material: in the message (the human log) of any entry, or in any field of
 * any entry but the clear argument act records of `::add-mask::` and of GITHUB_ENV. Step outputs
 * are entries (command set-output, the value in `arg`), so an output holding a key is found too.
 */
export function leaks(entries: readonly ActEntry[], material: readonly string[]): string[] {
  const needles = [...material, ...KEY_SIGNS];
  const found: string[] = [];
  for (const entry of entries) {
    const shown = Object.entries(entry.fields)
      .filter(([field]) => !(CLEAR_RECORDS.has(entry.command) && (field === "arg" || field === "raw")))
      .map(([field, value]) => [field, typeof value === "string" ? value : JSON.stringify(value)] as const);
    for (const [field, value] of shown) {
      const needle = needles.find((n) => value.includes(n));
      if (needle !== undefined) {
        found.push(`job ${entry.jobID || "-"}, step ${entry.stepID.join("/") || "-"}, field ${field}: shows ${needle === material.find((m) => m === needle) ? "a masked key's material" : `"${needle}"`}`);
      }
    }
  }
  return found;
}
