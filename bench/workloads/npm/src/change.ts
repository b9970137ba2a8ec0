// The benchmark's source change rewrites this constant.
export const change = "none";
