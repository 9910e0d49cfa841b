/// A binary min-heap of scheduled actions ordered by (due, sequence): the tie-break on `sequence` runs equal
/// instants in scheduling order, every run. Hand-written because SimKernel depends on nothing (DESIGN).
struct TimerHeap {
    struct Entry {
        let due: Instant
        let sequence: UInt64
        let action: () -> Void

        @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            due != other.due ? due < other.due : sequence < other.sequence
        }
    }

    private var storage: [Entry] = []

    var count: Int { storage.count }
    var peek: Entry? { storage.first }

    /// All entries in firing order (copying; for diagnostics only).
    var sortedEntries: [Entry] { storage.sorted { $0.precedes($1) } }

    mutating func push(_ entry: Entry) {
        storage.append(entry)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child].precedes(storage[parent]) else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let top = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < storage.count, storage[left].precedes(storage[smallest]) { smallest = left }
            if right < storage.count, storage[right].precedes(storage[smallest]) { smallest = right }
            if smallest == parent { break }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
