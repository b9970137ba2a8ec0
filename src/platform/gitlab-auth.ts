import { isRecord } from "../json.js";
import type { RegistryLogin } from "../registry/auth.js";

/**
 * The logins in a Docker config JSON (GitLab's DOCKER_AUTH_CONFIG convention): each `auths` entry
 * with an `auth` (base64 of user:password) or a username and password. Other entries are skipped.
 */
export function loginsFromDockerConfig(json: string): RegistryLogin[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error("DOCKER_AUTH_CONFIG is not valid JSON");
  }
  const auths = isRecord(parsed) && isRecord(parsed["auths"]) ? parsed["auths"] : {};
  const logins: RegistryLogin[] = [];
  for (const [registry, entry] of Object.entries(auths)) {
    if (!isRecord(entry)) continue;
    const { auth, username, password } = entry;
    if (typeof auth === "string" && auth !== "") {
      const decoded = Buffer.from(auth, "base64").toString("utf8");
      const at = decoded.indexOf(":");
      if (at > 0) logins.push({ registry, username: decoded.slice(0, at), password: decoded.slice(at + 1) });
    } else if (typeof username === "string" && typeof password === "string") {
      logins.push({ registry, username, password });
    }
  }
  return logins;
}
