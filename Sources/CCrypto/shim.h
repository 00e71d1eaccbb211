#ifndef EKSPIPE_CCRYPTO_SHIM_H
#define EKSPIPE_CCRYPTO_SHIM_H
/* The SHA-256 core functions are deprecated in OpenSSL 3 in favour of EVP, but EVP's first use
   initialises the provider machinery and reads openssl.cnf: about 5 million instructions, more
   than the whole of eks-presign's work. These wrappers keep the core functions callable without
   deprecation warnings. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>

static inline void ekspipe_sha256_init(SHA256_CTX *c) { SHA256_Init(c); }
static inline void ekspipe_sha256_update(SHA256_CTX *c, const void *data, size_t len) { SHA256_Update(c, data, len); }
static inline void ekspipe_sha256_final(unsigned char *md, SHA256_CTX *c) { SHA256_Final(md, c); }
static inline void ekspipe_sha1_init(SHA_CTX *c) { SHA1_Init(c); }
static inline void ekspipe_sha1_update(SHA_CTX *c, const void *data, size_t len) { SHA1_Update(c, data, len); }
static inline void ekspipe_sha1_final(unsigned char *md, SHA_CTX *c) { SHA1_Final(md, c); }

#endif
