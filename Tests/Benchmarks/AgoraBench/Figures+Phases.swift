// Per-phase figures for the recovery benchmark (issue 16): the peak RSS of one phase alone (the kernel's high-water
// mark is reset before it), and the CPU seconds the phase took on all threads, which a loaded machine inflates far
// less than the wall time (a phase that waits for CPU shows it as wall time, not as CPU time).
import CSystem
import Glibc

extension Figures {
    /// Resets VmHWM to the current RSS (`/proc/self/clear_refs`, value 5), so the next reading is this phase's peak.
    static func resetPeak() {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = write(descriptor, "5", 1)
        close(descriptor)
    }

    /// User + system CPU seconds of the process so far, on all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// `body`'s wall seconds, CPU seconds and peak RSS (its own, from a reset high-water mark). The heap the
    /// previous phase freed is handed back to the kernel first, as a restarted process starts with none: otherwise
    /// glibc keeps it resident (freed buffers of a few MiB raise its mmap threshold and stay in the heap) and the
    /// phase's peak would be the previous phase's.
    static func phase<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double, cpu: Double, peak: String) {
        _ = csystem_malloc_trim()
        resetPeak()
        let clock = ContinuousClock()
        let (start, cpuStart) = (clock.now, cpuSeconds())
        let value = try body()
        return (value, seconds(clock.now - start), cpuSeconds() - cpuStart, memoryStatus("VmHWM"))
    }
}
