import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes room for `maxConnections` under the process's open-file limit before serving, as Redis does for
/// `maxclients`: a shell's soft limit is often 1 024 while the default `maxConnections` is 10 000, and a server that
/// meets EMFILE at a tenth of its configured size surprises everyone. The soft limit is raised towards the hard one
/// (an unprivileged process may do that, never beyond); what cannot be reached is logged, not fatal — beyond it the
/// server pauses accepting at EMFILE rather than crashing.
enum OpenFileLimit {
    /// Descriptors besides connections: listeners, event loops, the journal, lock and snapshot files, Dispatch's
    /// own, standard streams — a few dozen, with room to spare.
    static let reserved = 64

    static func fit(connections: Int, log: Logger) {
        var limit = rlimit()
        guard getrlimit(openFiles, &limit) == 0 else { return }
        let needed = rlim_t(connections + reserved)
        guard limit.rlim_cur < needed else { return }
        let before = limit.rlim_cur
        let target = min(needed, limit.rlim_max)   // an unlimited hard limit is the largest value: no special case
        if target > before {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(openFiles, &raised) == 0 {
                limit.rlim_cur = target
                log.info("raised the open-file limit", metadata: ["from": "\(before)", "to": "\(target)"])
            }
        }
        if limit.rlim_cur < needed {
            log.warning("the open-file limit is below maxConnections", metadata: [
                "maxConnections": "\(connections)", "needed": "\(needed)",
                "limit": "\(limit.rlim_cur)", "hardLimit": "\(limit.rlim_max)",
                "effect": "accepting pauses when descriptors run out",
            ])
        }
    }

    /// RLIMIT_NOFILE in the type each platform's getrlimit takes.
    #if canImport(Glibc)
    private static var openFiles: __rlimit_resource_t { __rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)) }
    #else
    private static var openFiles: Int32 { RLIMIT_NOFILE }
    #endif
}
