import Cryptography

/// The configured bearer tokens, held only as SHA-256 digests with a role and an optional name (for
/// operators; never a token). Configured as `"role:sha256hex[:name]"` strings (the `tokens` setting);
/// `AGORA_ADMIN_TOKEN` adds one admin token given in clear, which is hashed on start and not kept.
public struct AccessTokens: Sendable {
    public struct Entry: Sendable, Equatable {
        public var role: AccessRole
        public var sha256Hex: String
        public var name: String
    }

    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case malformed(index: Int, reason: String)

        public var description: String {
            switch self {
            case .malformed(let index, let reason):
                "tokens[\(index)]: \(reason) (expected \"role:sha256hex[:name]\", role one of "
                    + AccessRole.allCases.map(\.rawValue).joined(separator: ", ") + ")"
            }
        }
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses the `tokens` setting. Errors name the entry by position, never echo it (it may be a token
    /// pasted by mistake instead of its hash).
    public init(configured: [String], adminToken: String? = nil) throws(ConfigurationError) {
        var entries: [Entry] = []
        for (index, text) in configured.enumerated() {
            let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { throw .malformed(index: index, reason: "missing ':'") }
            guard let role = AccessRole(rawValue: parts[0]) else {
                throw .malformed(index: index, reason: "unknown role")
            }
            let hex = parts[1].lowercased()
            guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            else { throw .malformed(index: index, reason: "the hash must be 64 hex digits (see `agora token`)") }
            entries.append(Entry(role: role, sha256Hex: hex, name: parts.count > 2 ? parts[2] : "token \(index + 1)"))
        }
        if let adminToken, !adminToken.isEmpty {
            entries.append(Entry(role: .admin, sha256Hex: SHA256.hex(adminToken), name: "AGORA_ADMIN_TOKEN"))
        }
        self.entries = entries
    }

    /// The entry whose digest the presented token has. Every entry is compared (in constant time, with
    /// `CRYPTO_memcmp`), so the time taken does not tell which entry, or how much of one, matched.
    func entry(for token: String) -> Entry? {
        let digest = Array(SHA256.hex(token).utf8)
        var found: Entry?
        for entry in entries where constantTimeEquals(digest, Array(entry.sha256Hex.utf8)) && found == nil {
            found = entry
        }
        return found
    }
}
