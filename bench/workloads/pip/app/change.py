# The benchmark's source change rewrites this constant.
CHANGE = "none"
