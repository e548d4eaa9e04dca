import AgoraLogging
import Dispatch
import HTTPServer
import Logging
import TLSTransport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTPS listener of `agora serve` (issue 5): built from the `tls*` and `hsts*` settings at start, its
/// certificate and key reloaded on SIGHUP. Inconsistent settings exit 2 (like any bad setting); a certificate or key
/// that cannot be used exits 1 with the loader's message, before anything listens.
struct TLSListener {
    let factory: TLSTransportFactory
    let listener: ServerConfiguration.Listener

    /// The listener the settings ask for, or nil when no certificate is configured. Exits on a problem.
    static func fromSettings(_ configuration: Configuration, log: Logger, writer: LogWriter) -> TLSListener? {
        let certificate = configuration.string("tlsCert")
        let key = configuration.string("tlsKey")
        switch (certificate.isEmpty, key.isEmpty) {
        case (true, true):
            if !configuration.bool("plainHttp") {
                fail("plainHttp is false but no TLS listener is configured (set tlsCert and tlsKey): nothing to serve")
            }
            return nil
        case (false, true): fail("tlsCert is set but tlsKey is not: HTTPS needs both")
        case (true, false): fail("tlsKey is set but tlsCert is not: HTTPS needs both")
        case (false, false): break
        }
        let maxAge = configuration.int("hstsMaxAge")
        let settings = TLSConfiguration(
            certificatePath: certificate, privateKeyPath: key,
            handshakeTimeout: configuration.seconds("tlsHandshakeTimeout"),
            strictTransportSecurity: maxAge > 0
                ? StrictTransportSecurity(maxAgeSeconds: maxAge,
                                          includeSubdomains: configuration.bool("hstsIncludeSubdomains"))
                : nil)
        let factory: TLSTransportFactory
        do throws(TLSSetupError) {
            factory = try TLSTransportFactory(configuration: settings)
        } catch {
            writer.flush()
            fail(error.description, status: 1)
        }
        log.info("tls certificate loaded", metadata: ["certificate": .string(factory.certificateSummary),
                                                     "path": .string(certificate)])
        // RFC 6797 §7.2: HSTS only over secure transport, so the header belongs to this listener alone.
        var headers = HTTPHeaders()
        if let policy = settings.strictTransportSecurity {
            headers.add("Strict-Transport-Security", policy.headerValue)
        }
        let listener = ServerConfiguration.Listener(host: configuration.string("host"), port: configuration.int("tlsPort"),
                                                    transport: factory, responseHeaders: headers)
        return TLSListener(factory: factory, listener: listener)
    }

    /// On SIGHUP (`Hangup`): re-reads the certificate and key: new handshakes use the new pair, connections already
    /// open keep the one they started with. A pair that does not load is refused with an error line and the old one
    /// stays.
    func reloadCertificate(log: Logger) {
        do throws(TLSSetupError) {
            try factory.reload()
            log.info("tls certificate reloaded", metadata: ["certificate": .string(factory.certificateSummary)])
        } catch {
            log.error("tls certificate reload failed; keeping the previous one",
                      metadata: ["error": .string(error.description),
                                 "certificate": .string(factory.certificateSummary)])
        }
    }
}
