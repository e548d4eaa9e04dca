// TLS for the engine through OpenSSL (issue 5).
