/// The version `agora --version` prints.
enum AgoraVersion {
    static let current = "0.1.0"
}
