import Synchronization

/// A flag that lets one caller through (drain callbacks may fire from several paths).
final class Once: Sendable {
    private let done = Atomic<Bool>(false)
    func first() -> Bool { !done.exchange(true, ordering: .acquiringAndReleasing) }
}
