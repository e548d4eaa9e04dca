/// An open file descriptor and the path it was opened from (for error messages).
public struct OpenFile: Sendable, Equatable {
    public let descriptor: Int32
    public let path: String

    public init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }
}
