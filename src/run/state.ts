/** What the main step leaves for the post step, which must clean up even after a crash. */
export const STATE = Object.freeze({
  workspace: "workspace",
  builder: "builder",
  buildx: "buildx",
});
