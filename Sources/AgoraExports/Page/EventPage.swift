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
