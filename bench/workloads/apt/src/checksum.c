/* A small C tool, as a benchmark workload: built with gcc against zlib and OpenSSL from Debian. */
#include <stdio.h>
#include <string.h>
#include <openssl/sha.h>
#include <zlib.h>
#include "change.h"

int main(int argc, char **argv) {
  const char *text = argc > 1 ? argv[1] : CHANGE;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256((const unsigned char *)text, strlen(text), digest);
  printf("crc32 %08lx sha256 ", crc32(0L, (const Bytef *)text, (uInt)strlen(text)));
  for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) printf("%02x", digest[i]);
  printf("\n");
  return 0;
}
