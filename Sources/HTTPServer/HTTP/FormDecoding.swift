/// `application/x-www-form-urlencoded` decoding of query components (WHATWG URL standard, "urlencoded parsing").
enum FormDecoding {
    /// Decodes `+` as space and `%XX` escapes; an invalid escape is kept literally rather than failing the request.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next() else { bytes.append(byte); break }
                guard let low = iterator.next() else { bytes.append(contentsOf: [byte, high]); break }
                if let h = HTTPGrammar.hexValue(high), let l = HTTPGrammar.hexValue(low) { bytes.append(h << 4 | l) } else { bytes.append(contentsOf: [byte, high, low]) }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
