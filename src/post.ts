import { errorMessage } from "./errors.js";
import { selectPlatform } from "./platform/select.js";
import { runPost } from "./run/cleanup.js";

/** Entry of the post step (GitHub `post`, GitLab `after_script`): dist/post.js. */
async function post(): Promise<void> {
  const platform = selectPlatform(process.env);
  try {
    await runPost(platform);
  } catch (err: unknown) {
    platform.fail(errorMessage(err));
  }
}

post().catch((err: unknown) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}\n`);
  process.exitCode = 1;
});
