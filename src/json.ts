/** A JSON object (not an array, not null): the one test every reader of untyped JSON here uses. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
