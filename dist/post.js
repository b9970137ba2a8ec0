import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  processHost,
  runPost,
  selectPlatform,
  systemClock
} from "./chunk-4FK3BAMW.js";
import {
  errorMessage
} from "./chunk-B65RHDLF.js";

// src/post.ts
async function post() {
  const host = processHost();
  const platform = selectPlatform(host.env, systemClock);
  try {
    await runPost({ platform, host });
  } catch (err) {
    platform.io.fail(errorMessage(err));
  }
}
post().catch((err) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}
`);
  process.exitCode = 1;
});
