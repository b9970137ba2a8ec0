/**
 * Whether a TCP port listens, by a Linux /proc/net/tcp (or tcp6) table: each row names the local
 * address as hex IP:PORT and the state as hex, 0A for LISTEN.
 */
export function listensOn(table: string, port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return table.split("\n").some((row) => {
    const fields = row.trim().split(/\s+/);
    return fields[1]?.toUpperCase().endsWith(`:${hex}`) === true && fields[3] === "0A";
  });
}
