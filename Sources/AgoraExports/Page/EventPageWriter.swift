import AgoraDomain

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
