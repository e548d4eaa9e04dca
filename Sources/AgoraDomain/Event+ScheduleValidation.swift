extension Event {
    /// The problems of `tracks` and `rooms` and of the references to them (a slot's `track` and `room`, a track's
    /// `room`): every reference names a declared one, so an export never meets a room it cannot name.
    func validateTracksAndRooms() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var roomIds: Set<String> = []
        for (index, room) in rooms.enumerated() {
            let path = "rooms[\(index)]"
            // Not necessarily a slug: a track or room of older data is named by the free string its slots gave.
            if room.id.allSatisfy(\.isWhitespace) {
                issues.append(.init(path: "\(path).id", message: "must not be empty"))
            } else if !roomIds.insert(room.id).inserted {
                issues.append(.init(path: "\(path).id", message: "duplicate room id \"\(room.id)\""))
            }
            issues += Check.text(room.name, "\(path).name", required: true)
            issues += Check.text(room.accessibility, "\(path).accessibility")
            if let capacity = room.capacity, capacity < 0 {
                issues.append(.init(path: "\(path).capacity", message: "must not be negative"))
            }
        }
        var trackIds: Set<String> = []
        for (index, track) in tracks.enumerated() {
            let path = "tracks[\(index)]"
            // Not necessarily a slug: a track or room of older data is named by the free string its slots gave.
            if track.id.allSatisfy(\.isWhitespace) {
                issues.append(.init(path: "\(path).id", message: "must not be empty"))
            } else if !trackIds.insert(track.id).inserted {
                issues.append(.init(path: "\(path).id", message: "duplicate track id \"\(track.id)\""))
            }
            issues += Check.text(track.name, "\(path).name", required: true)
            if let room = track.room, !roomIds.contains(room) {
                issues.append(.init(path: "\(path).room", message: "unknown room \"\(room)\" (declare it in rooms)"))
            }
        }
        for (index, slot) in programme.enumerated() {
            if let track = slot.track, !track.allSatisfy(\.isWhitespace), !trackIds.contains(track) {
                issues.append(.init(path: "programme[\(index)].track",
                                    message: "unknown track \"\(track)\" (declare it in the event's tracks)"))
            }
            if let room = slot.room, !roomIds.contains(room) {
                issues.append(.init(path: "programme[\(index)].room", message: "unknown room \"\(room)\" (declare it in rooms)"))
            }
        }
        return issues
    }
}
