/** Pure: the sizes buildx prints (`4.096kB`, `488.3MiB`, `9.313GiB`) as bytes. */

const UNITS: Readonly<Record<string, number>> = {
  B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40,
};

/** Bytes of a size as buildx prints it (docker/go-units), or undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*([\d.]+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = UNITS[match?.[2] || "B"];
  const value = Number(match?.[1]);
  return match && unit !== undefined && Number.isFinite(value) ? Math.round(value * unit) : undefined;
}

/** A size for people, in binary units as buildx's GC policy prints them. */
export function formatSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? value : value.toFixed(1)} ${units[i]}`;
}
