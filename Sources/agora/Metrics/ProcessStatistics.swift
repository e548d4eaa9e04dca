import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's resident memory, CPU time and open descriptors, read from /proc at scrape time (Linux; zeros
/// elsewhere), as Prometheus's own client libraries report them (`process_*`).
struct ProcessStatistics: Sendable {
    var residentBytes: Double = 0
    var cpuSeconds: Double = 0
    var openDescriptors: Double = 0
    var maxDescriptors: Double = 0

    static func current() -> ProcessStatistics {
        var statistics = ProcessStatistics()
        // /proc/self/stat: "pid (comm) state ppid …"; comm may hold spaces, so fields are counted after the last ')'.
        // After it, field 14 (utime) and 15 (stime) are in clock ticks, 24 (rss) in pages (proc(5)).
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // fields[0] is field 3 (state).
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            if fields.count > 21, let user = Double(fields[11]), let system = Double(fields[12]),
               let pages = Double(fields[21]), ticks > 0 {
                statistics.cpuSeconds = (user + system) / ticks
                statistics.residentBytes = pages * Double(sysconf(Int32(_SC_PAGESIZE)))
            }
        }
        statistics.openDescriptors = Double(((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 1) - 1)
        var limit = rlimit()
        if getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 { statistics.maxDescriptors = Double(limit.rlim_cur) }
        return statistics
    }
}

#if canImport(Glibc)
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue))
#else
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif
