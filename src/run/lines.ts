/** Turns a stream of chunks into whole lines, so each log line is written once and intact. */
export function lineWriter(write: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let pending = "";
  return {
    push(chunk: string): void {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const line of parts) write(line);
    },
    flush(): void {
      if (pending !== "") write(pending);
      pending = "";
    },
  };
}
