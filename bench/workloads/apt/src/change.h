/* The benchmark's source change rewrites this constant. */
#define CHANGE "none"
