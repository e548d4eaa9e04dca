import AgoraDomain
import Cryptography
import FoundationEssentials

/// The schedule's `version`: the first 12 hex digits of a digest of the whole event as the domain encodes it (keys
/// sorted, so the same event always gives the same bytes). Any change to the event — a slot moved, a speaker
/// added, a title corrected — gives another version, which is what schedule apps compare to tell the user "the
/// programme changed"; the same event gives the same version in every language and on every instance.
/// SHA-1 is enough: this detects changes, it protects nothing.
enum ScheduleVersion {
    static func of(_ event: Event) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // An event that came through validation always encodes; the id alone keeps a version if it ever did not.
        let bytes = (try? encoder.encode(event)).map { Array($0) } ?? Array(event.id.utf8)
        return String(SHA1.hex(bytes).prefix(12))
    }
}
