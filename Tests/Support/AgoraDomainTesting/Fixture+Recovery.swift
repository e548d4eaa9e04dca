// A state holding every shape recovery must carry back (issue 16: the streamed and parallel readers against the
// whole-file ones): enough events that they are decoded in parallel chunks, slots, a waiting list and its promotion,
// claims with retry keys and request digests, cancellations, erasures, a deleted event's tombstones, partners, and
// ids and names that need escaping.
public import AgoraDomain

extension Fixture {
    /// The commands that build `recoveryState(events:)`, in order, as the API would have journaled them.
    public static func recoveryCommands(events: Int = 80) -> [Command] {
        var commands: [Command] = [
            .createPartner(partner: Partner(id: "arcus", name: "Arcus asbl – «Inter/Actions»", kind: .association,
                                            description: .fr("Une \"association\" \\ ß 😀"))),
        ]
        for index in 0..<events {
            let policy: RegistrationPolicy = index % 3 == 0
                ? rules(capacity: 2, waitingList: WaitingList(capacity: index % 2 == 0 ? nil : 3)) : rules()
            commands.append(.createEvent(event: event(
                id: "event-\(index)", registration: policy,
                programme: [slot("wg1", "10:00", "11:00", track: "t\(index % 4)"), slot("wg2", "11:00", "12:00")],
                partnerIds: index % 5 == 0 ? ["arcus"] : [])))
        }
        // Erasures and the deletion (which make the store snapshot at once) come in the middle, so a store that
        // journaled these holds the first half in its snapshot and the second half in its journal.
        let total = events * 6
        commands += registrations(0..<(total / 2), events: events)
        let later = Instant(secondsSince1970: 1_900_100_000)
        for index in 0..<(total / 2) where index % 7 == 3 {
            commands.append(.cancelRegistration(registrationId: registrationId(index), at: later))
        }
        for index in 0..<(total / 2) where index % 13 == 5 {
            commands.append(.eraseRegistration(registrationId: registrationId(index), at: later))
        }
        commands.append(.deleteEvent(eventId: "event-1"))
        commands += registrations((total / 2)..<total, events: events)
        for index in (total / 2)..<total where index % 7 == 3 {
            commands.append(.cancelRegistration(registrationId: registrationId(index), at: later))
        }
        return commands
    }

    private static func registrationId(_ index: Int) -> String {
        index % 97 == 0 ? "escaped-\"\(index)\\/" : "registration-\(index)"
    }

    private static func registrations(_ indexes: Range<Int>, events: Int) -> [Command] {
        indexes.map { index in
            var made = Fixture.request(registrationId(index), event: "event-\(index % events)", email: "p\(index)@example.lu",
                                  slot: index % 4 == 0 ? "wg1" : nil,
                                  at: Instant(secondsSince1970: 1_900_000_000 + Int64(index)))
            if index % 2 == 0 {
                made.claim = RegistrationClaim(cancellationTokenSHA256: String(repeating: "0f", count: 32),
                                                  retryKey: index % 4 == 0 ? "retry-\(index)" : nil,
                                                  requestSHA256: String(repeating: "9e", count: 32))
            }
            if index % 11 == 0 { made.name = "Zoë \"Ünïcödé\" 😀 \\ /" }
            return .register(request: made)
        }
    }

    /// The state `recoveryCommands(events:)` build (commands a state refuses, such as a registration beyond a
    /// full waiting list, are left out as the store would refuse them).
    public static func recoveryState(events: Int = 80) -> AgoraState {
        var state = AgoraState()
        for command in recoveryCommands(events: events) { _ = try? state.apply(command) }
        return state
    }
}
