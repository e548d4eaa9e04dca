// The request-target of a request line (RFC 9112 §3.2) and the forms it may take.

/// Where a request is aimed, split for routing.
public struct RequestTarget: Sendable, Equatable {
    /// Raw path as sent (origin-form, or the path of absolute-form), never empty ("/" at least);
    /// "*" for the asterisk-form of OPTIONS; "/" for the authority-form of CONNECT.
    public var path: String
    /// Raw query after "?", without "?", nil if absent.
    public var query: String?
    /// Percent-decoded path segments with dot-segments removed (RFC 3986 §5.2.4), a trailing empty segment
    /// dropped: "/" → [], "/events/abc/" → ["events", "abc"]. A "%2F" stays inside its segment and never
    /// splits routing. "." and ".." are removed whether sent plain or percent-encoded, so a decoded ".."
    /// can never climb out of a route.
    public var segments: [String]
    /// host[:port] from absolute-form (RFC 9112 §3.2.2) or authority-form (§3.2.3), else nil.
    public var authority: String?

    public init(path: String, query: String? = nil, segments: [String], authority: String? = nil) {
        self.path = path
        self.query = query
        self.segments = segments
        self.authority = authority
    }
}

extension RequestTarget {
    /// Parses a request-target (already checked to be visible ASCII without spaces) for `method`.
    static func parse(_ bytes: UnsafeRawBufferPointer, method: HTTPMethod) throws(HTTPParseError) -> RequestTarget {
        guard let first = bytes.first else { throw .invalidTarget }
        // RFC 9112 §3.2.3: authority-form is used only, and always, for CONNECT.
        if method == .connect {
            return RequestTarget(path: "/", segments: [], authority: try authorityForm(bytes))
        }
        // RFC 9112 §3.2.4: asterisk-form is used only for a server-wide OPTIONS.
        if bytes.count == 1 && first == UInt8(ascii: "*") {
            guard method == .options else { throw .invalidTarget }
            return RequestTarget(path: "*", segments: [])
        }
        if first == HTTPGrammar.slash {
            return try originForm(bytes, authority: nil)
        }
        return try absoluteForm(bytes)
    }

    /// `absolute-path [ "?" query ]` (RFC 9112 §3.2.1).
    private static func originForm(
        _ bytes: UnsafeRawBufferPointer, authority: String?
    ) throws(HTTPParseError) -> RequestTarget {
        var queryStart: Int?
        for index in bytes.indices where bytes[index] == HTTPGrammar.question {
            queryStart = index
            break
        }
        let pathEnd = queryStart ?? bytes.count
        let pathBytes = UnsafeRawBufferPointer(rebasing: bytes[0..<pathEnd])
        try PercentDecoding.validate(bytes)
        let segments = try PathSegments.decode(pathBytes)
        let path = pathBytes.isEmpty ? "/" : String(decoding: pathBytes, as: UTF8.self)
        var query: String?
        if let queryStart {
            query = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(queryStart + 1)...]), as: UTF8.self)
        }
        return RequestTarget(path: path, query: query, segments: segments, authority: authority)
    }

    /// `scheme "://" authority [ path-abempty ] [ "?" query ]` for http and https (RFC 9112 §3.2.2).
    private static func absoluteForm(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> RequestTarget {
        let schemeLength: Int
        if hasPrefixIgnoringCase(bytes, "http://") {
            schemeLength = 7
        } else if hasPrefixIgnoringCase(bytes, "https://") {
            schemeLength = 8
        } else {
            throw .invalidTarget
        }
        var authorityEnd = schemeLength
        while authorityEnd < bytes.count, bytes[authorityEnd] != HTTPGrammar.slash,
              bytes[authorityEnd] != HTTPGrammar.question {
            authorityEnd += 1
        }
        let authorityBytes = UnsafeRawBufferPointer(rebasing: bytes[schemeLength..<authorityEnd])
        guard !authorityBytes.isEmpty, authorityBytes.allSatisfy(HTTPGrammar.isAuthorityChar) else {
            throw .invalidTarget
        }
        let authority = String(decoding: authorityBytes, as: UTF8.self)
        return try originForm(UnsafeRawBufferPointer(rebasing: bytes[authorityEnd...]), authority: authority)
    }

    /// `uri-host ":" port` (RFC 9112 §3.2.3): the port is required.
    private static func authorityForm(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> String {
        guard bytes.allSatisfy(HTTPGrammar.isAuthorityChar),
              let colon = bytes.lastIndex(of: HTTPGrammar.colon),
              colon > 0, colon + 1 < bytes.count,
              bytes[(colon + 1)...].allSatisfy(HTTPGrammar.isDigit)
        else { throw .invalidTarget }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hasPrefixIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for (index, byte) in prefixBytes.enumerated() where HTTPGrammar.lowercased(bytes[index]) != byte {
            return false
        }
        return true
    }
}
