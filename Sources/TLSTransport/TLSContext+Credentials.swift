import COpenSSL
import Glibc

/// Loading the certificate chain and private key, with an error that says which file is wrong and how.
extension TLSContext {
    static func loadCredentials(
        into context: OpaquePointer, configuration: TLSConfiguration
    ) throws(TLSSetupError) {
        let certificatePath = configuration.certificatePath
        let keyPath = configuration.privateKeyPath
        switch FileProblem.probe(certificatePath) {
        case .missing: throw .certificateMissing(path: certificatePath)
        case .unreadable(let reason): throw .certificateUnreadable(path: certificatePath, reason: reason)
        case nil: break
        }
        switch FileProblem.probe(keyPath) {
        case .missing: throw .privateKeyMissing(path: keyPath)
        case .unreadable(let reason): throw .privateKeyUnreadable(path: keyPath, reason: reason)
        case nil: break
        }

        OpenSSLErrorQueue.clear()
        // Leaf first, then intermediates, all sent in the Certificate message (RFC 8446 §4.4.2).
        guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1 else {
            throw .certificateMalformed(path: certificatePath, detail: OpenSSLErrorQueue.drain())
        }
        // The key is parsed on its own first, so "not a key" and "the wrong key" are told apart.
        let key = try readPrivateKey(at: keyPath)
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1 else {
            OpenSSLErrorQueue.clear()
            throw .keyDoesNotMatchCertificate(certificatePath: certificatePath, privateKeyPath: keyPath)
        }
        // Reading PEM files can leave benign end-of-file entries behind; the queue is per thread.
        OpenSSLErrorQueue.clear()
    }

    private static func readPrivateKey(at path: String) throws(TLSSetupError) -> OpaquePointer {
        guard let file = BIO_new_file(path, "r") else {
            throw .privateKeyUnreadable(path: path, reason: OpenSSLErrorQueue.drain())
        }
        defer { BIO_free(file) }
        // An explicit callback that supplies no passphrase: the default one would prompt on the terminal.
        guard let key = PEM_read_bio_PrivateKey(file, nil, { _, _, _, _ in 0 }, nil) else {
            throw .privateKeyMalformed(path: path, detail: OpenSSLErrorQueue.drain())
        }
        return key
    }
}

/// What is wrong with a credentials file before OpenSSL looks at its contents.
enum FileProblem: Equatable {
    case missing
    case unreadable(String)

    /// Opens the file (without reading it) to tell "not there" from "not readable by us".
    static func probe(_ path: String) -> FileProblem? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .unreadable(String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        // open(2) succeeds on a directory; reading it would fail later with a less helpful message.
        guard status.st_mode & S_IFMT == S_IFREG else { return .unreadable("not a regular file") }
        return nil
    }
}
