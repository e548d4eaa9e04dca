import AgoraDomain
import AgoraDomainTesting
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import AgoraStore

/// Issue 16: journal lines are decoded in chunks bounded by bytes as well as by count, so the large event records
/// that open a journal are spread over every core; the records still come back in file order, exactly.
@Suite struct ParallelReplayTests {
    @Test func chunksCoverTheRangeInOrderWithinBothBounds() {
        var lines: [Range<Int>] = []
        var offset = 0
        for index in 0..<10_000 {
            // Mostly registration-sized lines, some event-sized ones, one larger than a chunk's bytes.
            let length = index == 77 ? JournalReader.decodeChunkBytes * 2 : (index % 50 == 0 ? 40_000 : 470)
            lines.append(offset..<(offset + length))
            offset += length + 1
        }
        for range in [0..<10_000, 13..<8_205, 77..<78, 500..<500] {
            let chunks = JournalReader.chunks(range, of: lines)
            #expect(chunks.first?.lowerBound ?? range.lowerBound == range.lowerBound)
            #expect(chunks.last?.upperBound ?? range.upperBound == range.upperBound)
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            for chunk in chunks {
                #expect(!chunk.isEmpty && chunk.count <= JournalReader.decodeChunk)
                let bytes = lines[chunk].reduce(0) { $0 + $1.count }
                #expect(chunk.count == 1 || bytes <= JournalReader.decodeChunkBytes)
            }
        }
        #expect(JournalReader.chunks(0..<10_000, of: lines).count > 10_000 / JournalReader.decodeChunk + 1,
                "the event-sized lines cut chunks by bytes")
    }

    @Test func aJournalOpenedByLargeEventRecordsReplaysExactly() throws {
        // 60 events of 8 slots with long descriptions (about 20 KiB a record): more than a chunk of event records.
        let text = String(repeating: "Une journée d'échanges – ", count: 100)
        var commands: [AgoraDomain.Command] = (0..<60).map { index in
            .createEvent(event: Fixture.event(
                id: "big-\(index)", registration: index % 2 == 0 ? Fixture.rules(capacity: 3, waitingList: WaitingList()) : Fixture.rules(),
                programme: (0..<8).map { slot in
                    var made = Fixture.slot("s\(slot)", "1\(slot):00", track: "t\(slot % 3)")
                    made.description = .fr(text + "\(index)")
                    return made
                }))
        }
        commands += Fixture.recoveryCommands(events: 20).filter {
            if case .register = $0 { return true } else { return false }
        }.enumerated().map { index, command in
            guard case .register(var request) = command else { return command }
            request.eventId = "big-\(index % 60)"
            request.slotId = index % 3 == 0 ? "s\(index % 8)" : nil
            return .register(request: request)
        }
        let dir = TemporaryDirectory()
        var expected = AgoraState()
        do {
            let store = try DurableStore<AgoraState>.open(directory: dir.data, options: StoreOptions(snapshotEverySeconds: 0)) {
                AgoraState()
            }
            // Submitted without waiting for each: group commit makes a batch of them, as concurrent clients would.
            let accepted = commands.filter { (try? expected.apply($0)) != nil }
            let done = DispatchGroup()
            let refused = Mutex(0)
            for command in accepted {
                done.enter()
                store.submit(command) { result in
                    if case .failure = result { refused.withLock { $0 += 1 } }
                    done.leave()
                }
            }
            done.wait()
            #expect(refused.withLock { $0 } == 0)
            let image = try dir.crashImage()
            try store.close()
            #expect(try image.read("journal.jsonl").count > JournalReader.decodeChunkBytes + 200_000)
            for pieceBytes in [100_000, 32 << 20] {
                let copy = try image.crashImage()
                let recovered = try DurableStore<AgoraState>.open(
                    directory: copy.data, options: StoreOptions(snapshotEverySeconds: 0, recoveryReadBytes: pieceBytes)) {
                    AgoraState()
                }
                #expect(recovered.state == expected)
                #expect(try recovered.state.snapshotJSON() == expected.snapshotJSON())
                try recovered.close()
            }
        }
    }
}
