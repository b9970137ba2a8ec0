import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  runPost,
  selectPlatform
} from "./chunks/chunk-XWTD4JJE.js";
import {
  errorMessage
} from "./chunks/chunk-6LI2S23S.js";
import "./chunks/chunk-UYRXZV7B.js";
import "./chunks/chunk-KMD5GKUW.js";

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
