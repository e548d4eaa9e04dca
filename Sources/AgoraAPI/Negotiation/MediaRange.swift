/// One member of an `Accept` header (RFC 9110 §12.5.1): `text/calendar`, `text/*` or `*/*`, with its weight.
struct MediaRange: Sendable, Hashable {
    /// Lowercased; `*` for a wildcard.
    let type: String
    let subtype: String
    /// Thousandths (RFC 9110 §12.4.2): 1000 for `q=1` or none, 0 for "not acceptable".
    let quality: Int

    /// How specific the range is, for "the most specific reference has precedence" (§12.5.1): `*/*` 0, `type/*` 1,
    /// `type/subtype` 2 (parameters other than `q` are not compared: no type we serve has variants by parameter).
    var specificity: Int { type == "*" ? 0 : subtype == "*" ? 1 : 2 }

    func matches(_ mediaType: String) -> Bool {
        let parts = mediaType.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return false }
        if type == "*" { return true }
        return parts[0] == type && (subtype == "*" || parts[1] == subtype)
    }

    /// The ranges of an `Accept` value, in the order given. Malformed members are skipped (the header is advisory;
    /// a bad member must not fail a request), and so is `*/subtype`, which §12.5.1 does not allow.
    static func ranges(ofAccept header: String) -> [MediaRange] {
        var ranges: [MediaRange] = []
        for member in header.split(separator: ",") {
            let parts = member.split(separator: ";").map { $0.trimmingASCIIWhitespace().lowercased() }
            guard let range = parts.first else { continue }
            let names = range.split(separator: "/", omittingEmptySubsequences: false)
            guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty, names[0] != "*" || names[1] == "*" else { continue }
            var quality = 1000
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingASCIIWhitespace() }
                // The first `q` ends the media-range's parameters; what follows is accept-ext (§12.5.1).
                if pair.count == 2, pair[0] == "q" {
                    quality = LanguagePreference.quality(pair[1]) ?? -1
                    break
                }
            }
            guard quality >= 0 else { continue }
            ranges.append(MediaRange(type: String(names[0]), subtype: String(names[1]), quality: quality))
        }
        return ranges
    }
}
