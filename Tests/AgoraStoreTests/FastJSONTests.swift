import AgoraDomainTesting
import AgoraDomain
@testable import AgoraStore
import FoundationEssentials
import Testing

/// The store's hand-written JSON of registrations and their commands against Codable, both ways.
@Suite struct FastJSONTests {
    /// Accents, emoji (outside the BMP), quotes, backslashes, every kind of control character, the
    /// line/paragraph separators, slashes, and text that looks like JSON structure.
    static let hostileStrings = [
        "Müller-Loës ß Œuvre é", "😀 👩🏽‍⚕️ 🇱🇺", #"quote " and backslash \ and both \""#,
        "line\nfeed\rreturn\ttab\u{8}backspace\u{C}formfeed", "nul\u{0}unit\u{1F}separator\u{7F}delete",
        "\u{2028}\u{2029}", "a/b</script>", #"{"register":{"request":null}},"#, "", " ", #"\u0041"#,
    ]

    static let requestedAt = Instant(rfc3339: "2030-06-01T10:00:00Z") ?? Instant(secondsSince1970: 0)

    static func request(_ text: String, optionals: Bool) -> RegistrationRequest {
        RegistrationRequest(id: "id-\(text)", eventId: "event-\(text)", slotId: optionals ? "slot-\(text)" : nil,
                            name: text, email: "\(text)@example.lu", organisation: optionals ? text : nil,
                            language: optionals ? "fr" : nil, requestedAt: requestedAt)
    }

    static var commands: [Command] {
        hostileStrings.flatMap { text -> [Command] in
            [.register(request: request(text, optionals: true)), .register(request: request(text, optionals: false)),
             .cancelRegistration(registrationId: text, at: requestedAt),
             .eraseRegistration(registrationId: text, at: Instant(secondsSince1970: -1))]
        }
    }

    @Test func fastCommandJSONDecodesWithCodable() throws {
        for command in Self.commands {
            let bytes = try #require(command.fastJSON, "\(command)")
            #expect(try JSONDecoder().decode(Command.self, from: Data(bytes)) == command)
            #expect(Command(fastJSON: bytes, range: 0..<bytes.count) == command)
        }
    }

    @Test func codableCommandJSONDecodesWithTheFastReader() throws {
        for command in Self.commands {
            let bytes = Array(try JSONEncoder().encode(command))
            #expect(Command(fastJSON: bytes, range: 0..<bytes.count) == command, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func escapesAndSurrogatePairsAreDecoded() throws {
        let text = #"{"cancelRegistration":{"registrationId":"\u00e9\ud83d\ude00\/\"\\\n\u0000","at":"2030-06-01T12:00:00+02:00"}}"#
        let bytes = Array(text.utf8)
        let expected = Command.cancelRegistration(registrationId: "é😀/\"\\\n\u{0}", at: Self.requestedAt)
        #expect(try JSONDecoder().decode(Command.self, from: Data(bytes)) == expected)
        #expect(Command(fastJSON: bytes, range: 0..<bytes.count) == expected)
    }

    /// Whatever the fast reader does not fully understand is left to Codable (nil), never misread.
    @Test func unfamiliarInputIsLeftToCodable() {
        let refused = [
            #"{"cancelRegistration":{"registrationId":"\ud83d","at":"2030-06-01T10:00:00Z"}}"#,  // lone surrogate
            #"{"cancelRegistration":{"registrationId":"a","at":"2030-06-01T10:00:00Z","extra":1}}"#,
            #"{"cancelRegistration":{"registrationId":"a","at":"2030-06-01T10:00:00.5Z"}}"#,
            #"{"cancelRegistration":{"registrationId":"a\u0001b","at":"2030-06-01T10:00:00Z"}}"# + "x",
            #"{"deleteEvent":{"eventId":"e"}}"#,
            "{\"cancelRegistration\":{\"registrationId\":\"tab\there\",\"at\":\"2030-06-01T10:00:00Z\"}}",
            "{\"cancelRegistration\":{\"registrationId\":\"\u{FF}\",\"at\":\"2030-06-01T10:00:00Z\"}}",
            #"{"register":{"request":{"id":"a","eventId":"e","name":"n","email":"m","requestedAt":"2030-06-01T10:00:00Z"}},"deleteEvent":{}}"#,
        ]
        for text in refused {
            var bytes = Array(text.utf8)
            if text.contains("\u{FF}") { bytes = bytes.map { $0 == 0xC3 ? 0xFF : $0 }.filter { $0 != 0xBF } }
            #expect(Command(fastJSON: bytes, range: 0..<bytes.count) == nil, "\(text)")
        }
        #expect(Command.deleteEvent(eventId: "e").fastJSON == nil)
    }

    @Test func snapshotJSONRoundTripsBothWays() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules(capacity: 3, waitingList: WaitingList())))
        for index in 0..<6 { _ = try state.run(.register(request: Fixture.request("r\(index)"))) }
        _ = try state.run(.cancelRegistration(registrationId: "r0", at: Fixture.at("08:00", day: 2)))
        _ = try state.run(.eraseRegistration(registrationId: "r1", at: Fixture.at("08:00", day: 3)))

        let fast = try state.snapshotJSON()
        #expect(try JSONDecoder().decode(AgoraState.self, from: Data(fast)) == state)
        let fastRead = try AgoraState(snapshotJSON: fast, range: 0..<fast.count)
        #expect(fastRead == state)
        #expect(fastRead.waitingList(eventId: "sample-2030") == state.waitingList(eventId: "sample-2030"))
        #expect(fastRead.confirmedCount(eventId: "sample-2030") == state.confirmedCount(eventId: "sample-2030"))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let codable = Array(try encoder.encode(state))
        #expect(try AgoraState(snapshotJSON: codable, range: 0..<codable.count) == state)
        // Same document: the texts differ at most in escaped slashes (events still go through JSONEncoder).
        #expect(String(decoding: codable, as: UTF8.self).replacing(#"\/"#, with: "/")
            == String(decoding: fast, as: UTF8.self).replacing(#"\/"#, with: "/"))
    }

    @Test func registrationsWithHostileTextSurviveTheSnapshot() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules()))
        for (index, text) in Self.hostileStrings.enumerated() {
            var request = Fixture.request("r\(index)", email: "p\(index)@example.lu")
            request.name = text.isEmpty ? "x" : text
            request.organisation = text
            _ = try? state.run(.register(request: request))
        }
        #expect(state.registrations.count > Self.hostileStrings.count / 2)
        let fast = try state.snapshotJSON()
        #expect(try AgoraState(snapshotJSON: fast, range: 0..<fast.count) == state)
        #expect(try JSONDecoder().decode(AgoraState.self, from: Data(fast)) == state)
    }

    @Test func snapshotThatIsNotJSONIsAnError() {
        let bytes = Array(#"{"events":{},"partners":{},"registrationSequence":1,"registrations":{"a":{"#.utf8)
        #expect(throws: (any Error).self) { try AgoraState(snapshotJSON: bytes, range: 0..<bytes.count) }
    }

    /// More registrations than one decoding chunk (16 384), so several chunks run in parallel; and one
    /// member the hand-written reader refuses (an unknown key) sends the whole text to Codable.
    @Test func largeSnapshotDecodesInChunksAndFallsBackWhole() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules()))
        for index in 0..<33_000 { _ = try state.run(.register(request: Fixture.request("r\(index)"))) }
        let fast = try state.snapshotJSON()
        let decoded = try AgoraState(snapshotJSON: fast, range: 0..<fast.count)
        #expect(decoded == state)
        #expect(decoded.registrations(ofEvent: "sample-2030").map(\.id) == state.registrations(ofEvent: "sample-2030").map(\.id))

        let marker = Array(#""id":"r32999","#.utf8)
        let text = String(decoding: fast, as: UTF8.self)
        let altered = Array(text.replacing(String(decoding: marker, as: UTF8.self), with: #""futureField":[1,{"a":"\"}"}],"id":"r32999","#).utf8)
        #expect(altered.count > fast.count)
        #expect(try AgoraState(snapshotJSON: altered, range: 0..<altered.count) == state)
    }
}
