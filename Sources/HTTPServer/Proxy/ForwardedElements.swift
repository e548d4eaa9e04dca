/// The `Forwarded` header field of RFC 7239 §4, parsed: a list of elements, each a set of parameters
/// (`for=192.0.2.60;proto=https;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"`), names compared case-insensitively
/// and lowercased, values unquoted (RFC 9110 §5.6.4). Several fields are one list, in order (RFC 9110 §5.3).
/// Anything outside the grammar — a value neither token nor quoted-string, an unterminated quote, a parameter twice
/// in one element (§4) — makes the whole header unusable (nil): a header that cannot be read is not half believed.
/// Optional whitespace is accepted around `,` and `;`, as senders put it there.
enum ForwardedElements {
    typealias Element = [String: String]

    static func parse(_ fields: [String]) -> [Element]? {
        var elements: [Element] = []
        for field in fields {
            guard let parsed = parse(field) else { return nil }
            elements += parsed
        }
        return elements
    }

    private static func parse(_ field: String) -> [Element]? {
        let bytes = Array(field.utf8)
        var index = 0
        var elements: [Element] = []
        var current: Element = [:]
        func skipSpace() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        while true {
            skipSpace()
            if index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x3B {
                guard let (name, value) = pair(bytes, &index), current[name] == nil else { return nil }
                current[name] = value
                skipSpace()
            }
            guard index < bytes.count else { break }
            switch bytes[index] {
            case 0x3B: index += 1                              // ";": the next pair of this element
            case 0x2C:                                         // ",": the next element
                index += 1
                if !current.isEmpty { elements.append(current) }
                current = [:]
            default: return nil
            }
        }
        if !current.isEmpty { elements.append(current) }
        return elements
    }

    /// `token "=" ( token / quoted-string )`.
    private static func pair(_ bytes: [UInt8], _ index: inout Int) -> (String, String)? {
        let nameStart = index
        while index < bytes.count, HTTPGrammar.isTokenChar(bytes[index]) { index += 1 }
        guard index > nameStart, index < bytes.count, bytes[index] == 0x3D else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        index += 1
        guard index < bytes.count else { return nil }
        if bytes[index] == 0x22 { return quoted(bytes, &index).map { (name, $0) } }
        let valueStart = index
        while index < bytes.count, HTTPGrammar.isTokenChar(bytes[index]) { index += 1 }
        guard index > valueStart else { return nil }
        return (name, String(decoding: bytes[valueStart..<index], as: UTF8.self))
    }

    /// RFC 9110 §5.6.4: `DQUOTE *( qdtext / quoted-pair ) DQUOTE`; control characters are refused.
    private static func quoted(_ bytes: [UInt8], _ index: inout Int) -> String? {
        index += 1
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22: return String(decoding: value, as: UTF8.self)
            case 0x5C:
                guard index < bytes.count, bytes[index] >= 0x20 || bytes[index] == 0x09, bytes[index] != 0x7F else { return nil }
                value.append(bytes[index])
                index += 1
            case 0x09, 0x20...0x7E, 0x80...0xFF: value.append(byte)
            default: return nil
            }
        }
        return nil
    }
}
