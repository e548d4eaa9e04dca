import COpenSSL

/// A one-line description of the certificate a context serves, for the start-up and reload log lines.
extension TLSContext {
    /// E.g. "/CN=localhost, valid until Nov 24 17:08:02 2026 GMT".
    var certificateSummary: String {
        guard let certificate = SSL_CTX_get0_certificate(context) else { return "no certificate" }
        var subject = [CChar](repeating: 0, count: 512)
        let name = X509_NAME_oneline(X509_get_subject_name(certificate), &subject, Int32(subject.count)) != nil
            ? Self.string(from: subject) : "unknown subject"
        guard let expiry = Self.render(X509_get0_notAfter(certificate)) else { return name }
        return "\(name), valid until \(expiry)"
    }

    /// ASN1_TIME_print writes to a BIO; a memory BIO turns that into a string.
    private static func render(_ time: UnsafePointer<ASN1_TIME>?) -> String? {
        guard let time, let memory = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(memory) }
        guard ASN1_TIME_print(memory, time) == 1 else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        var data: UnsafeMutablePointer<CChar>?
        let count = agora_BIO_get_mem_data(memory, &data)
        guard count > 0, let data else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    private static func string(from characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
