// Cryptographic primitives from libcrypto (SHA-256, secure random bytes, constant-time comparison).
