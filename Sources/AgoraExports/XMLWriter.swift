/// Appends an XML 1.0 document to a byte buffer, indented by two spaces per level. Every text and attribute value
/// goes through `XMLText`, the one escaper, so no caller writes markup from data. Elements are closed in the order
/// they were opened (the writer keeps the stack), so what it writes is always well-formed.
public struct XMLWriter {
    public private(set) var bytes: [UInt8] = []
    private var open: [String] = []

    /// Starts the document with the XML declaration (UTF-8, XML 1.0 §2.8).
    public init() {
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    }

    /// `<name a="v">` on its own line; what follows is inside it until `end()`.
    public mutating func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        indent()
        startTag(name, attributes)
        append(">\n")
        open.append(name)
    }

    /// Closes the element `start` opened last.
    public mutating func end() {
        guard let name = open.popLast() else { return }
        indent()
        append("</\(name)>\n")
    }

    /// `<name a="v">text</name>`, or `<name a="v"/>` when `text` is empty.
    public mutating func element(_ name: String, _ text: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        indent()
        startTag(name, attributes)
        if text.isEmpty {
            append("/>\n")
            return
        }
        append(">")
        XMLText.appendEscaped(text, inAttribute: false, to: &bytes)
        append("</\(name)>\n")
    }

    /// The document, every element closed.
    public mutating func finish() -> [UInt8] {
        while !open.isEmpty { end() }
        return bytes
    }

    private mutating func startTag(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        append("<\(name)")
        for (attribute, value) in attributes {
            append(" \(attribute)=\"")
            XMLText.appendEscaped(value, inAttribute: true, to: &bytes)
            append("\"")
        }
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: open.count * 2))
    }

    /// Markup and names, which come from this module's code, never from data.
    private mutating func append(_ markup: String) { bytes.append(contentsOf: markup.utf8) }
}
