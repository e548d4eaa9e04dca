public import AgoraDomain

/// One event as an HTML page (issue 14): what `GET /events/{id}` answers a browser (`Accept: text/html`) and a
/// search engine, so the event, its programme and its registration facts are there without JavaScript. The page's
/// script (`/assets/app.js`) enhances it; the schema.org JSON-LD (`EventLinkedData`) is embedded as a data block,
/// which a strict `Content-Security-Policy` allows (it is not script). Every domain string is escaped
/// (`HTMLText`).
public enum EventPage {
    /// Where the page's own files are served (`GET /assets/{name}`).
    public static let stylesheet = "/assets/style.css"
    public static let script = "/assets/app.js"

    public static func bytes(_ event: Event, partners: [Partner], links: ExportLinks, choice: inout ExportLanguage) -> [UInt8] {
        // The JSON-LD first: it resolves the texts in the same choice, so both agree on the languages served.
        let linkedData = EventLinkedData.bytes(event, partners: partners, links: links, choice: &choice)
        let language = choice.ranked.first ?? event.defaultLanguage
        var writer = EventPageWriter(event: event, labels: PageLabels(for: language), choice: choice)
        let title = writer.text(event.title) ?? event.id
        var html = "<!doctype html>\n<html lang=\"\(HTMLText.escaped(writer.labels.language))\">\n<head>\n"
        html += "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(HTMLText.escaped(title)) – Agora</title>\n"
        html += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"\(stylesheet)\">\n"
        html += "<script type=\"module\" src=\"\(script)\"></script>\n"
        html += "<link rel=\"alternate\" type=\"application/json\" href=\"/events/\(HTMLText.escaped(event.id))\">\n"
        html += "<script type=\"application/ld+json\">\(HTMLText.scriptData(linkedData))</script>\n</head>\n<body>\n"
        html += "<a class=\"skip\" href=\"#programme\">\(writer.labels("skip"))</a>\n"
        html += "<header class=\"site\"><a href=\"/\">Agora · \(writer.labels("allEvents"))</a></header>\n"
        html += "<main id=\"main\" data-event=\"\(HTMLText.escaped(event.id))\" data-lang=\"\(writer.labels.language)\">\n"
        html += writer.article(title: title, partners: partners)
        html += "</main>\n</body>\n</html>\n"
        choice = writer.choice
        return Array(html.utf8)
    }
}

/// The writer behind `EventPage`: one event, one page language, the export language choice it resolves texts in.
struct EventPageWriter {
    let event: Event
    let labels: PageLabels
    var choice: ExportLanguage
    var time: PageTime { PageTime(labels: labels, zone: event.timeZone) }

    init(event: Event, labels: PageLabels, choice: ExportLanguage) {
        self.event = event
        self.labels = labels
        self.choice = choice
    }

    mutating func text(_ text: LocalizedText?) -> String? {
        choice.text(text, defaultLanguage: event.defaultLanguage)
    }

    /// An escaped text, or nil.
    mutating func escapedText(_ text: LocalizedText?) -> String? { self.text(text).map(HTMLText.escaped) }

    mutating func article(title: String, partners: [Partner]) -> String {
        var html = "<article class=\"event\">\n<h1>\(HTMLText.escaped(title))</h1>\n"
        if let theme = escapedText(event.theme) { html += "<p class=\"theme\">\(theme)</p>\n" }
        if event.status != .scheduled { html += "<p class=\"status status-\(event.status.rawValue)\">\(labels(event.status.rawValue))</p>\n" }
        html += facts()
        if let description = text(event.description) { html += paragraphs(description, className: "description") }
        html += "<p class=\"nojs\">\(labels("noJS"))</p>\n"
        html += programme()
        html += self.partners(partners)
        html += contacts()
        html += subscriptions()
        return html + "</article>\n"
    }

    /// Blank-line separated paragraphs, escaped.
    func paragraphs(_ text: String, className: String) -> String {
        let parts = text.split(separator: "\n\n").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        return "<div class=\"\(className)\">" + parts.map { "<p>\(HTMLText.escaped($0))</p>" }.joined() + "</div>\n"
    }

    func languageName(_ tag: String) -> String {
        let key = "lang." + tag.lowercased()
        let name = labels(key)
        return name == key ? tag : name
    }
}

extension Substring {
    /// Without leading and trailing spaces and newlines.
    func trimmingCharacters() -> String {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
