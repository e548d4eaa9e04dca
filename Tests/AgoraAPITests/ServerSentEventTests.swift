import Testing
@testable import AgoraAPI

/// The event-stream framing (WHATWG HTML §9.2.5, §9.2.6): what a client's parser makes of the bytes, so a value can
/// never add a field, end a message early or move the last event id.
@Suite struct ServerSentEventTests {
    /// A minimal client parser per §9.2.6: lines end at CRLF, LF or CR; one leading space of a value is dropped;
    /// `data` lines are joined with LF; a blank line dispatches. Returns the dispatched (id, data) pairs.
    static func parse(_ bytes: [UInt8]) -> [(id: String?, data: String)] {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines: [String] = []
        var current = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", previousCR { previousCR = false; continue }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" { lines.append(current); current = "" } else { current.unicodeScalars.append(scalar) }
        }
        var events: [(id: String?, data: String)] = []
        var data: [String] = []
        var id: String?
        var lastID: String?
        for line in lines {
            if line.isEmpty {
                if !data.isEmpty { events.append((id: lastID, data: data.joined(separator: "\n"))) }
                data = []
                continue
            }
            if line.hasPrefix(":") { continue }
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            var value = colon < line.endIndex ? String(line[line.index(after: colon)...]) : ""
            if value.hasPrefix(" ") { value.removeFirst() }
            switch line[..<colon] {
            case "data": data.append(value)
            case "id" where !value.contains("\u{0}"): id = value; lastID = id
            default: break
            }
        }
        return events
    }

    @Test func multiLineDataArrivesWholeWithItsLineBreaksAsLF() {
        let message = ServerSentEvent(id: "7", data: "first\nsecond\r\nthird\rfourth").bytes
        #expect(String(decoding: message, as: UTF8.self)
                == "data: first\ndata: second\ndata: third\ndata: fourth\nid: 7\n\n")
        let parsed = Self.parse(message)
        #expect(parsed.count == 1)
        #expect(parsed.first?.data == "first\nsecond\nthird\nfourth")
        #expect(parsed.first?.id == "7")
    }

    @Test func carriageReturnsCannotInjectFieldsOrMessages() {
        // A value that tries to end the message and start another with its own id.
        let hostile = "harmless\r\rid: 999\r\rdata: forged"
        let parsed = Self.parse(ServerSentEvent(id: "1\rid: 666\n", event: "x\r\ndata: evil", data: hostile).bytes)
        #expect(parsed.count == 1, "one message, whatever the data holds")
        #expect(parsed.first?.id == "1id: 666", "the id loses its line breaks and stays one field")
        #expect(parsed.first?.data == "harmless\n\nid: 999\n\ndata: forged", "data lines only: nothing dispatched early")
        let bytes = ServerSentEvent(id: "1", event: "a\rb", data: "d").bytes
        #expect(!bytes.contains(0x0D))
    }

    @Test func anIDWithNULIsNotSentAsOneAClientWouldIgnore() {
        let bytes = ServerSentEvent(id: "4\u{0}2", data: "x").bytes
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("id: 42\n\n"))
    }

    @Test func commentsAndRetryAreTheirOwnLines() {
        #expect(String(decoding: ServerSentEvent.comment("keep-alive"), as: UTF8.self) == ": keep-alive\n\n")
        #expect(String(decoding: ServerSentEvent.comment("a\r\n\ndata: x"), as: UTF8.self) == ": adata: x\n\n")
        #expect(String(decoding: ServerSentEvent(retry: 3000).bytes, as: UTF8.self) == "retry: 3000\n\n")
        #expect(Self.parse(ServerSentEvent.comment("x")).isEmpty)
    }

    @Test func emptyAndLeadingSpaceDataSurvive() {
        #expect(Self.parse(ServerSentEvent(data: " spaced").bytes).first?.data == " spaced")
        #expect(Self.parse(ServerSentEvent(data: "a\n\nb").bytes).first?.data == "a\n\nb")
    }
}
