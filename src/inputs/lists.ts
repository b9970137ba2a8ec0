/**
 * List inputs, read as docker/build-push-action reads them: one item per line, blank lines and
 * `#` comment lines skipped, and, unless the items may themselves hold commas, each line split
 * on commas outside double quotes.
 */
export function parseList(raw: string, options: { commas: boolean }): string[] {
  const items: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const cells = options.commas ? splitOnCommas(trimmed) : [trimmed];
    for (const cell of cells) {
      const item = unquote(cell.trim());
      if (item !== "") items.push(item);
    }
  }
  return items;
}

function splitOnCommas(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (char === "," && !quoted) {
      cells.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current);
  return cells;
}

function unquote(item: string): string {
  return item.length >= 2 && item.startsWith('"') && item.endsWith('"') ? item.slice(1, -1) : item;
}

/** Splits `key=value` at the first `=`; undefined when there is no `=` or the key is empty. */
export function splitKeyValue(item: string): { key: string; value: string } | undefined {
  const at = item.indexOf("=");
  if (at <= 0) return undefined;
  return { key: item.slice(0, at).trim(), value: item.slice(at + 1) };
}
