import { isRecord } from "../json.js";

/** Credentials for one registry, which buildx hands to the daemon when it pushes or pulls. */
export interface RegistryLogin {
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

/**
 * The key Docker looks a registry up by in `credHelpers`: the host, with Docker Hub's names mapped
 * to its legacy index URL (docker/cli's getAuthConfigKey and ConvertToHostname).
 */
function credHelpersKey(registry: string): string {
  const host = registry.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? registry;
  return host === "docker.io" || host === "index.docker.io" ? "https://index.docker.io/v1/" : host;
}

/**
 * A Docker config with the logins added to (or replacing entries of) an existing one. A
 * `credsStore` or `credHelpers` entry would make Docker ask a credential helper instead of reading
 * `auths`, so each login's registry gets an empty helper: Docker then reads the file.
 */
export function dockerConfigWithLogins(existing: string, logins: readonly RegistryLogin[]): string {
  let base: Record<string, unknown> = {};
  try {
    const parsed: unknown = existing === "" ? {} : JSON.parse(existing);
    if (isRecord(parsed)) base = parsed;
  } catch {
    // An unreadable config holds nothing we could keep.
  }
  const auths: Record<string, unknown> = isRecord(base["auths"]) ? { ...base["auths"] } : {};
  for (const login of logins) {
    auths[login.registry] = { auth: Buffer.from(`${login.username}:${login.password}`).toString("base64") };
  }
  const helpers = isRecord(base["credHelpers"]) ? { ...base["credHelpers"] } : undefined;
  const credHelpers: Record<string, unknown> | undefined = helpers ?? (typeof base["credsStore"] === "string" && base["credsStore"] !== "" ? {} : undefined);
  if (credHelpers) for (const login of logins) credHelpers[credHelpersKey(login.registry)] = "";
  return JSON.stringify({ ...base, auths, ...(credHelpers ? { credHelpers } : {}) }, null, 2);
}
