/**
 * The files in a certificates directory. The names follow the common OpenSSL recipe, so the
 * directory reads the same as one made by hand.
 */
export const CA_FILES = Object.freeze({ cert: "ca.pem", key: "ca-key.pem" });
export const SERVER_FILES = Object.freeze({ cert: "server-cert.pem", key: "server-key.pem" });

/** The first client is client-cert.pem; a named one is client-NAME-cert.pem beside it. */
export function clientFiles(name: string | undefined): { readonly cert: string; readonly key: string } {
  const stem = name === undefined ? "client" : `client-${name}`;
  return { cert: `${stem}-cert.pem`, key: `${stem}-key.pem` };
}
