/// The c3voc schema's `time_zone_name` pattern, `^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$` (searched, not anchored at both
/// ends): `Europe/Luxembourg` fits, `Etc/GMT+1` does not. A zone that does not fit is left out (the member is
/// optional; every time in the schedule carries its offset anyway).
enum ScheduleZone {
    static func fitsPattern(_ zone: String) -> Bool {
        if zone.hasSuffix("UTC") { return true }
        let bytes = Array(zone.utf8)
        var index = 0
        func word() -> Bool {
            guard index < bytes.count, (0x41...0x5A).contains(bytes[index]) else { return false }
            index += 1
            let start = index
            while index < bytes.count, (0x61...0x7A).contains(bytes[index]) { index += 1 }
            return index > start
        }
        guard word(), index < bytes.count, bytes[index] == UInt8(ascii: "/") else { return false }
        index += 1
        return word()
    }
}
