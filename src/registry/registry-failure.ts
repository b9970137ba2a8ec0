/** A build that failed on a registry (push, pull of a base image, cache import or export), not on its daemon. */
export interface RegistryFailure {
  /** host[:port] of the registry. */
  readonly registry: string;
  /** The end of BuildKit's error, such as `connect: connection refused`. */
  readonly cause: string;
}

/**
 * Whether buildx's error says a registry failed. Its last `ERROR:` line names the registry's URL
 * (`failed to do request: Head "http://HOST/v2/..."`) or the image it pushed (`failed to push
 * HOST/app:1`); a lost daemon is a gRPC error that names neither. The words can be alike
 * ("connection refused"), which is why this is asked before the daemon is taken for lost.
 */
export function registryFailure(stderr: string): RegistryFailure | undefined {
  const line = stderr.split("\n").slice(-30).reverse().find((l) => l.startsWith("ERROR: "));
  if (!line || !/\/v2\/|failed to push /.test(line)) return undefined;
  const registry = /https?:\/\/([^/"\s]+)\/v2\//.exec(line)?.[1] ?? /failed to push ([^/\s]+)\//.exec(line)?.[1];
  if (!registry) return undefined;
  const cause = /: ((?:dial tcp|read tcp|write tcp|lookup|tls:|x509:|EOF|unexpected status|net\/http)[^\n]*)$/.exec(line)?.[1] ?? line.trim();
  return { registry, cause: cause.length > 300 ? `${cause.slice(0, 300)}…` : cause };
}
