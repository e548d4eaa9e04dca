import AgoraAPI
import AgoraDomain
import Foundation
import Testing

/// Issue 10 item 7: every public GET refuses a query parameter it does not take, and every list pages.
@Suite("Public reads: unknown query parameters and paging")
struct QueryParameterTests {
    @Test func anUnknownParameterIsA400NamingIt() throws {
        let fixture = try APIFixture()
        for (target, parameter) in [("/events?since=2025-01-01", "since"), ("/events?past=true&pagesize=1", "pagesize"),
                                    ("/events/assises-sociales-2025?expand=programme", "expand"),
                                    ("/events/quattropole-2017/programme?track=bildung", "track"),
                                    ("/events/assises-sociales-2025/partners?q=arcus", "q"),
                                    ("/programme?day=2025-11-20", "day"), ("/partners?search=arcus", "search"),
                                    ("/partners/arcus?lang=fr&q=x", "q"), ("/partners?Q=arcus", "Q")] {
            let response = fixture.get(target)
            #expect(response.status == 400, "\(target)")
            #expect(response.header("Content-Type") == "application/problem+json", "\(target)")
            #expect(response.json["parameter"] as? String == parameter, "\(target)")
            #expect(response.json["title"] as? String == "Unknown query parameter", "\(target)")
            #expect((response.json["detail"] as? String)?.contains(parameter) == true, "\(target)")
        }
        // An entity's cached answer must not hide the refusal (its cache key ignores the query).
        #expect(fixture.get("/events/assises-sociales-2025").status == 200)
        #expect(fixture.get("/events/assises-sociales-2025?x=1").status == 400)
        // What each resource takes still works, and an empty query is no parameter at all.
        for target in ["/events?past=true&lang=fr&limit=5&q=oeuvre&series=Assises%20sociales&city=luxembourg",
                       "/events/assises-sociales-2025?lang=auto", "/programme?past=true&track=bildung&limit=3",
                       "/partners?q=arcus&limit=1&lang=de", "/partners?"] {
            #expect(fixture.get(target).status == 200, "\(target)")
        }
    }

    @Test func partnersPageWithLimitAndCursor() throws {
        let fixture = try APIFixture()
        let all = fixture.get("/partners")
        #expect(all.ids.count == 20)
        #expect(all.json["next"] is NSNull)
        #expect(all.header("Link") == nil)

        var collected: [String] = []
        var target: String? = "/partners?limit=3&lang=fr"
        var pages = 0
        while let next = target {
            let page = fixture.get(next)
            #expect(page.status == 200)
            #expect(page.ids.count <= 3)
            collected += page.ids
            pages += 1
            target = page.json["next"] as? String
            if let target { #expect(page.header("Link") == "<\(target)>; rel=\"next\"") }
            #expect(pages <= 10)
        }
        #expect(pages == 7)
        #expect(collected == all.ids, "every partner once, in order")
        #expect(fixture.get("/partners?limit=2").ids.count == 2, "the issue's /partners?limit=2")
        #expect(fixture.get("/partners?q=stemm&limit=1").ids == ["stemm-vun-der-strooss"])
        for bad in ["limit=0", "limit=501", "cursor=zz", "cursor=00"] {
            let response = fixture.get("/partners?\(bad)")
            #expect(response.status == 400, "\(bad)")
            #expect(response.json["parameter"] as? String == String(bad.prefix { $0 != "=" }))
        }
    }

    @Test func programmePagesWithLimitAndCursorAndRefusesAnotherListsCursor() throws {
        let fixture = try APIFixture()
        let all = fixture.get("/programme?past=true")
        #expect(all.ids.count == 18)
        #expect(all.json["next"] is NSNull)
        var collected: [String] = []
        var target: String? = "/programme?past=true&limit=4"
        while let next = target {
            let page = fixture.get(next)
            #expect(page.status == 200)
            collected += page.ids
            target = page.json["next"] as? String
            #expect(collected.count <= 18)
        }
        #expect(collected == all.ids)
        // The three QuattroPole working groups start together: a page boundary between them loses none.
        let groups = fixture.get("/programme?event=quattropole-2017&limit=5")
        #expect(groups.ids.last == "arbeitsgruppe-beschaeftigung")
        let next = try #require(groups.json["next"] as? String)
        let rest = fixture.get(next.replacingOccurrences(of: "limit=5", with: "limit=6"))
        #expect(rest.ids.first == "arbeitsgruppe-bildung")
        #expect((groups.ids + rest.ids) == fixture.get("/programme?event=quattropole-2017").ids)

        let partnersCursor = try #require(fixture.get("/partners?limit=1").json["next"] as? String)
        let cursor = String(partnersCursor.split(separator: "cursor=").last ?? "")
        let refused = fixture.get("/programme?past=true&cursor=\(cursor)")
        #expect(refused.status == 400)
        #expect(refused.json["parameter"] as? String == "cursor")
    }

    /// Issue 10 item 2: absent `past` means "past events only inside an explicit range", and `past=false` is
    /// something else (the spec's `default: false` made a generated client send it and lose both seed events).
    @Test func absentPastIsNotPastFalse() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/events?from=2017-01-01&to=2025-12-31").ids == ["quattropole-2017", "assises-sociales-2025"])
        #expect(fixture.get("/events?from=2017-01-01&to=2025-12-31&past=false").ids.isEmpty)
        #expect(fixture.get("/programme?from=2017-01-01&to=2025-12-31").ids.count == 18)
        #expect(fixture.get("/programme?from=2017-01-01&to=2025-12-31&past=false").ids.isEmpty)
    }

    /// Issue 10 item 2, for every default the contract states: a generated client sends each default, so the
    /// answer with it must be the answer without it.
    @Test func everyDefaultInTheSpecIsWhatTheServerDoesWithoutTheParameter() throws {
        let fixture = try APIFixture()
        let url = APIFixture.repository.appendingPathComponent("Docs/openapi.json")
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let components = (spec["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]] ?? [:]
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        var checked = 0
        for (path, item) in paths where !path.contains("{") {
            guard let get = item["get"] as? [String: Any] else { continue }
            let parameters = (get["parameters"] as? [[String: Any]] ?? []).compactMap { parameter -> [String: Any]? in
                guard let ref = parameter["$ref"] as? String else { return parameter }
                return components[String(ref.split(separator: "/").last ?? "")]
            }.filter { $0["in"] as? String == "query" }
            // Bases: nothing, each other parameter alone with its example, and a from/to range.
            func example(_ parameter: [String: Any]) -> String? {
                if let value = parameter["example"] { return "\(value)" }
                return nil
            }
            for parameter in parameters {
                guard let name = parameter["name"] as? String, let schema = parameter["schema"] as? [String: Any],
                      let defaultValue = schema["default"] else { continue }
                let text = schema["type"] as? String == "boolean"
                    ? ((defaultValue as? Bool) == true ? "true" : "false") : "\(defaultValue)"
                var bases = [""]
                for other in parameters where other["name"] as? String != name {
                    if let value = example(other), let otherName = other["name"] as? String {
                        bases.append("\(otherName)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)")
                    }
                }
                let names = Set(parameters.compactMap { $0["name"] as? String })
                if names.contains("from") && names.contains("to") { bases.append("from=2017-01-01&to=2025-12-31") }
                for base in bases {
                    let without = fixture.get(base.isEmpty ? path : "\(path)?\(base)")
                    let with = fixture.get("\(path)?\(base.isEmpty ? "" : base + "&")\(name)=\(text)")
                    #expect(with.status == without.status, "\(path)?\(base): \(name)=\(text)")
                    #expect(with.ids == without.ids, "\(path)?\(base): \(name)=\(text) must change nothing")
                    checked += 1
                }
            }
        }
        #expect(checked > 5, "the spec states defaults for limit at least")
    }
}
