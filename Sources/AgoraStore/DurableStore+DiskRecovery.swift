// A full disk recovers by itself, as the `Retry-After` of a refused write promises (issue 13 item 1): while the
// store is unwritable after a refused write, a probe runs every `diskProbeSeconds` (and before a write that arrives
// once that long passed), and the first one that succeeds writes a fresh snapshot and journal and turns the store
// writable again. The journal descriptor that failed is never written or synced again.
import Dispatch
import FoundationEssentials

extension DurableStore {
    /// What the store reports besides its state: writable or not, its transitions, its snapshot figures.
    public var status: StoreStatus { published.withLock { $0.status } }

    /// On `queue`: one probe, if the store waits for the disk; publishes the outcome.
    func probeDisk() {
        guard writer.repairFailure != nil else { return }
        if !writer.probeAndRepair() { scheduleProbe() }
        publishWritability()
    }

    /// Schedules the next probe (one at a time). With `diskProbeSeconds` 0 only a write triggers one.
    func scheduleProbe() {
        let seconds = writer.options.diskProbeSeconds
        guard seconds > 0, !writer.probeScheduled, !writer.released else { return }
        writer.probeScheduled = true
        let delay = DispatchTimeInterval.milliseconds(Int(min(seconds, 86_400) * 1_000))
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            self.writer.probeScheduled = false
            self.probeDisk()
        }
    }

    /// A write arrived while unwritable: probe first when the last probe is long enough ago.
    func probeBeforeRefusing() {
        guard writer.repairFailure != nil, writer.now() >= writer.nextProbeAt else { return }
        _ = writer.probeAndRepair()
        publishWritability()
    }
}
