// The header collection handlers and the response writer use: lookup, order, editing.
import HTTPServer
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresASCIICase() {
        let headers: HTTPHeaders = ["Content-Type": "application/json", "X-Request-Id": "abc"]
        #expect(headers["content-type"] == "application/json")
        #expect(headers["X-REQUEST-ID"] == "abc")
        #expect(headers["Accept"] == nil)
        #expect(headers.contains("x-request-id"))
        #expect(!headers.contains("x-request"))
    }

    @Test func repeatedFieldsKeepWireOrder() {
        var headers = HTTPHeaders()
        headers.add("Accept", "text/html")
        headers.add("Host", "a")
        headers.add("accept", "application/json")
        #expect(headers["Accept"] == "text/html")
        #expect(headers.values("ACCEPT") == ["text/html", "application/json"])
        #expect(headers.map(\.name) == ["Accept", "Host", "accept"])
        #expect(headers.count == 3)
    }

    @Test func setReplacesEveryFieldOfThatName() {
        var headers = HTTPHeaders([(name: "A", value: "1"), (name: "B", value: "2"), (name: "a", value: "3")])
        headers.set("a", "4")
        #expect(headers == HTTPHeaders([(name: "a", value: "4"), (name: "B", value: "2")]))
        headers.set("C", "5")
        #expect(headers.values("c") == ["5"])
        #expect(headers.count == 3)
    }

    @Test func removeDropsEveryFieldOfThatName() {
        var headers: HTTPHeaders = ["A": "1", "B": "2"]
        headers.add("a", "3")
        headers.remove("A")
        #expect(headers == ["B": "2"])
        headers.remove("missing")
        #expect(headers.count == 1)
    }

    @Test func caseFoldingIsASCIIOnly() {
        let headers: HTTPHeaders = ["X-Straße": "1"]
        #expect(headers["x-straße"] == "1")
        #expect(headers["X-STRASSE"] == nil)
    }
}
