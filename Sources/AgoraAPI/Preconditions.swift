public import HTTPServer

/// Evaluation of conditional request headers (RFC 9110 §13).
public enum Preconditions {
    /// One member of an `If-Match` / `If-None-Match` list.
    enum Member: Equatable {
        case any
        case tag(opaque: String, weak: Bool)
    }

    /// Parses `*` or a comma-separated list of entity tags (`"a", W/"b"`); malformed members are skipped.
    static func members(_ header: String) -> [Member] {
        if Substring(header).trimmingASCIIWhitespace() == "*" { return [.any] }
        var members: [Member] = []
        var rest = Substring(header)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            if rest.isEmpty { break }
            var weak = false
            if rest.hasPrefix("W/") { weak = true; rest = rest.dropFirst(2) }
            guard rest.first == "\"" else {
                rest = rest.drop { $0 != "," }
                continue
            }
            let body = rest.dropFirst()
            guard let close = body.firstIndex(of: "\"") else { break }
            members.append(.tag(opaque: String(body[..<close]), weak: weak))
            rest = body[body.index(after: close)...]
        }
        return members
    }

    /// RFC 9110 §13.1.2: true when `If-None-Match` matches the current tag by WEAK comparison (or is `*`), i.e.
    /// a GET should answer 304.
    public static func ifNoneMatchMatches(_ header: String, current: EntityTag) -> Bool {
        members(header).contains { member in
            switch member {
            case .any: true
            case .tag(let opaque, _): opaque == current.opaque
            }
        }
    }

    /// RFC 9110 §13.1.1: true when `If-Match` is satisfied by STRONG comparison (or `*` with a current
    /// representation). A write whose `If-Match` is not satisfied answers 412. `current` nil: no such resource.
    public static func ifMatchSatisfied(_ header: String, current: EntityTag?) -> Bool {
        guard let current else { return false }
        return members(header).contains { member in
            switch member {
            case .any: true
            case .tag(let opaque, let weak): !weak && opaque == current.opaque
            }
        }
    }

    /// RFC 9110 §13.2.2: `If-None-Match` first; only without it `If-Modified-Since` (GET/HEAD), compared at
    /// one-second resolution; an unparsable date is ignored (§13.1.3).
    public static func notModified(_ request: Request, etag: EntityTag, lastModified: HTTPDate) -> Bool {
        if let ifNoneMatch = request.headers["If-None-Match"] {
            return ifNoneMatchMatches(ifNoneMatch, current: etag)
        }
        guard request.method == .get || request.method == .head,
              let ifModifiedSince = request.headers["If-Modified-Since"],
              let since = HTTPDate(parsing: ifModifiedSince) else { return false }
        return lastModified.secondsSince1970 <= since.secondsSince1970
    }
}
