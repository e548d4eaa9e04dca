/// The value of a `for=` parameter (RFC 7239 §6) or an `X-Forwarded-For` entry: an address, `unknown`, or an
/// obfuscated identifier (`_hidden`, §6.3), with any port dropped. nil for anything else.
enum ForwardedNode: Equatable {
    case address(IPAddress)
    case unknown
    case obfuscated(String)

    /// RFC 7239 §6: `nodename [ ":" node-port ]`, an IPv6 nodename in brackets (and so, in `Forwarded`, quoted).
    init?(_ text: Substring) {
        var name = text
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && Self.isPort(rest.dropFirst())) else { return nil }
            guard let address = IPAddress(name), !address.isIPv4 else { return nil }
            self = .address(address)
            return
        }
        if let colon = text.firstIndex(of: ":") {
            // An unbracketed IPv6 address (`X-Forwarded-For: 2001:db8::1`, as nginx writes it) has several colons.
            if text[text.index(after: colon)...].contains(":") {
                guard let address = IPAddress(text), !address.isIPv4 else { return nil }
                self = .address(address)
                return
            }
            guard Self.isPort(text[text.index(after: colon)...]) else { return nil }
            name = text[..<colon]
        }
        if name.lowercased() == "unknown" {
            self = .unknown
        } else if Self.isObfuscated(name) {
            self = .obfuscated(String(name))
        } else if let address = IPAddress(name), address.isIPv4 {
            self = .address(address)
        } else {
            return nil
        }
    }

    /// What `Request.clientAddress` says for this node.
    var text: String {
        switch self {
        case .address(let address): return address.description
        case .unknown: return "unknown"
        case .obfuscated(let identifier): return identifier
        }
    }

    /// `port = 1*5DIGIT` or `obfport = "_" 1*(ALPHA / DIGIT / "." / "_" / "-")`.
    private static func isPort(_ text: Substring) -> Bool {
        if isObfuscated(text) { return true }
        return !text.isEmpty && text.utf8.count <= 5 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isObfuscated(_ text: Substring) -> Bool {
        guard text.hasPrefix("_"), text.utf8.count > 1 else { return false }
        return text.utf8.dropFirst().allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
        }
    }
}
