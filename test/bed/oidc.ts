// A local OIDC provider (its own RSA signing key, discovery document and JWKS, over HTTPS on
// loopback with the test CA's certificate) and a stand-in of the GitHub runner's ID-token endpoint.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:https";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { issue, type Authority } from "./certs.js";

export interface OidcProvider {
  /** https://127.0.0.1:PORT, the tokens' iss. */
  readonly issuer: string;
  /** Claims of the job the runner's endpoint issues tokens for; tests change them. */
  jobClaims: Record<string, unknown>;
  /** Every token the runner's endpoint handed out, to check that none is printed. */
  readonly handedOut: string[];
  /** The signing key's public half, as an attacker could fetch it from the JWKS. */
  readonly publicKeyPem: string;
  /** How often the JWKS was fetched. */
  readonly jwksFetches: () => number;
  /** A token signed with the provider's key: iss, iat, nbf, exp (5 min) set unless claims override them. */
  sign(claims: JWTPayload, options?: { readonly key?: CryptoKey | Uint8Array; readonly alg?: string }): Promise<string>;
  /** The variables the GitHub runner gives a job with `permissions: id-token: write`. */
  runnerEnv(): Record<string, string>;
  stop(): Promise<void>;
}

const KID = "test-key-1";
const RUNNER_PATH = "/_apis/idtoken";

export async function startOidcProvider(ca: Authority): Promise<OidcProvider> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" };
  const tls = await issue(ca, { name: "oidc", usage: "server", hosts: ["127.0.0.1"] });
  const runnerBearer = randomBytes(16).toString("hex");
  let jwksFetches = 0;
  let issuer = "";
  const handedOut: string[] = [];

  const sign = async (claims: JWTPayload, options: { readonly key?: CryptoKey | Uint8Array; readonly alg?: string } = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, iat: now, nbf: now - 5, exp: now + 300, ...claims })
      .setProtectedHeader({ alg: options.alg ?? "RS256", kid: KID, typ: "JWT" })
      .sign(options.key ?? privateKey);
  };
  const provider: OidcProvider = {
    get issuer() {
      return issuer;
    },
    jobClaims: {},
    handedOut,
    publicKeyPem: await exportSPKI(publicKey),
    jwksFetches: () => jwksFetches,
    sign,
    runnerEnv: () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer}${RUNNER_PATH}?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: runnerBearer }),
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") return json(200, { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ["RS256"] });
    if (url.pathname === "/jwks") {
      jwksFetches++;
      return json(200, { keys: [jwk] });
    }
    if (url.pathname === RUNNER_PATH) {
      if (req.headers.authorization !== `Bearer ${runnerBearer}`) return json(401, { message: "bad bearer" });
      void sign({ aud: url.searchParams.get("audience") ?? "", ...provider.jobClaims }).then((token) => {
        handedOut.push(token);
        json(200, { count: 1, value: token });
      });
      return undefined;
    }
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  issuer = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return provider;
}

/** The claims GitHub puts in a job's token, for acme/app on main. */
export function githubClaims(repository: string, ref: string): Record<string, unknown> {
  return {
    sub: `repo:${repository}:ref:${ref}`, repository, repository_owner: repository.split("/")[0], ref, ref_type: "branch",
    workflow_ref: `${repository}/.github/workflows/build.yml@${ref}`, event_name: "push", runner_environment: "github-hosted",
  };
}
