import AgoraDomain
import HTTPServer

/// Typed access to query parameters, each failure a 400 naming the parameter. The query is decoded once here
/// (`Request.query(_:)` decodes all of it on every call, which showed up as a third of an uncached read).
struct QueryReader {
    let request: Request
    private let values: [String: String]

    init(request: Request) {
        self.request = request
        var values: [String: String] = [:]
        if request.head.target.query != nil {
            for item in request.queryItems where values[item.name] == nil { values[item.name] = item.value }
        }
        self.values = values
    }

    /// The raw (decoded) value of the first occurrence of `name`.
    func raw(_ name: String) -> String? { values[name] }

    func string(_ name: String) -> String? {
        guard let value = values[name] else { return nil }
        let trimmed = Substring(value).trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func bool(_ name: String) throws(QueryError) -> Bool? {
        guard let value = string(name) else { return nil }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalid(parameter: name, value: value, expected: "true or false")
        }
    }

    /// A comma-separated list of slot kinds (`kind=workingGroup,talk`).
    /// Present but empty (`kind=`) is a 400 like any other value that names no kind.
    func slotKinds(_ name: String) throws(QueryError) -> Set<SlotKind>? {
        guard let value = raw(name) else { return nil }
        var kinds = Set<SlotKind>()
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let kind = SlotKind(rawValue: item.trimmingASCIIWhitespace()) else {
                throw .invalid(parameter: name, value: value, expected: "slot kinds, comma-separated, such as workingGroup,talk")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    /// A language's primary subtag (RFC 5646 §2.2.1: 2–3 letters, or 5–8 registered ones), lowercased: `fr`.
    func languageTag(_ name: String) throws(QueryError) -> String? {
        guard let value = raw(name) else { return nil }
        let primary = value.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        guard (2...8).contains(primary.utf8.count), primary.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
        else { throw .invalid(parameter: name, value: value, expected: "a language tag such as fr") }
        return primary.lowercased()
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(QueryError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw .invalid(parameter: name, value: value,
                           expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func time(_ name: String) throws(QueryError) -> TimeBound? {
        guard let value = string(name) else { return nil }
        return try TimeBound.parse(value, parameter: name)
    }

    func date(_ name: String) throws(QueryError) -> LocalDate? {
        guard let value = string(name) else { return nil }
        guard case .date(let day) = try TimeBound.parse(value, parameter: name) else {
            throw .invalid(parameter: name, value: value, expected: "a date such as 2025-11-20")
        }
        return day
    }

    /// `from` and `to` together, refusing a range that ends before it starts.
    func range() throws(QueryError) -> (from: TimeBound?, to: TimeBound?) {
        let from = try time("from")
        let to = try time("to")
        if let from, let to, to.utcUpperExclusive <= from.utcLower {
            throw .inconsistent(parameters: ["from", "to"],
                                detail: "Query parameter from=\(string("from") ?? "") is after to=\(string("to") ?? "").")
        }
        return (from, to)
    }
}
