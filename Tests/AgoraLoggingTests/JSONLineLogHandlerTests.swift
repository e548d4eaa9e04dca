import AgoraLogging
import Foundation
import Logging
import Testing

/// The handler and writer on a real file: the line shape operators parse, the level, and the writer's ordering.
@Suite("JSON line logging")
struct JSONLineLogHandlerTests {
    /// A writer on a fresh temporary file, and a way to read back what it wrote (flushed first).
    final class Capture {
        let path = NSTemporaryDirectory() + "agora-log-\(UUID().uuidString).jsonl"
        let writer: LogWriter
        private let fd: Int32

        init(level: Logger.Level) {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            writer = LogWriter(level: level, fd: fd)
        }

        deinit {
            close(fd)
            unlink(path)
        }

        var lines: [String] {
            writer.flush()
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init)
        }
    }

    @Test func oneLineWithTimeLevelMessageFieldsAndLabel() throws {
        let capture = Capture(level: .info)
        let log = capture.writer.logger(label: "agora.test")
        log.info("raised the open-file limit", metadata: ["to": "264", "from": "48"])
        let line = try #require(capture.lines.first)
        #expect(line.hasPrefix("{\"time\":\""))
        #expect(line.contains("Z\",\"level\":\"info\",\"msg\":\"raised the open-file limit\",\"from\":\"48\",\"to\":\"264\","),
                "fields in name order, strings as strings: \(line)")
        #expect(line.hasSuffix(",\"label\":\"agora.test\"}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "raised the open-file limit")
        let time = try #require(object["time"] as? String)
        #expect(time.count == "2026-11-23T17:00:00.123Z".count && time.hasSuffix("Z"), "\(time)")
    }

    @Test func messagesAndValuesAreEscaped() throws {
        let capture = Capture(level: .debug)
        let log = capture.writer.logger(label: "x")
        log.error("quote \" and\nnewline", metadata: ["list": ["a", "b\"c"], "nested": ["k": "v"]])
        let line = try #require(capture.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "quote \" and\nnewline")
        #expect(object["level"] as? String == "error")
        #expect(object["list"] as? [String] == ["a", "b\"c"])
        #expect((object["nested"] as? [String: String]) == ["k": "v"])
    }

    @Test func theWritersLevelIsTheDefaultAndALoggerMayOverrideIt() {
        let capture = Capture(level: .warning)
        let quiet = capture.writer.logger(label: "quiet")
        quiet.info("dropped")
        quiet.warning("kept")
        let chatty = capture.writer.logger(label: "chatty", level: .debug)
        chatty.debug("kept too")
        let lines = capture.lines
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"msg\":\"kept\"") == true)
        #expect(lines.last?.contains("\"level\":\"debug\"") == true)
    }

    @Test func handlerMetadataAndSubmittedBatchesKeepTheirOrder() {
        let capture = Capture(level: .info)
        var log = capture.writer.logger(label: "ordered")
        log[metadataKey: "requestId"] = "r-1"
        log.info("first")
        capture.writer.submit(Array("{\"msg\":\"batch\"}\n{\"msg\":\"batch\"}\n".utf8))
        log.info("last", metadata: ["requestId": "r-2"])
        let lines = capture.lines
        #expect(lines.count == 4)
        #expect(lines[0].contains("\"msg\":\"first\",\"requestId\":\"r-1\""))
        #expect(lines[1] == "{\"msg\":\"batch\"}")
        #expect(lines[3].contains("\"requestId\":\"r-2\""), "a record's own metadata wins over the logger's")
    }
}

@Suite("Timestamp cache")
struct TimestampCacheTests {
    @Test func digitsArePadded() {
        var out: [UInt8] = []
        TimestampCache.appendDigits(7, count: 3, to: &out)
        TimestampCache.appendDigits(2026, count: 4, to: &out)
        TimestampCache.appendDigits(0, count: 2, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "007202600")
    }

    @Test func fieldsMatchTheSystemCalendar() {
        var cache = TimestampCache()
        let began = cache.refresh()
        #expect(began, "the first refresh begins a second")
        var stamp: [UInt8] = []
        cache.appendTimestamp(to: &stamp)
        let text = String(decoding: stamp, as: UTF8.self)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = formatter.date(from: text)
        #expect(parsed != nil, "\(text)")
        if let parsed { #expect(abs(parsed.timeIntervalSinceNow) < 5) }
        let utc = cache.utc
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        if let parsed {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour], from: parsed)
            #expect(parts.year == utc.year && parts.month == utc.month && parts.day == utc.day && parts.hour == utc.hour)
            #expect(parts.weekday == utc.weekday + 1, "Calendar counts Sunday as 1")
        }
    }
}
