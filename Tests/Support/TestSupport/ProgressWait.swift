import Foundation

/// Waits until `count()` reaches `target`, polling every 20 ms (the condition itself, not a guess at a duration),
/// and gives up only when the count has not moved for `stallSeconds`: a long backlog delivered on a machine that the
/// parallel suite and other builds share may take minutes, and the test asserts that everything arrives, not how
/// fast. Returns the last count read.
public func waitWhileProgressing(to target: Int, stallSeconds: Double = 30, _ count: () -> Int) async throws -> Int {
    var last = count()
    var lastMoved = Date()
    while last < target {
        try await Task.sleep(for: .milliseconds(20))
        let now = count()
        if now != last {
            last = now
            lastMoved = Date()
        } else if Date().timeIntervalSince(lastMoved) > stallSeconds {
            break
        }
    }
    return last
}
