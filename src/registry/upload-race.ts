import { lastLines } from "../process/spawn.js";

/**
 * Whether buildx's error output says the registry refused a layer upload or a manifest in the way
 * it does when two uploads of the same new blob meet: several builders (one per platform, or two
 * jobs sharing a base) pushing one layer at once. Some registries lose that race (distribution
 * before its fix for docker/buildx#3722, Nexus); by the next push the blob is there, so pushing
 * again succeeds. containerd reports the registry's 400 by method, URL and status only.
 */
export function lostUploadRace(stderr: string): boolean {
  return UPLOAD_RACE.test(lastLines(stderr, 30).join("\n"));
}

const UPLOAD_RACE = new RegExp([
  String.raw`unexpected status from PUT request to \S*/(blobs/uploads|manifests)/\S*: 400 Bad Request`,
  "DIGEST_INVALID", "provided digest did not match uploaded content",
  "BLOB_UPLOAD_INVALID", "blob upload invalid", "blob unknown to registry",
].join("|"), "i");
