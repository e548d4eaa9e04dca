/// Where a page of `/partners` or `/programme` resumes: the ids (and start) of the page's last item, so pages stay
/// consistent while items are added or removed (as `EventCursor` does for `/events`). Opaque to clients; the token is
/// the kind and the parts joined by `.`, each part a slug or a number, so it needs no escaping in a URL and stays
/// short (the spec's `cursor` has `maxLength: 500`, which keeps a request line under the server's limit).
struct ListCursor: Equatable {
    /// The list it belongs to (`partners`, `programme`): a cursor of another list is refused, not misread.
    let kind: String
    let parts: [String]

    static let maxLength = 500

    init(kind: String, parts: [String]) {
        self.kind = kind
        self.parts = parts
    }

    var token: String { ([kind] + parts).joined(separator: ".") }

    /// Reads a token of `kind` with `count` parts; a 400 naming `cursor` otherwise.
    init(token: String, kind: String, count: Int) throws(QueryError) {
        let invalid = QueryError.invalid(parameter: "cursor", value: token,
                                         expected: "the cursor from a previous page's next link")
        guard token.utf8.count <= Self.maxLength else { throw invalid }
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == count + 1, pieces[0] == kind,
              pieces.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Self.isTokenByte) }) else { throw invalid }
        self.kind = kind
        self.parts = Array(pieces.dropFirst())
    }

    /// What ids (slugs) and numbers are made of; nothing that needs percent-encoding.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
