import Cryptography

/// `agora token [role] [name]`: prints a new random bearer token, its SHA-256 (what the config keeps)
/// and the `tokens` entry to add. The token itself is printed once, here, and stored nowhere.
struct TokenCommand {
    let arguments: [String]

    func run() -> Int32 {
        let role = arguments.first ?? "admin"
        guard ["admin", "editor", "registrations"].contains(role) else {
            FileHandleOutput.standardError("agora: unknown role \"\(role)\" (admin, editor or registrations)\n")
            return 2
        }
        let name = arguments.count > 1 ? arguments[1] : "\(role)-token"
        guard !name.contains(":"), !name.contains("\""), arguments.count <= 2 else {
            FileHandleOutput.standardError("agora: usage: agora token [admin|editor|registrations] [name without ':']\n")
            return 2
        }
        let (token, hash) = AccessToken.generate()
        print("""
        token:  \(token)
        sha256: \(hash)

        Give the token to its holder (it is not stored anywhere) and add this entry to "tokens" in the config file:
          "\(role):\(hash):\(name)"
        e.g.  "tokens": ["\(role):\(hash):\(name)"]
        Requests then send: Authorization: Bearer \(token)
        """)
        return 0
    }
}
