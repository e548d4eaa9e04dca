import Cryptography
import FoundationEssentials

/// Standard Webhooks' signature (standardwebhooks.com, "Signature scheme"): `v1,` and the base64 of
/// HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the secret
/// after `whsec_`.
enum WebhookSignature {
    static let secretPrefix = "whsec_"

    /// A new secret: `whsec_` and the base64 of 24 random bytes (the spec asks for 24 to 64).
    static func newSecret() -> String {
        secretPrefix + Data(SecureRandom.bytes(24)).base64EncodedString()
    }

    /// The key a secret names; nil when it is not `whsec_` + base64.
    static func key(of secret: String) -> [UInt8]? {
        guard secret.hasPrefix(secretPrefix), let data = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count)))
        else { return nil }
        return Array(data)
    }

    /// The `webhook-signature` header's value.
    static func header(secret: String, id: String, timestamp: Int64, body: [UInt8]) -> String? {
        header(secrets: [secret], id: id, timestamp: timestamp, body: body)
    }

    /// One signature per secret, space-separated: the spec lets the header carry several ("Signature scheme":
    /// a receiver accepts the message when any one verifies), which is how a rotation's grace period works.
    static func header(secrets: [String], id: String, timestamp: Int64, body: [UInt8]) -> String? {
        let signed = Array("\(id).\(timestamp).".utf8) + body
        var signatures: [String] = []
        for secret in secrets {
            guard let key = key(of: secret) else { return nil }
            signatures.append("v1," + Data(HMACSHA256.mac(key: key, message: signed)).base64EncodedString())
        }
        return signatures.isEmpty ? nil : signatures.joined(separator: " ")
    }
}
