/// The version `agora --version` prints, with the commit the EmbedResources plugin read at build time
/// (`EmbeddedResources.gitCommit`).
enum AgoraVersion {
    static let current = "0.1.0"
}
