extension JSONValue {
    /// The encoding as a String, for `Problem.extensions`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
