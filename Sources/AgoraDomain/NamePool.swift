/// Interned strings: each distinct event id, slot id and language once, numbered in order of first use.
struct NamePool: Sendable {
    private(set) var strings: [String] = []
    private var numbers: [String: Int32] = [:]

    func number(of string: String) -> Int32? { numbers[string] }

    mutating func intern(_ string: String) -> Int32 {
        if let number = numbers[string] { return number }
        let number = Int32(strings.count)
        strings.append(string)
        numbers[string] = number
        return number
    }

    subscript(number: Int32) -> String { strings[Int(number)] }
}
