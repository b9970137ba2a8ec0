import { resolve } from "node:path";

/** The names the README's workflow uses for the three connection values. */
export const CI_SECRET_NAMES = Object.freeze({ ca: "BUILDKIT_CA", cert: "BUILDKIT_CERT", key: "BUILDKIT_KEY" });

/** One written file, as the report lists it. `secret` says why the file must be kept private. */
export interface FileLine {
  readonly name: string;
  readonly what: string;
  readonly secret?: string;
}

/** The PEM texts CI needs; printed as base64, one line each, as GitHub and GitLab store them. */
export interface CiValues {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export interface ReportParts {
  readonly dir: string;
  readonly files: readonly FileLine[];
  readonly notes: readonly string[];
  /** The daemon's three files, when they changed: how to hand them to it. */
  readonly daemon?: { readonly ca: string; readonly cert: string; readonly key: string; readonly replacing: boolean };
  readonly ci?: CiValues;
}

/** What the certs command prints: the files, then what to do with them. */
export function reportText(parts: ReportParts): string {
  const width = Math.max(...parts.files.map((f) => f.name.length));
  const lines = [`Wrote to ${parts.dir}:`];
  for (const file of parts.files) {
    lines.push(`  ${file.name.padEnd(width)}  ${file.what}${file.secret ? `: SECRET. ${file.secret}` : ""}`);
  }
  for (const note of parts.notes) lines.push("", note);
  if (parts.daemon) lines.push("", ...daemonText(parts.dir, parts.daemon));
  if (parts.ci) lines.push("", ...ciText(parts.ci));
  return `${lines.join("\n")}\n`;
}

function daemonText(dir: string, files: NonNullable<ReportParts["daemon"]>): string[] {
  const path = (name: string): string => shellQuote(resolve(dir, name));
  const create = [
    "  kubectl create secret generic buildkitd-tls --namespace buildkit --type kubernetes.io/tls \\",
    `    --from-file=ca.crt=${path(files.ca)} \\`,
    `    --from-file=tls.crt=${path(files.cert)} \\`,
    `    --from-file=tls.key=${path(files.key)}${files.replacing ? " \\" : ""}`,
  ];
  const kubernetes = files.replacing
    ? [...create, "    --dry-run=client --output yaml | kubectl apply --filename -", "  kubectl rollout restart statefulset/buildkitd --namespace buildkit"]
    : create;
  return [
    `The daemon needs ${files.ca}, ${files.cert} and ${files.key}, and must be started with all three:`,
    `  buildkitd --tlscacert ${files.ca} --tlscert ${files.cert} --tlskey ${files.key} ...`,
    `On Kubernetes (deploy/kubernetes), ${files.replacing ? "replace" : "store"} them as the Secret buildkitd-tls${files.replacing ? " and restart the daemons" : ""}:`,
    ...kubernetes,
    `On a single host (deploy/single-host), copy them to /etc/buildkit/tls/${files.replacing ? " and restart buildkitd" : ""}.`,
  ];
}

function ciText(values: CiValues): string[] {
  const value = (pem: string): string => Buffer.from(pem).toString("base64");
  return [
    "Store these three values as CI secrets, each one line, copied whole (GitHub: Settings >",
    "Secrets and variables > Actions; GitLab: Settings > CI/CD > Variables, masked and protected).",
    "",
    `${CI_SECRET_NAMES.ca}  (the CA certificate; not secret)`,
    value(values.ca),
    "",
    `${CI_SECRET_NAMES.cert}  (the client certificate; not secret)`,
    value(values.cert),
    "",
    `${CI_SECRET_NAMES.key}  (the client private key: SECRET, it lets whoever holds it run builds on the daemon)`,
    value(values.key),
    "",
    "Then pass them to the step:",
    `  ca-cert: \${{ secrets.${CI_SECRET_NAMES.ca} }}`,
    `  client-cert: \${{ secrets.${CI_SECRET_NAMES.cert} }}`,
    `  client-key: \${{ secrets.${CI_SECRET_NAMES.key} }}`,
  ];
}

function shellQuote(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
