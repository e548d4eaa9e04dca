@testable import AgoraAPI
import AgoraDomain
import Foundation
@testable import HTTPServer
import Testing
import TestSupport

/// Issue #10 item 9: every problem — the API's and the engine's — in the language `Accept-Language` picks (RFC 9110
/// §12.5.4), with `Content-Language` and `Vary: Accept-Language`; the English exactly as before; pointers unchanged.
@Suite("Problems in the reader's language")
struct ProblemLanguageTests {
    /// (Accept-Language, the language expected): q-values rank, a region falls to its language, Luxembourgish reads
    /// German unless another named language is available, nothing or an unknown language is English.
    static let languages: [(String?, String)] = [
        ("de", "de"), ("fr", "fr"), ("fr-LU;q=0.9, de;q=0.8", "fr"), ("de;q=0.5, fr-LU;q=0.9", "fr"), ("lb", "de"),
        ("lb, fr;q=0.9", "fr"), (nil, "en"), ("pt, en;q=0.1", "en"), ("pt", "en"),
    ]

    static let notFound = ["en": ("Not found", "No event with id \"nope\"."),
                           "de": ("Nicht gefunden", "Keine Veranstaltung mit der ID „nope“."),
                           "fr": ("Introuvable", "Aucun événement avec l’identifiant « nope »."),]

    static let invalid = ["en": ["must not be empty", "not an e-mail address"],
                          "de": ["darf nicht leer sein", "keine E-Mail-Adresse"],
                          "fr": ["ne doit pas être vide", "n’est pas une adresse e-mail"],]

    static let conflict = ["en": "This e-mail address is already registered for this event (or this slot). To change "
                               + "the registration, cancel it with its cancellation token and register again.",
                           "de": "Diese E-Mail-Adresse ist für diese Veranstaltung (oder diesen Programmpunkt) bereits "
                               + "angemeldet. Um die Anmeldung zu ändern, stornieren Sie sie mit ihrem Stornierungstoken "
                               + "und melden Sie sich erneut an.",
                           "fr": "Cette adresse e-mail est déjà inscrite à cet événement (ou à ce créneau). Pour modifier "
                               + "l’inscription, annulez-la avec son jeton d’annulation et inscrivez-vous à nouveau.",]

    static let stale = ["en": "Precondition failed", "de": "Vorbedingung fehlgeschlagen", "fr": "Échec de la précondition"]

    static func expectLanguage(_ reply: HTTPReply, _ language: String, _ what: String) {
        #expect(reply.header("Content-Language") == language, "\(what): Content-Language")
        #expect(reply.headers.contains { $0.name.lowercased() == "vary" && $0.value.contains("Accept-Language") },
                "\(what): Vary")
        #expect(reply.header("Content-Type") == "application/problem+json", "\(what)")
    }

    @Test("404, 422, 409 and 412 in the language asked for", arguments: languages)
    func apiProblems(header: String?, language: String) throws {
        let fixture = try WriteFixture()
        let accept = header.map { [("Accept-Language", $0)] } ?? []

        let missing = try fixture.request("GET", "/events/nope", headers: accept)
        #expect(missing.status == 404)
        Self.expectLanguage(missing, language, "404")
        #expect(missing.json["title"] as? String == Self.notFound[language]?.0)
        #expect(missing.json["detail"] as? String == Self.notFound[language]?.1)

        let invalid = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations", headers: accept,
                                          body: #"{"name":"","email":"nope","consent":true}"#)
        #expect(invalid.status == 422)
        Self.expectLanguage(invalid, language, "422")
        #expect(invalid.pointers == ["/name", "/email"], "pointers do not depend on the language")
        let details = (invalid.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String }
        #expect(details == Self.invalid[language])

        let email = "twice-\(language)@example.lu"
        #expect(try fixture.register(email).status == 201)
        let twice = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations", headers: accept,
                                        body: #"{"name":"Zoé","email":"\#(email)","consent":true}"#)
        #expect(twice.status == 409)
        Self.expectLanguage(twice, language, "409")
        #expect(twice.json["detail"] as? String == Self.conflict[language])
        #expect(twice.json["conflict"] as? String == "alreadyRegistered", "members other than texts are the same")

        let stale = try fixture.request("PATCH", "/events/\(WriteFixture.openEvent)",
                                        headers: accept + [fixture.bearer(fixture.editor.token), ("If-Match", "\"stale\"")],
                                        body: #"{"series":"B"}"#, contentType: "application/merge-patch+json")
        #expect(stale.status == 412)
        Self.expectLanguage(stale, language, "412")
        #expect(stale.json["title"] as? String == Self.stale[language])
    }

    @Test("429 in the language asked for", arguments: languages)
    func rateLimited(header: String?, language: String) throws {
        let fixture = try WriteFixture(rate: .init(perMinute: 1, burst: 1))
        #expect(try fixture.register("first@example.lu").status == 201)
        let limited = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations",
                                          headers: header.map { [("Accept-Language", $0)] } ?? [],
                                          body: #"{"name":"Zoé","email":"second@example.lu","consent":true}"#)
        #expect(limited.status == 429)
        Self.expectLanguage(limited, language, "429")
        let title = ["en": "Too Many Requests", "de": "Zu viele Anfragen", "fr": "Trop de requêtes"][language]
        #expect(limited.json["title"] as? String == title)
        #expect(limited.header("Retry-After") != nil)
    }

    /// The engine's own problems go through the same catalogue: routing (404, 405) and parse errors, whose
    /// `Accept-Language` is read from the field lines parsed before the error.
    @Test func engineProblemsAreLocalizedToo() throws {
        let fixture = try WriteFixture()
        let unknown = try fixture.request("GET", "/nowhere", headers: [("Accept-Language", "de")])
        #expect(unknown.status == 404)
        #expect(unknown.json["title"] as? String == "Nicht gefunden")
        #expect(unknown.json["detail"] as? String == "Keine Ressource unter /nowhere.")
        Self.expectLanguage(unknown, "de", "engine 404")

        let method = try fixture.request("PUT", "/events", headers: [("Accept-Language", "fr")], body: "{}")
        #expect(method.status == 405)
        #expect(method.json["title"] as? String == "Méthode non autorisée")
        #expect(method.json["detail"] as? String == "PUT n’est pas pris en charge sur /events.")
        #expect(method.header("Allow") != nil)

        let badLength = try fixture.request("GET", "/events", headers: [("Accept-Language", "fr"), ("Content-Length", "abc")])
        #expect(badLength.status == 400)
        #expect(badLength.json["title"] as? String == "Content-Length invalide")
        Self.expectLanguage(badLength, "fr", "parse error")

        let tooLarge = try fixture.request("POST", "/events", headers: [("Accept-Language", "de"),
                                                                         ("Content-Length", "999999999999")])
        #expect(tooLarge.status == 413)
        #expect(tooLarge.json["title"] as? String == "Anfragekörper zu groß")

        let english = try fixture.request("GET", "/nowhere")
        #expect(english.json["detail"] as? String == "No resource at /nowhere.")
        #expect(english.header("Content-Language") == "en")
    }

    /// Every problem a case enumerates renders in German and French: a text edited in English without its entry
    /// (which would silently fall back to English) fails here.
    @Test func everyEnumeratedProblemIsTranslated() {
        let catalogue = ProblemTexts()
        let parseErrors: [HTTPParseError] = [
            .invalidRequestLine, .invalidTarget, .unsupportedVersion, .unknownMethod, .requestLineTooLong,
            .invalidHeaderName, .invalidHeaderValue, .whitespaceBeforeColon, .obsoleteLineFolding,
            .headerSectionTooLarge, .tooManyHeaders, .missingHost, .multipleHosts, .invalidContentLength,
            .differingContentLengths, .contentLengthWithTransferEncoding, .transferEncodingNotChunked,
            .unknownTransferCoding, .invalidChunkSize, .invalidChunkFraming, .bodyTooLarge,
        ]
        let instant = Instant(secondsSince1970: 0)
        let conflicts: [Conflict] = [
            .duplicateId(.event, id: "e"), .duplicateId(.slot, id: "s"), .duplicateId(.partner, id: "p"),
            .duplicateId(.registration, id: "r"), .registrationNotRequired(eventId: "e"),
            .registrationNotOpenYet(eventId: "e", opensAt: instant), .registrationClosed(eventId: "e", closedAt: instant),
            .eventFull(eventId: "e"), .eventCancelled(eventId: "e"), .alreadyRegistered(registrationId: "r"),
            .alreadyCancelled(registrationId: "r"), .slotHasRegistrations(eventId: "e", slotId: "s", count: 2),
            .capacityBelowConfirmed(eventId: "e", confirmed: 3),
        ]
        var problems: [Problem] = parseErrors.map(\.problem) + conflicts.map { Problem(domain: .conflict($0)) }
        problems += [EntityKind.event, .slot, .partner, .registration].map { Problem(domain: .notFound($0, id: "x")) }
        problems.append(Problem(domain: .validation([ValidationIssue(path: "title", message: "must not be empty")])))
        let writeProblems: [WriteProblem] = [
            .preconditionFailed(path: "/events/e", .changed),
            .preconditionFailed(path: "/events/e", .languageVariant(language: "fr")),
            .preconditionFailed(path: "/events/e/programme", .otherResource(sentFor: "/events/e")),
            .rateLimited(retryAfterSeconds: 6), .malformedIdempotencyKey, .idempotencyKeyReused, .registrationErased,
            .alreadyRegistered, .wrongCancellationToken,
        ]
        problems += writeProblems.map(\.problem)
        problems += [QueryError.invalid(parameter: "limit", value: "0", expected: "an integer from \(1) to \(500)"),
                     QueryError.inconsistent(parameters: ["from", "to"],
                                             detail: "Query parameter from=\("2025-12-01") is after to=\("2025-11-01")."),
                     QueryError.unknown(parameter: "limit", known: []),
                     QueryError.unknown(parameter: "since", known: ["lang", "q"])].map(\.problem)
        problems += (400...505).map { Problem(status: HTTPStatus($0)) }.filter { !$0.title.key.hasPrefix("Status ") }
        for problem in problems {
            for language in ["de", "fr"] {
                #expect(problem.body({ catalogue.template($0, in: language) }) != nil,
                        "\(language) lacks a text of \(problem.title.english): \(problem.detail?.english ?? "")")
            }
        }
    }

    @Test func everyEntryKeepsItsPlaceholders() {
        let placeholders = { (text: String) -> [String] in
            text.matches(of: /\{\d+\}/).map { String($0.output) }.sorted()
        }
        for (english, german, french) in ProblemTexts.entries {
            #expect(placeholders(german) == placeholders(english), "de: \(english)")
            #expect(placeholders(french) == placeholders(english), "fr: \(english)")
        }
    }

    @Test func aProblemTextIsItsEnglishTemplateAndItsValues() {
        let path = "/events/x"
        let text: ProblemText = "No resource at \(path)."
        #expect(text.key == "No resource at {0}.")
        #expect(text.english == "No resource at /events/x.")
        #expect(text.rendered { $0 == "No resource at {0}." ? "Keine Ressource unter {0}." : nil }
            == "Keine Ressource unter /events/x.")
        let nested: ProblemText = "must be \(ProblemText(key: "a string"))"
        #expect(nested.rendered { ["must be {0}": "muss {0} sein"][$0] } == nil, "an untranslated part: no mixture")
        #expect(ProblemText.verbatim("x {0} y").rendered { _ in nil } == "x {0} y", "a value needs no translation")
        let (first, second) = (1, 2)
        let long: ProblemText = "a \(first) " + "b \(second)."
        #expect(long.key == "a {0} b {1}.")
        #expect(long.english == "a 1 b 2.")
    }
}
