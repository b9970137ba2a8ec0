package main

// The benchmark's source change rewrites this constant.
const change = "none"
