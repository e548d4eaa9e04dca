extension RegistrationTable {
    /// How many registrations are in each status (those of deleted events count for nothing), by one pass over
    /// the rows' status bytes — no registration value is built, so a million rows cost about a millisecond.
    /// For monitoring (`agora_registrations{status}`).
    public func countsByStatus() -> [RegistrationStatus: Int] {
        var counts = [0, 0, 0]
        for index in rows.indices where !rows[index].flags.contains(.deleted) {
            switch rows[index].status {
            case .confirmed: counts[0] += 1
            case .waitlisted: counts[1] += 1
            case .cancelled: counts[2] += 1
            }
        }
        return [.confirmed: counts[0], .waitlisted: counts[1], .cancelled: counts[2]]
    }
}
