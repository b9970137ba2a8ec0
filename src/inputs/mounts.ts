/**
 * The options of a `--mount=` flag (`type=cache,id=x,target=/p,sharing=locked`), as the
 * `cache-mounts` input and a Dockerfile's RUN lines write them. A bare word is a flag (`true`).
 */
export function mountOptions(text: string): Map<string, string> {
  return new Map(text.split(",").map((field) => field.trim()).filter(Boolean).map((field) => {
    const at = field.indexOf("=");
    return at < 0 ? [field, "true"] : [field.slice(0, at).trim(), field.slice(at + 1)];
  }));
}

/** Where a mount goes, under any of BuildKit's three names for it; empty when none is given. */
export function mountTarget(options: ReadonlyMap<string, string>): string {
  return options.get("target") ?? options.get("dst") ?? options.get("destination") ?? "";
}

/** A mount's id: BuildKit takes the target when no id is given. */
export function mountId(options: ReadonlyMap<string, string>): string {
  return options.get("id") ?? mountTarget(options);
}
