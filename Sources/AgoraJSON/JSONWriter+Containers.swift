/// Objects and arrays written piece by piece, for values written straight into one buffer with no tree in between
/// (issue 16: the API's event page). The writer remembers whether the container it is in has had an item yet,
/// so a member or element writes its comma itself and optional members can simply be left out.
///
/// Opening a container starts it empty; closing one, or writing a member's name, means the enclosing container
/// is past its first item — one flag is enough for any nesting.
extension JSONWriter {
    @inlinable
    public mutating func openObject() {
        bytes.append(UInt8(ascii: "{"))
        atFirstItem = true
    }

    @inlinable
    public mutating func closeObject() {
        bytes.append(UInt8(ascii: "}"))
        atFirstItem = false
    }

    @inlinable
    public mutating func openArray() {
        bytes.append(UInt8(ascii: "["))
        atFirstItem = true
    }

    @inlinable
    public mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        atFirstItem = false
    }

    /// `"name":` inside an open object, after a comma unless it is the first member; the value comes next.
    @inlinable
    public mutating func member(_ name: StaticString) {
        key(name, first: atFirstItem)
        atFirstItem = false
    }

    /// The same for a name known only at run time (a language tag).
    @inlinable
    public mutating func member(named name: String) {
        if !atFirstItem { bytes.append(UInt8(ascii: ",")) }
        atFirstItem = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Before each element of an open array: a comma unless it is the first.
    @inlinable
    public mutating func element() {
        if !atFirstItem { bytes.append(UInt8(ascii: ",")) }
        atFirstItem = false
    }
}
