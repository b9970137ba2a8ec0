import { errorMessage } from "./errors.js";
import { processHost, systemClock } from "./platform/host.js";
import { selectPlatform } from "./platform/select.js";
import { runPost } from "./run/cleanup.js";

/** Entry of the post step (GitHub `post`, GitLab `after_script`): dist/post.js. */
async function post(): Promise<void> {
  const host = processHost();
  const platform = selectPlatform(host.env, systemClock);
  try {
    await runPost({ platform, host });
  } catch (err: unknown) {
    platform.io.fail(errorMessage(err));
  }
}

post().catch((err: unknown) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}\n`);
  process.exitCode = 1;
});
