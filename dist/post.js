import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  runPost,
  selectPlatform
} from "./chunk-MVRLFVYP.js";
import {
  errorMessage
} from "./chunk-B65RHDLF.js";

// src/post.ts
async function post() {
  const platform = selectPlatform(process.env);
  try {
    await runPost(platform);
  } catch (err) {
    platform.fail(errorMessage(err));
  }
}
post().catch((err) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}
`);
  process.exitCode = 1;
});
