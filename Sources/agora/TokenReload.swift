import AgoraAPI
import Logging

/// SIGHUP re-reads the `tokens` setting (the config file again, with the same flags and environment), so a token is
/// added or revoked without a restart. A configuration that does not resolve, or a malformed entry, keeps the
/// previous list and logs why (never a token: entries are named by position). Other settings still need a restart.
struct TokenReload: Sendable {
    let flags: [String: String]
    let environment: [String: String]
    let tokenList: TokenList
    let log: Logger

    func reload() {
        let tokens: AccessTokens
        do throws(ConfigurationError) {
            let configuration = try Configuration.resolve(flags: flags, environment: environment)
            do throws(AccessTokens.ConfigurationError) { tokens = try APIWiring.tokens(configuration) } catch {
                throw ConfigurationError(description: "invalid value for tokens: \(error.description)")
            }
        } catch {
            log.error("token reload failed; keeping the previous tokens",
                      metadata: ["error": .string(error.description), "tokens": "\(tokenList.tokens.entries.count)"])
            return
        }
        tokenList.replace(with: tokens)
        log.info("tokens reloaded", metadata: ["tokens": "\(tokens.entries.count)",
                                               "names": .string(tokens.entries.map(\.name).joined(separator: ", "))])
    }
}
