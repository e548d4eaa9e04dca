import AgoraDomain

extension EventPageWriter {
    /// The facts a visitor looks for first: when, where, in which languages, accessibility, registration.
    mutating func facts() -> String {
        var html = "<dl class=\"facts\">\n"
        let end = event.endsAt.map { " – " + (time.date($0) == time.date(event.startsAt) ? time.time($0) : time.dateTime($0)) } ?? ""
        html += "<dt>\(labels("when"))</dt><dd><time datetime=\"\(event.startsAt.rfc3339(inZone: event.timeZone))\">"
            + "\(HTMLText.escaped(time.dateTime(event.startsAt)))</time>\(end)</dd>\n"
        if let venue = event.venue {
            let locality = [venue.postalCode, venue.city].compactMap { $0 }.joined(separator: " ")
            let lines = [venue.name, venue.street, locality.isEmpty ? nil : locality].compactMap { $0 }
            html += "<dt>\(labels("venue"))</dt><dd class=\"venue\">" + lines.map(HTMLText.escaped).joined(separator: "<br>")
                + "</dd>\n"
        }
        let languages = event.languages.isEmpty ? [event.defaultLanguage] : event.languages
        html += "<dt>\(labels("languages"))</dt><dd>" + languages.map { HTMLText.escaped(languageName($0)) }
            .joined(separator: ", ")
        for interpretation in event.interpretation {
            html += "<br>\(labels(interpretationKey(interpretation.mode))): "
                + interpretation.languages.map { HTMLText.escaped(languageName($0)) }.joined(separator: " ⇄ ")
        }
        html += "</dd>\n"
        if let accessibility = escapedText(event.accessibility) {
            html += "<dt>\(labels("accessibility"))</dt><dd>\(accessibility)</dd>\n"
        }
        html += "<dt>\(labels("registration"))</dt><dd>\(registration())</dd>\n"
        return html + "</dl>\n"
    }

    func interpretationKey(_ mode: Interpretation.Mode) -> String {
        mode == .simultaneous ? "interpretation" : "interpretation." + mode.rawValue
    }

    func registration() -> String {
        guard let rules = event.registration.rules else {
            return labels(event.openToPublic == true ? "openNoRegistration" : "noRegistration")
        }
        var parts: [String] = []
        if let opensAt = rules.opensAt { parts.append("\(labels("registrationOpens")) \(HTMLText.escaped(time.dateTime(opensAt)))") }
        if let deadline = rules.deadline { parts.append("\(labels("registrationUntil")) \(HTMLText.escaped(time.dateTime(deadline)))") }
        if let capacity = rules.capacity { parts.append("\(capacity) \(labels("places"))") }
        if let url = rules.externalURL {
            parts.append("\(labels("registrationAt")) <a href=\"\(HTMLText.escaped(url))\">\(HTMLText.escaped(url))</a>")
        }
        return parts.isEmpty ? labels("registration") : parts.joined(separator: "<br>")
    }

    func partners(_ partners: [Partner]) -> String {
        guard !partners.isEmpty else { return "" }
        var html = "<section class=\"partners\"><h2>\(labels("partners"))</h2><ul>\n"
        for partner in partners {
            var name = HTMLText.escaped(partner.name)
            if let website = partner.website { name = "<a href=\"\(HTMLText.escaped(website))\">\(name)</a>" }
            let units = partner.subUnits.isEmpty ? ""
                : "<ul class=\"units\">" + partner.subUnits.map { "<li>\(HTMLText.escaped($0))</li>" }.joined() + "</ul>"
            html += "<li>\(name)\(units)</li>\n"
        }
        return html + "</ul></section>\n"
    }

    mutating func contacts() -> String {
        guard !event.contacts.isEmpty || !event.organisers.isEmpty else { return "" }
        var html = "<section class=\"contacts\"><h2>\(labels("contacts"))</h2>\n"
        let organisers = event.organisers.compactMap { escapedText($0.name) }
        if !organisers.isEmpty { html += "<p>\(labels("organisers")): \(organisers.joined(separator: ", "))</p>\n" }
        html += "<ul>\n"
        for contact in event.contacts {
            var line = HTMLText.escaped(contact.name)
            if let role = escapedText(contact.role) { line += ", \(role)" }
            if let organisation = contact.organisation { line += ", \(HTMLText.escaped(organisation))" }
            if let phone = contact.phone { line += " · <a href=\"tel:\(HTMLText.escaped(phone.filter { $0 != " " }))\">\(HTMLText.escaped(phone))</a>" }
            if let email = contact.email { line += " · <a href=\"mailto:\(HTMLText.escaped(email))\">\(HTMLText.escaped(email))</a>" }
            html += "<li>\(line)</li>\n"
        }
        return html + "</ul></section>\n"
    }

    func subscriptions() -> String {
        let id = HTMLText.escaped(event.id)
        return "<section class=\"subscribe\"><h2>\(labels("subscribe"))</h2><ul>\n"
            + "<li><a href=\"/events/\(id)/calendar.ics?lang=\(labels.language)\">\(labels("calendar"))</a></li>\n"
            + "<li><a href=\"/events/\(id)/schedule.json?lang=\(labels.language)\">\(labels("scheduleApps"))</a> "
            + "(<a href=\"/events/\(id)/schedule.xml?lang=\(labels.language)\">XML</a>)</li>\n</ul></section>\n"
    }
}
