#ifndef AGORA_COPENSSL_SHIM_H
#define AGORA_COPENSSL_SHIM_H
// OpenSSL's public headers; static inline shims for the macros Swift cannot import
// are added by the TLS transport (issue 5).
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#endif
