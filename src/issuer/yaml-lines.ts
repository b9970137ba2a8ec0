import { EVENT_ID, getScalarValue, parseEvents, type Event } from "js-yaml";

/**
 * The line (1-based) of every key and item of a YAML document, by path ("issuers.0.lifetime"),
 * so that a mistake found after parsing can name the line at fault. js-yaml gives the values;
 * its parser events give the offsets.
 */
export function yamlLines(text: string): ReadonlyMap<string, number> {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  type Frame = { kind: "doc"; path: string } | { kind: "seq"; path: string; index: number } | { kind: "map"; path: string; key: string | undefined } | { kind: "skip" };
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  const join = (path: string, part: string | number): string => (path === "" ? String(part) : `${path}.${part}`);
  for (const event of parseEvents(text, {})) {
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    if (event.type === EVENT_ID.DOCUMENT) {
      stack.push({ kind: "doc", path: "" });
      continue;
    }
    const top = stack[stack.length - 1];
    let path: string | undefined;
    if (top?.kind === "doc") path = top.path;
    else if (top?.kind === "seq") path = join(top.path, top.index++);
    else if (top?.kind === "map" && top.key === undefined) {
      // A key: the path it opens is where its value's mistakes are reported.
      top.key = event.type === EVENT_ID.SCALAR ? getScalarValue(text, event) : "?";
      const at = offsetOf(event);
      if (at >= 0) lines.set(join(top.path, top.key), lineOf(at));
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) stack.push({ kind: "skip" });
      continue;
    } else if (top?.kind === "map") {
      path = join(top.path, top.key ?? "?");
      top.key = undefined;
    }
    if (path !== undefined && !lines.has(path)) {
      const at = offsetOf(event);
      if (at >= 0) lines.set(path, lineOf(at));
    }
    if (event.type === EVENT_ID.MAPPING) stack.push(path === undefined ? { kind: "skip" } : { kind: "map", path, key: undefined });
    else if (event.type === EVENT_ID.SEQUENCE) stack.push(path === undefined ? { kind: "skip" } : { kind: "seq", path, index: 0 });
  }
  return lines;
}

function offsetOf(event: Event): number {
  switch (event.type) {
    case EVENT_ID.SCALAR:
      return event.valueStart;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.start;
    default:
      return -1;
  }
}

/** The line of a path, or of its nearest ancestor that has one. */
export function lineAt(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  for (let p = path; ; p = p.slice(0, Math.max(0, p.lastIndexOf(".")))) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === "") return undefined;
  }
}
