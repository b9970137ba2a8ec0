/** What a dynamically linked program needs to start: its loader and the libraries it names. */
export interface ElfNeeds {
  /** PT_INTERP, such as /lib/ld-musl-x86_64.so.1; empty for a static program. */
  readonly interpreter: string;
  /** DT_NEEDED names, such as libc.musl-x86_64.so.1. */
  readonly needed: readonly string[];
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;

function cString(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString("latin1", at, end < 0 ? buf.length : end);
}

/**
 * Reads a 64-bit little-endian ELF program's loader and needed libraries (x86_64 and arm64, the
 * runners' machines); undefined for anything else, which the caller treats as unusable.
 */
export function elfNeeds(buf: Buffer): ElfNeeds | undefined {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) return undefined;
  const phoff = Number(buf.readBigUInt64LE(0x20));
  const phentsize = buf.readUInt16LE(0x36);
  const phnum = buf.readUInt16LE(0x38);
  const loads: Array<{ vaddr: bigint; offset: bigint; size: bigint }> = [];
  let interpreter = "";
  let dynamic: { offset: number; size: number } | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > buf.length) return undefined;
    const type = buf.readUInt32LE(at);
    const offset = buf.readBigUInt64LE(at + 8);
    const vaddr = buf.readBigUInt64LE(at + 16);
    const filesz = buf.readBigUInt64LE(at + 32);
    if (type === PT_INTERP) interpreter = cString(buf, Number(offset));
    if (type === PT_LOAD) loads.push({ vaddr, offset, size: filesz });
    if (type === PT_DYNAMIC) dynamic = { offset: Number(offset), size: Number(filesz) };
  }
  if (!dynamic) return { interpreter, needed: [] };
  const entries: Array<[bigint, bigint]> = [];
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.size && at + 16 <= buf.length; at += 16) {
    const tag = buf.readBigUInt64LE(at);
    if (tag === 0n) break;
    entries.push([tag, buf.readBigUInt64LE(at + 8)]);
  }
  const strtab = entries.find(([tag]) => tag === DT_STRTAB)?.[1];
  const segment = strtab === undefined ? undefined : loads.find((l) => strtab >= l.vaddr && strtab < l.vaddr + l.size);
  if (strtab === undefined || !segment) return undefined;
  const base = Number(strtab - segment.vaddr + segment.offset);
  const needed = entries.filter(([tag]) => tag === DT_NEEDED).map(([, value]) => cString(buf, base + Number(value)));
  return { interpreter, needed };
}
