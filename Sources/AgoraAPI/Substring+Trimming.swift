extension Substring {
    /// Without leading and trailing spaces and tabs: the optional whitespace (OWS) around header list members and
    /// parameters (RFC 9110 §5.6.3).
    func trimmingASCIIWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
