/// The proxies whose forwarding headers are believed (`trustedProxies`), and the client and scheme a request came
/// from through them. Only when the TCP peer is in one of the ranges are `Forwarded` (RFC 7239) or, without it,
/// `X-Forwarded-For` / `X-Forwarded-Proto` read; from anyone else they are ignored, since any client can send them.
/// The chain is walked from the right, the hop nearest to us: each address that is itself a trusted proxy is
/// skipped, and the first that is not is the client (RFC 7239 §7.4: only the proxies one trusts added their
/// elements, whatever is left of them may be forged). A header that cannot be read is ignored whole.
public struct TrustedProxies: Sendable {
    public let ranges: [AddressRange]

    public init(_ ranges: [AddressRange] = []) {
        self.ranges = ranges
    }

    /// The ranges, or the first entry that is not one (for the configuration's message).
    public static func parse(_ entries: [String]) -> Result<TrustedProxies, InvalidEntry> {
        var ranges: [AddressRange] = []
        for (position, entry) in entries.enumerated() {
            guard let range = AddressRange(entry) else { return .failure(InvalidEntry(position: position + 1, entry: entry)) }
            ranges.append(range)
        }
        return .success(TrustedProxies(ranges))
    }

    public struct InvalidEntry: Error, Sendable, CustomStringConvertible {
        public let position: Int
        public let entry: String
        public var description: String {
            "entry \(position) (\"\(entry)\") is not an IPv4 or IPv6 address with an optional /prefix length"
        }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }

    /// Who sent the request and over which scheme. `peer`: the TCP peer's address; `scheme`: the connection's own
    /// (`https` on the TLS listener).
    public func client(peer: IPAddress?, headers: HTTPHeaders, scheme: String) -> ForwardedClient? {
        guard let peer, contains(peer) else { return nil }
        let forwarded = headers.values("Forwarded")
        if !forwarded.isEmpty { return fromForwarded(forwarded, scheme: scheme) }
        return fromXForwarded(headers, scheme: scheme)
    }

    private func fromForwarded(_ fields: [String], scheme: String) -> ForwardedClient? {
        guard let elements = ForwardedElements.parse(fields), !elements.isEmpty else { return nil }
        var chosen: (node: ForwardedNode?, proto: String?)?
        for element in elements.reversed() {
            var proto: String?
            if let value = element["proto"] {
                guard let valid = Self.scheme(value) else { return nil }
                proto = valid
            }
            // An element without `for` (`proto=https` alone) names no client: the walk ends at the hop before it.
            guard let value = element["for"] else {
                chosen = (nil, proto)
                break
            }
            guard let node = ForwardedNode(Substring(value)) else { return nil }
            chosen = (node, proto)
            if case .address(let address) = node, contains(address) { continue }
            break
        }
        guard let chosen else { return nil }
        return ForwardedClient(address: chosen.node?.text, scheme: chosen.proto ?? scheme)
    }

    private func fromXForwarded(_ headers: HTTPHeaders, scheme: String) -> ForwardedClient? {
        let entries = headers.values("X-Forwarded-For").flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingOWS }
        let protos = headers.values("X-Forwarded-Proto").flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingOWS }
        var nodes: [ForwardedNode] = []
        for entry in entries {
            guard let node = ForwardedNode(entry) else { return nil }
            nodes.append(node)
        }
        var schemes: [String] = []
        for proto in protos {
            guard let valid = Self.scheme(String(proto)) else { return nil }
            schemes.append(valid)
        }
        guard !nodes.isEmpty || !schemes.isEmpty else { return nil }
        var index = nodes.count - 1
        while index > 0, case .address(let address) = nodes[index], contains(address) { index -= 1 }
        // One scheme per hop when the lists match; otherwise the one the proxy next to us wrote, the right-most.
        let chosenScheme = schemes.count == nodes.count && index >= 0 ? schemes[index] : (schemes.last ?? scheme)
        return ForwardedClient(address: index >= 0 ? nodes[index].text : nil, scheme: chosenScheme)
    }

    /// RFC 7239 §5.4: a URI scheme name; only the two a request can have reached us by are taken.
    private static func scheme(_ value: String) -> String? {
        switch value.lowercased() {
        case "http": return "http"
        case "https": return "https"
        default: return nil
        }
    }
}

extension Substring {
    /// Without the optional whitespace (SP, HTAB) of RFC 9110 §5.6.3 on either side.
    fileprivate var trimmingOWS: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
