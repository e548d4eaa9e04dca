@testable import AgoraDomain
import AgoraDomainTesting
import FoundationEssentials
import Testing
import TestSupport

/// The compact registration storage: its hash index, its indexes kept in step through every command,
/// and the fast paths of the checks replay runs a million times.
@Suite struct RegistrationTableTests {
    @Test func rowIndexAgreesWithADictionaryThroughInsertsAndRemovals() {
        var random = SplitMix64(seed: 42)
        var index = RowIndex()
        var model: [Int32: Int] = [:]  // row → hash
        // Few distinct hashes force long probe runs and collisions, where backward-shift deletion can go wrong.
        for step in 0..<20_000 {
            let row = Int32.random(in: 0..<2_000, using: &random)
            let hash = Int.random(in: 0..<64, using: &random) << 40 | Int(row % 7)
            if let stored = model[row] {
                let removed = index.remove(row: row, hash: stored)
                #expect(removed, "step \(step)")
                model[row] = nil
            } else {
                index.insert(row: row, hash: hash)
                model[row] = hash
            }
            if step % 97 == 0 {
                for (row, hash) in model {
                    #expect(index.find(hash: hash) { $0 == row } == row, "row \(row) lost at step \(step)")
                }
                #expect(index.count == model.count)
            }
        }
        let removedAbsent = index.remove(row: 5_000, hash: 1)
        #expect(removedAbsent == false)
    }

    private func state(capacity: Int? = nil, waitingList: WaitingList? = nil) throws -> AgoraState {
        try Fixture.state(with: Fixture.event(registration: Fixture.rules(capacity: capacity, waitingList: waitingList),
                                              programme: [Fixture.slot("wg1", "10:00", "11:00")]))
    }

    @Test func addressesCompareCaseInsensitivelyPerSlotIncludingNonASCII() throws {
        var state = try state()
        try state.run(.register(request: Fixture.request("r1", email: "Ana.Müller@Example.LU")))
        let again = domainError { try state.run(.register(request: Fixture.request("r2", email: "ana.müller@example.lu"))) }
        #expect(again == .conflict(.alreadyRegistered(registrationId: "r1")))
        let accented = domainError { try state.run(.register(request: Fixture.request("r3", email: "ANA.MÜLLER@EXAMPLE.LU"))) }
        #expect(accented == .conflict(.alreadyRegistered(registrationId: "r1")))
        // The same address may register for a slot, and again once its first registration is cancelled.
        try state.run(.register(request: Fixture.request("r4", email: "ana.müller@example.lu", slot: "wg1")))
        try state.run(.cancelRegistration(registrationId: "r1", at: Fixture.at("08:00", day: 2)))
        try state.run(.register(request: Fixture.request("r5", email: "ana.müller@example.lu")))
        #expect(state.registrations.count == 3)
    }

    /// Keys compare as Swift strings do: canonically equivalent spellings are one address, one id.
    @Test func canonicallyEquivalentSpellingsAreOneAddressAndOneId() throws {
        var state = try state()
        try state.run(.register(request: Fixture.request("r1", email: "ana.m\u{FC}ller@example.lu")))
        let decomposed = domainError { try state.run(.register(request: Fixture.request("r2", email: "ana.mu\u{308}ller@example.lu"))) }
        #expect(decomposed == .conflict(.alreadyRegistered(registrationId: "r1")))
        try state.run(.register(request: Fixture.request("r3", email: "a;b@example.lu")))
        let greek = domainError { try state.run(.register(request: Fixture.request("r4", email: "a\u{37E}b@example.lu"))) }
        #expect(greek == .conflict(.alreadyRegistered(registrationId: "r3")), "U+037E is canonically \";\"")

        try state.run(.register(request: Fixture.request("caf\u{E9}", email: "cafe@example.lu")))
        let sameId = domainError { try state.run(.register(request: Fixture.request("cafe\u{301}", email: "other@example.lu"))) }
        #expect(sameId == .conflict(.duplicateId(.registration, id: "cafe\u{301}")))
        #expect(state.registrations["cafe\u{301}"]?.personalData?.email == "cafe@example.lu")
        try state.run(.cancelRegistration(registrationId: "cafe\u{301}", at: Fixture.at("08:00", day: 2)))
        #expect(state.registrations["caf\u{E9}"]?.status == .cancelled)
    }

    @Test func deletingAnEventForgetsItsRegistrationsAndTheirBytes() throws {
        var state = try state()
        try state.run(.register(request: Fixture.request("r1", email: "gone@example.lu")))
        try state.run(.deleteEvent(eventId: "sample-2030"))
        #expect(state.registrations.isEmpty)
        #expect(state.registrations["r1"] == nil)
        #expect(Array(state.registrations).isEmpty)
        #expect(!state.registrations.text.allBytes.contains(UInt8(ascii: "@")), "the deleted row's text is zeroed")
        // The id and the address are free again for a new event of the same id.
        _ = try state.apply(.createEvent(event: Fixture.event(registration: Fixture.rules())))
        try state.run(.register(request: Fixture.request("r1", email: "gone@example.lu")))
        #expect(state.registrations["r1"]?.status == .confirmed)
        // That a snapshot of this state leaves the tombstone out: RegistrationTableSnapshotTests (AgoraStoreTests).
    }

    @Test func erasureZeroesThePersonalBytesInMemory() throws {
        var state = try state()
        var request = Fixture.request("r1", email: "secret@example.lu")
        let token = String(repeating: "ab", count: 32)
        request.claim = RegistrationClaim(cancellationTokenSHA256: token, retryKey: "phone-20300601-marie-schmit",
                                          requestSHA256: String(repeating: "cd", count: 32))
        try state.run(.register(request: request))
        try state.run(.eraseRegistration(registrationId: "r1", at: Fixture.at("08:00", day: 2)))
        let bytes = state.registrations.text.allBytes
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        #expect(!text.contains("secret") && !text.contains("Person r1"))
        #expect(!text.contains("marie-schmit"), "the retry key (the client's choice) is zeroed")
        #expect(!contains(bytes, [0xCD, 0xCD, 0xCD, 0xCD]), "the request digest (packed) is zeroed")
        #expect(contains(bytes, [0xAB, 0xAB, 0xAB, 0xAB]), "the token digest stays: the person may still cancel")
        #expect(state.registrations["r1"]?.isErased == true)
        #expect(state.registrations["r1"]?.claim == RegistrationClaim(cancellationTokenSHA256: token))
    }

    @Test func anErasedRowLoadedFromAnOlderSnapshotLosesWhatTheClientChose() throws {
        let token = String(repeating: "ab", count: 32)
        let erased = Registration(id: "r1", eventId: "e", slotId: nil, personalData: nil, language: "fr",
                                  status: .confirmed, createdAt: Fixture.at("08:00"), erasedAt: Fixture.at("09:00"),
                                  sequence: 1, claim: RegistrationClaim(cancellationTokenSHA256: token,
                                                                       retryKey: "phone-20300601-marie-schmit"))
        let kept = Registration(id: "r2", eventId: "e", slotId: nil, personalData: PersonalData(name: "A", email: "a@b.lu"),
                                language: "de", status: .confirmed, createdAt: Fixture.at("08:00"), sequence: 2,
                                claim: RegistrationClaim(cancellationTokenSHA256: token, retryKey: "k2"))
        let table = try #require(RegistrationTable(loading: [erased, kept], count: 2))
        #expect(table["r1"]?.claim == RegistrationClaim(cancellationTokenSHA256: token))
        #expect(table["r1"]?.language == nil)
        #expect(table["r2"] == kept, "a registration not erased keeps everything")
        #expect(!String(decoding: table.text.allBytes, as: UTF8.self).contains("marie-schmit"))
    }

    private func contains(_ bytes: [UInt8], _ run: [UInt8]) -> Bool {
        bytes.indices.contains { start in bytes[start...].starts(with: run) }
    }

    @Test func asciiFastPathsAgreeWithTheCharacterRules() {
        var random = SplitMix64(seed: 7)
        let alphabet: [Character] = ["a", "Z", "0", "@", ".", "[", "]", " ", "\t", "\r", "\n", "-", "_", "+"]
        for _ in 0..<50_000 {
            let length = Int.random(in: 0..<12, using: &random)
            let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
            #expect(Check.isASCIIEmailAddress(text) == Check.isEmailAddressByCharacters(text), "\(text.debugDescription)")
            #expect(Check.containsWhitespace(text) == text.contains(where: \.isWhitespace), "\(text.debugDescription)")
            #expect(Check.isBlank(text) == text.allSatisfy(\.isWhitespace), "\(text.debugDescription)")
        }
        let tagAlphabet: [Character] = ["a", "Z", "q", "0", "9", "-", "é", " ", "@", "\u{301}"]
        for _ in 0..<50_000 {
            let length = Int.random(in: 0..<11, using: &random)
            let tag = String((0..<length).map { _ in tagAlphabet[Int.random(in: 0..<tagAlphabet.count, using: &random)] })
            #expect(LanguageTag.isValid(tag) == LanguageTag.isValidByCharacters(tag), "\(tag.debugDescription)")
        }
        #expect(LanguageTag.isValid("de-LU") && LanguageTag.isValid("lb") && !LanguageTag.isValid("d") && !LanguageTag.isValid("de-"))
        #expect(Check.isASCIIEmailAddress(String(repeating: "a", count: 250) + "@b.lu") == false)
        #expect(Check.isASCIIEmailAddress("änä@example.lu") == nil)
        #expect(Check.hasMoreCharacters(String(repeating: "é", count: 150), than: 200) == false)
        #expect(Check.hasMoreCharacters(String(repeating: "é", count: 201), than: 200))
    }
}
