/** Where generated files live, relative to the repository root. */
export const GITLAB_TEMPLATE_PATH = "templates/remote-buildkit.yml";

export function packageVersion(packageJson: string): string {
  const parsed: unknown = JSON.parse(packageJson);
  const version = typeof parsed === "object" && parsed !== null && "version" in parsed ? parsed.version : undefined;
  if (typeof version !== "string") throw new Error("package.json has no version");
  return version;
}
