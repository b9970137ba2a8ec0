// Azurite, the Azure Blob emulator, as the data plane of the GitHub services' stand-ins: one
// container, and signed (SAS) URLs of its blobs like the ones the real services hand out.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { BlobSASPermissions, BlobServiceClient, generateBlobSASQueryParameters, StorageSharedKeyCredential, type ContainerClient } from "@azure/storage-blob";
import { freePort, waitFor } from "./ports.js";
import { startService } from "./processes.js";
import { REPO } from "./runner.js";

// Azurite's documented development account.
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  readonly container: ContainerClient;
  /** A URL of the blob that grants permissions (`r`, `cw`) for an hour. */
  signedUrl(blob: string, permissions: string): string;
  stop(): Promise<void>;
}

/** Starts Azurite with its data under dir/name and makes the container. */
export async function startAzurite(dir: string, name: string, containerName: string): Promise<Azurite> {
  const port = await freePort();
  await mkdir(join(dir, name), { recursive: true });
  const service = startService(join(REPO, "node_modules", ".bin", "azurite-blob"), [
    "--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", join(dir, name),
    "--skipApiVersionCheck", "--loose", "--disableTelemetry",
  ], join(dir, `${name}.log`));
  const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const base = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const container = new BlobServiceClient(base, credential).getContainerClient(containerName);
  await waitFor("Azurite", async () => {
    await container.createIfNotExists();
    return true;
  }, 30_000);
  return {
    container,
    signedUrl(blob, permissions) {
      const sas = generateBlobSASQueryParameters({
        containerName, blobName: blob, permissions: BlobSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 3600_000),
      }, credential);
      return `${base}/${containerName}/${blob}?${sas.toString()}`;
    },
    stop: () => service.stop(),
  };
}
