import { HttpsFailedError, requestJson } from "./https.js";

/** The variable the GitLab template declares under id_tokens, with the issuer's audience. */
export const GITLAB_ID_TOKEN_VARIABLE = "REMOTE_BUILDKIT_ID_TOKEN";

export type IdToken =
  | { readonly kind: "token"; readonly token: string }
  /** The job has none: a fork's pull request, or a workflow without the permission. */
  | { readonly kind: "none"; readonly why: string }
  /** The runner's endpoint did not give one. */
  | { readonly kind: "failed"; readonly why: string };

/**
 * The job's OIDC ID token for the audience. GitHub: from the runner's endpoint
 * (ACTIONS_ID_TOKEN_REQUEST_URL, with ACTIONS_ID_TOKEN_REQUEST_TOKEN), which exists only with
 * `permissions: id-token: write`. GitLab: the id_tokens variable the template declares.
 */
export async function jobIdToken(env: NodeJS.ProcessEnv, audience: string, timeoutMs: number): Promise<IdToken> {
  if (env["GITLAB_CI"] === "true") {
    const token = env[GITLAB_ID_TOKEN_VARIABLE]?.trim() ?? "";
    return token !== ""
      ? { kind: "token", token }
      : { kind: "none", why: `the job has no ID token in ${GITLAB_ID_TOKEN_VARIABLE}: include the component's template, or declare id_tokens: {${GITLAB_ID_TOKEN_VARIABLE}: {aud: ${audience}}} in your job` };
  }
  const endpoint = env["ACTIONS_ID_TOKEN_REQUEST_URL"] ?? "";
  const bearer = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] ?? "";
  if (endpoint === "" || bearer === "") {
    return { kind: "none", why: "the job has no ID token: give the job permissions: id-token: write (a pull request from a fork gets none)" };
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { kind: "failed", why: "ACTIONS_ID_TOKEN_REQUEST_URL is not a URL" };
  }
  url.searchParams.set("audience", audience);
  try {
    const reply = await requestJson(url, { method: "GET", headers: { authorization: `Bearer ${bearer}` }, timeoutMs });
    const value = typeof reply.body === "object" && reply.body !== null && "value" in reply.body ? reply.body.value : undefined;
    if (reply.status !== 200 || typeof value !== "string" || value === "") {
      return { kind: "failed", why: `the runner's ID-token endpoint answered ${reply.status} without a token` };
    }
    return { kind: "token", token: value };
  } catch (err: unknown) {
    if (err instanceof HttpsFailedError) return { kind: "failed", why: `the runner's ID-token endpoint cannot be reached (${err.code}: ${err.message})` };
    throw err;
  }
}
