#ifndef AGORA_COPENSSL_SHIM_H
#define AGORA_COPENSSL_SHIM_H
// OpenSSL 3.0's public headers, plus `static inline` shims for what Swift cannot import: function-like
// macros (which expand to SSL_CTX_ctrl / BIO_ctrl calls) and the SSL_OP_* constants (macros with casts).
// Only the TLSTransport and Cryptography modules (and their tests) import this, internally.
#include <stdint.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/hmac.h>

// MARK: SSL_CTX settings that are macros over SSL_CTX_ctrl.

static inline int agora_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int agora_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline long agora_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline long agora_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

static inline int agora_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}

/// The client's server name indication (RFC 6066 §3), a macro over SSL_ctrl.
static inline int agora_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

// MARK: SSL_OP_* and SSL_MODE_* constants (SSL_OP_BIT casts make them unimportable).

static inline uint64_t agora_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t agora_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t agora_SSL_OP_CIPHER_SERVER_PREFERENCE(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline long agora_SSL_MODE_RELEASE_BUFFERS(void) { return SSL_MODE_RELEASE_BUFFERS; }
static inline long agora_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER(void) { return SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER; }
static inline long agora_SSL_SESS_CACHE_OFF(void) { return SSL_SESS_CACHE_OFF; }

// MARK: Memory BIO macros over BIO_ctrl.

/// Points `*data` at the bytes waiting in a memory BIO and returns how many there are.
static inline long agora_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// Empties a read-write memory BIO (drops the bytes just copied out with agora_BIO_get_mem_data).
static inline int agora_BIO_reset(BIO *bio) {
    return (int)BIO_reset(bio);
}

#endif
