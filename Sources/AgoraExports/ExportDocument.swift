/// A finished export: its bytes and the languages its texts were written in (for `Content-Language`).
public struct ExportDocument: Sendable {
    public let bytes: [UInt8]
    public let languages: [String]

    public init(bytes: [UInt8], languages: [String]) {
        self.bytes = bytes
        self.languages = languages
    }
}
