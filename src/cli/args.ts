import { join } from "node:path";
import { UserError } from "../errors.js";
import { CA_FILES } from "./layout.js";
import { parseSubjectNames, type SubjectName } from "./names.js";

/** Where the CA is read from, for the commands that issue from an existing one. */
export interface CaFiles {
  readonly caCert: string;
  readonly caKey: string;
}

export type CliCommand =
  | { readonly kind: "help"; readonly topic: HelpTopic }
  | {
    readonly kind: "init";
    readonly out: string;
    readonly hosts: readonly SubjectName[];
    readonly name: string | undefined;
    readonly days: number;
    readonly caDays: number;
    readonly force: boolean;
  }
  | { readonly kind: "server"; readonly out: string; readonly hosts: readonly SubjectName[]; readonly days: number; readonly ca: CaFiles; readonly force: boolean }
  | { readonly kind: "client"; readonly out: string; readonly name: string | undefined; readonly days: number; readonly ca: CaFiles; readonly force: boolean };

export type HelpTopic = "main" | "certs" | "init" | "server" | "client";

export const DEFAULTS = Object.freeze({ out: "buildkit-certs", days: 365, caDays: 3650 });
const MAX_DAYS = 36500;

type OptionKind = "value" | "list" | "flag";
const OPTIONS: Readonly<Record<Exclude<HelpTopic, "main" | "certs">, Readonly<Record<string, OptionKind>>>> = {
  init: { "--host": "list", "--out": "value", "--name": "value", "--days": "value", "--ca-days": "value", "--force": "flag" },
  server: { "--host": "list", "--out": "value", "--ca-cert": "value", "--ca-key": "value", "--days": "value", "--force": "flag" },
  client: { "--name": "value", "--out": "value", "--ca-cert": "value", "--ca-key": "value", "--days": "value", "--force": "flag" },
};

/** The command line (without node and the script) as one command; user mistakes are UserErrors. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const [command, subcommand, ...rest] = argv;
  if (command === undefined || isHelp(command) || command === "help") return { kind: "help", topic: "main" };
  if (command !== "certs") {
    throw new UserError(`"${command}"`, "is not a command", "run remote-buildkit certs init --host NAME, or remote-buildkit --help");
  }
  if (subcommand === undefined || isHelp(subcommand)) return { kind: "help", topic: "certs" };
  if (subcommand !== "init" && subcommand !== "server" && subcommand !== "client") {
    throw new UserError(`"certs ${subcommand}"`, "is not a command", "use certs init, certs server or certs client (remote-buildkit certs --help)");
  }
  if (rest.some(isHelp)) return { kind: "help", topic: subcommand };
  const given = readOptions(subcommand, rest);
  const out = single(given, "--out") ?? DEFAULTS.out;
  const force = given.has("--force");
  const days = positiveDays(given, "--days", DEFAULTS.days);
  const name = clientName(single(given, "--name"));
  if (subcommand === "init") {
    const caDays = positiveDays(given, "--ca-days", DEFAULTS.caDays);
    if (days > caDays) {
      throw new UserError("--days", `(${days}) outlasts the CA (--ca-days ${caDays})`, "give --days no more than --ca-days");
    }
    return { kind: "init", out, hosts: parseSubjectNames("--host", given.get("--host") ?? []), name, days, caDays, force };
  }
  const ca = { caCert: single(given, "--ca-cert") ?? join(out, CA_FILES.cert), caKey: single(given, "--ca-key") ?? join(out, CA_FILES.key) };
  if (subcommand === "server") return { kind: "server", out, hosts: parseSubjectNames("--host", given.get("--host") ?? []), days, ca, force };
  return { kind: "client", out, name, days, ca, force };
}

function isHelp(arg: string): boolean {
  return arg === "--help" || arg === "-h";
}

function readOptions(subcommand: keyof typeof OPTIONS, args: readonly string[]): Map<string, string[]> {
  const allowed = OPTIONS[subcommand];
  const given = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (!arg.startsWith("--")) {
      const guess = subcommand === "client" ? `--name ${arg}` : `--host ${arg}`;
      throw new UserError(`"${arg}"`, `is not an option of certs ${subcommand}`, `name what it is, as in ${guess}`);
    }
    const at = arg.indexOf("=");
    const option = at === -1 ? arg : arg.slice(0, at);
    const kind = allowed[option];
    if (kind === undefined) {
      const near = nearest(Object.keys(allowed), option);
      throw new UserError(option, `is not an option of certs ${subcommand}`,
        `${near ? `did you mean ${near}? ` : ""}The options are ${Object.keys(allowed).join(", ")} (remote-buildkit certs ${subcommand} --help)`);
    }
    let value: string | undefined;
    if (kind === "flag") {
      if (at !== -1) throw new UserError(option, "takes no value", `write ${option} alone`);
      value = "";
    } else if (at !== -1) {
      value = arg.slice(at + 1);
    } else {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UserError(option, "needs a value", `write ${option} ${placeholder(option)}`);
      i++;
    }
    if (kind !== "list" && given.has(option)) throw new UserError(option, "is given twice", "give it once");
    given.set(option, [...(given.get(option) ?? []), value]);
  }
  return given;
}

function single(given: ReadonlyMap<string, readonly string[]>, option: string): string | undefined {
  const value = given.get(option)?.[0];
  if (value === "") throw new UserError(option, "is empty", `write ${option} ${placeholder(option)}`);
  return value;
}

function positiveDays(given: ReadonlyMap<string, readonly string[]>, option: string, fallback: number): number {
  const text = single(given, option);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_DAYS) {
    throw new UserError(option, `"${text}" is not a whole number of days from 1 to ${MAX_DAYS}`, `write ${option} ${fallback}, for example`);
  }
  return Number(text);
}

// Becomes part of file names (client-NAME-cert.pem) and the certificate's common name.
function clientName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (!/^[a-z0-9]([a-z0-9._-]{0,62})$/i.test(name)) {
    throw new UserError("--name", `"${name}" is not a usable name`, "use letters, digits, dots, dashes and underscores, such as --name gitlab-ci");
  }
  return name;
}

function placeholder(option: string): string {
  const examples: Record<string, string> = {
    "--host": "buildkit.example.com",
    "--out": "DIR",
    "--name": "NAME",
    "--days": String(DEFAULTS.days),
    "--ca-days": String(DEFAULTS.caDays),
    "--ca-cert": "ca.pem",
    "--ca-key": "ca-key.pem",
  };
  return examples[option] ?? "VALUE";
}

/** An option the user probably meant: one edit away (two for long names), a swap counting as one. */
function nearest(options: readonly string[], typed: string): string | undefined {
  const bare = typed.replace(/^-+/, "");
  return options.find((o) => {
    const name = o.replace(/^-+/, "");
    return editDistance(name, bare) <= (name.length <= 4 ? 1 : 2);
  });
}

// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}
