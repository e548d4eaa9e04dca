/// Appends JSON text to a byte buffer: strings (escaped by `JSONText`), whole numbers, literals, and objects
/// and arrays whose members come in the order they are written — so a value always gives the same bytes
/// (the API's ETags hash them; the store's snapshots are compared and diffed). No insignificant whitespace.
///
/// The methods are `@inlinable`: the store writes a million registrations through them per snapshot, and
/// across a module boundary every call would otherwise stay a call.
public struct JSONWriter {
    public var bytes: [UInt8]
    /// Whether the open object or array has no item yet (`JSONWriter+Containers`; the other methods ignore it).
    @usableFromInline var atFirstItem = true

    @inlinable
    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    /// Runs `body` with a writer that appends to `out` (without copying `out`'s buffer).
    @inlinable
    public static func appending(to out: inout [UInt8], _ body: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        swap(&writer.bytes, &out)
        body(&writer)
        swap(&writer.bytes, &out)
    }

    @inlinable
    public mutating func string(_ text: String) {
        JSONText.appendQuoted(text, to: &bytes)
    }

    /// A JSON string of `utf8` (valid UTF-8, as taken from a `String`).
    @inlinable
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        JSONText.appendQuoted(utf8: utf8, to: &bytes)
    }

    @inlinable
    public mutating func integer(_ value: Int) {
        // The magnitude as an unsigned number: -Int.min does not fit in an Int.
        var remaining = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &scratch) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    @inlinable
    public mutating func bool(_ value: Bool) {
        value ? raw("true") : raw("false")
    }

    @inlinable
    public mutating func null() { raw("null") }

    /// `"name":`, with a comma first unless it is the object's first member.
    @inlinable
    public mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// JSON text written as it is (punctuation, or a value encoded elsewhere).
    @inlinable
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Already-encoded JSON text (a member a caller encoded before), written as it is.
    @inlinable
    public mutating func encoded(_ json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
    }

    /// `[item,item,…]`, each item written by `element`.
    @inlinable
    public mutating func array<Items: Sequence>(_ items: Items, _ element: (inout JSONWriter, Items.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `{"name":value,…}` in the members' order, each value written by `value`.
    @inlinable
    public mutating func object<Members: Sequence>(_ members: Members, name: (Members.Element) -> String,
                                                   _ value: (inout JSONWriter, Members.Element) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for member in members {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            string(name(member))
            bytes.append(UInt8(ascii: ":"))
            value(&self, member)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
