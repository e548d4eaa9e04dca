/// The programme page's files and headers (issue 14): the executable hands over the bytes (compiled in by the
/// EmbedResources plugin from `Page/`, or read from `pageDir` at start); the API knows no files.
public struct PageSettings: Sendable {
    /// File name (`index.html`, `app.js`, …) → bytes. Empty: `/` answers the JSON home document only.
    public var files: [String: [UInt8]]
    public var security: PageSecurity

    public init(files: [String: [UInt8]] = [:], security: PageSecurity = PageSecurity()) {
        self.files = files
        self.security = security
    }
}
