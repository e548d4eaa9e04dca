extension Event {
    /// Every problem of the event on its own (errors and warnings), with field paths such as
    /// `programme[3].endsAt`. References to partners are checked by `AgoraState.validate(_:)`.
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !Slug.isValid(id) { issues.append(.init(path: "id", message: "must be a slug (a-z, 0-9, single hyphens)")) }
        issues += Check.text(title, "title", required: true)
        issues += Check.text(theme, "theme") + Check.text(description, "description")
        issues += Check.text(programmeNote, "programmeNote") + Check.text(accessibility, "accessibility")
        if let edition, edition < 1 { issues.append(.init(path: "edition", message: "must be 1 or more")) }
        if !TimeZoneRules.isKnown(timeZone) {
            issues.append(.init(path: "timeZone", message: "unknown IANA time zone \"\(timeZone)\""))
        }
        if !LanguageTag.isValid(defaultLanguage) {
            issues.append(.init(path: "defaultLanguage", message: "not a BCP 47 language tag"))
        }
        for (index, tag) in languages.enumerated() where !LanguageTag.isValid(tag) {
            issues.append(.init(path: "languages[\(index)]", message: "not a BCP 47 language tag"))
        }
        for (index, item) in interpretation.enumerated() {
            if item.languages.count < 2 {
                issues.append(.init(path: "interpretation[\(index)].languages", message: "needs at least two languages"))
            }
            for (inner, tag) in item.languages.enumerated() where !LanguageTag.isValid(tag) {
                issues.append(.init(path: "interpretation[\(index)].languages[\(inner)]", message: "not a BCP 47 language tag"))
            }
        }
        if let endsAt, endsAt <= startsAt { issues.append(.init(path: "endsAt", message: "must be after startsAt")) }
        if let venue { issues += Check.venue(venue) }
        for (index, organiser) in organisers.enumerated() {
            issues += Check.text(organiser.name, "organisers[\(index)].name", required: true)
        }
        for (index, contact) in contacts.enumerated() { issues += Check.contact(contact, "contacts[\(index)]") }
        for (index, service) in participatingServices.enumerated() {
            issues += Check.text(service, "participatingServices[\(index)]", required: true)
        }
        issues += validateRegistrationPolicy()
        var seenPartners: Set<String> = []
        for (index, partnerId) in partnerIds.enumerated() where !seenPartners.insert(partnerId).inserted {
            issues.append(.init(path: "partnerIds[\(index)]", message: "duplicate partner \"\(partnerId)\""))
        }
        issues += validateProgramme()
        issues += validateTracksAndRooms()
        return issues
    }

    private func validateRegistrationPolicy() -> [ValidationIssue] {
        guard let rules = registration.rules else { return [] }
        var issues: [ValidationIssue] = []
        if let capacity = rules.capacity, capacity < 0 {
            issues.append(.init(path: "registration.capacity", message: "must not be negative"))
        }
        if let waitingCapacity = rules.waitingList?.capacity, waitingCapacity < 0 {
            issues.append(.init(path: "registration.waitingList.capacity", message: "must not be negative"))
        }
        if let opensAt = rules.opensAt, let deadline = rules.deadline, deadline <= opensAt {
            issues.append(.init(path: "registration.deadline", message: "must be after opensAt"))
        }
        if let url = rules.externalURL, !Check.isWebAddress(url) {
            issues.append(.init(path: "registration.externalURL", message: "must be an http(s) URL"))
        }
        return issues
    }

    private func validateProgramme() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var seenIds: Set<String> = []
        let zoneKnown = TimeZoneRules.isKnown(timeZone)
        let firstDay = days.lowerBound.start(inZone: timeZone)
        let afterLastDay = days.upperBound.adding(days: 1).start(inZone: timeZone)
        for (index, slot) in programme.enumerated() {
            let path = "programme[\(index)]"
            if !Slug.isValid(slot.id) {
                issues.append(.init(path: "\(path).id", message: "must be a slug (a-z, 0-9, single hyphens)"))
            } else if !seenIds.insert(slot.id).inserted {
                issues.append(.init(path: "\(path).id", message: "duplicate slot id \"\(slot.id)\""))
            }
            issues += Check.text(slot.title, "\(path).title", required: true)
            issues += Check.text(slot.description, "\(path).description")
            if let endsAt = slot.endsAt, endsAt <= slot.startsAt {
                issues.append(.init(path: "\(path).endsAt", message: "must be after startsAt"))
            }
            if zoneKnown, let firstDay, let afterLastDay {
                let dayList = "\(days.lowerBound)" + (days.upperBound == days.lowerBound ? "" : " to \(days.upperBound)")
                if slot.startsAt < firstDay || slot.startsAt >= afterLastDay {
                    issues.append(.init(path: "\(path).startsAt", message: "outside the event's day(s) (\(dayList), \(timeZone))"))
                }
                if let endsAt = slot.endsAt, endsAt > afterLastDay {
                    issues.append(.init(path: "\(path).endsAt", message: "outside the event's day(s) (\(dayList), \(timeZone))"))
                }
            }
            if let language = slot.spokenLanguage, !LanguageTag.isValid(language) {
                issues.append(.init(path: "\(path).spokenLanguage", message: "not a BCP 47 language tag"))
            }
            if let track = slot.track, track.allSatisfy(\.isWhitespace) {
                issues.append(.init(path: "\(path).track", message: "must not be blank (omit it for the main track)"))
            }
            for (inner, speaker) in slot.speakers.enumerated() {
                let speakerPath = "\(path).speakers[\(inner)]"
                if speaker.name.allSatisfy(\.isWhitespace) {
                    issues.append(.init(path: "\(speakerPath).name", message: "must not be empty"))
                }
                issues += Check.text(speaker.role, "\(speakerPath).role")
            }
        }
        issues += overlapWarnings()
        return issues
    }

    /// Overlaps within one track are allowed (sources publish them, e.g. a reception during the
    /// last talk) but worth a look, so they are warnings on the later slot.
    /// By index: iterating `enumerated()` copied every slot of every pair (its strings retained and released),
    /// which was half of the validation of an event of 50 slots, and the validation of the 1 000 events that open
    /// the recovery benchmark's journal was most of its replay's first second (issue 16).
    private func overlapWarnings() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for index in programme.indices {
            for earlier in programme.indices[..<index]
            where programme[earlier].track == programme[index].track && programme[index].overlaps(programme[earlier]) {
                issues.append(.warning("programme[\(index)]",
                                       "overlaps programme[\(earlier)] (\(programme[earlier].id)) in the same track"))
            }
        }
        return issues
    }
}
