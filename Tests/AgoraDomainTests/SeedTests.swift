import AgoraDomainTesting
import AgoraDomain
import FoundationEssentials
import Testing

/// The seeded data against the two source pages (shared/seeds/*.txt), fact by fact, typed from the pages.
@Suite struct SeedTests {
    let state: AgoraState

    init() throws {
        state = try SeedFiles.state()
    }

    private func event(_ id: String) throws -> Event {
        try #require(state.events[id])
    }

    /// Local start and end (`HH:MM` or nil) of each slot, in the event's zone, with kind and title.
    private func timetable(_ event: Event) -> [String] {
        event.programme.map { slot in
            let start = slot.startsAt.rfc3339(inZone: event.timeZone)
            let end = slot.endsAt.map { " - " + $0.rfc3339(inZone: event.timeZone) } ?? ""
            let title = slot.title.resolved(for: nil, defaultLanguage: event.defaultLanguage)
            return "\(start)\(end) \(slot.kind.rawValue) [\(title?.language ?? "?")] \(title?.text ?? "")"
        }
    }

    @Test func bothDocumentsAreSeeded() throws {
        #expect(try SeedFiles.names() == ["assises-sociales-2025.json", "quattropole-2017.json"])
        #expect(state.eventsByStart.map(\.id) == ["quattropole-2017", "assises-sociales-2025"])
        #expect(state.partners.count == 20)
        #expect(state.registrations.isEmpty)
    }

    @Test func assisesSociales2025Event() throws {
        let event = try event("assises-sociales-2025")
        #expect(event.series == "Assises sociales")
        #expect(event.edition == 5)
        #expect(event.title == .fr("Assises sociales"))
        #expect(event.theme == .de("Sozialer Sektor: Finanzen und Sicherheit"))
        #expect(event.timeZone == "Europe/Luxembourg")
        #expect(event.defaultLanguage == "de")
        #expect(event.startsAt.rfc3339(inZone: event.timeZone) == "2025-11-20T09:00:00+01:00")
        #expect(event.endsAt == nil)
        #expect(event.days == LocalDate(year: 2025, month: 11, day: 20)...LocalDate(year: 2025, month: 11, day: 20))
        #expect(event.status == .scheduled)
        #expect(event.openToPublic == true)
        #expect(event.registration == .none)
        #expect(event.organisers == [Organiser(name: .de("Stadt Luxemburg"))])
        #expect(event.venue == Venue(name: "Centre culturel Bonnevoie", street: "2, rue des Ardennes",
                                     postalCode: "1133", city: "Luxembourg", country: "LU"))
        #expect(event.programmeNote == .de("Zum Programm zählen Informationsstände sowie mehrere Vorträge."))
        let description = try #require(event.description?["de"])
        #expect(description.hasPrefix("Am Donnerstag, den 20. November 2025 findet die fünfte Ausgabe der „Assises sociales“ statt."))
        #expect(description.contains("Ziel ist der Austausch von Erfahrungen und bewährter Vorgehensweisen."))
        #expect(description.hasSuffix("Schwerpunktthema „Sozialer Sektor: Finanzen und Sicherheit“."))
        #expect(event.description?.languages == ["de"])
    }

    @Test func assisesSociales2025CityServicesAttending() throws {
        let services = try event("assises-sociales-2025").participatingServices
        #expect(services == [
            LocalizedText(["fr": "Direction des Affaires Sociales", "de": "Direktion Soziales"]),
            LocalizedText(["fr": "Service Intégration et besoins spécifiques", "de": "Dienststelle Integration und spezifische Bedürfnisse"]),
            LocalizedText(["fr": "Service Jeunesse et intervention sociale", "de": "Dienststelle Jugend und Sozialarbeit"]),
            LocalizedText(["fr": "Service Logement", "de": "Dienstelle Wohnungswesen"]),
            LocalizedText(["fr": "Service seniors", "de": "Dienststelle Senioren"]),
            LocalizedText(["fr": "Office social", "de": "Sozialamt"]),
        ])
    }

    @Test func assisesSociales2025Programme() throws {
        let event = try event("assises-sociales-2025")
        #expect(timetable(event) == [
            "2025-11-20T09:00:00+01:00 registration [de] Anmeldung und Empfang",
            "2025-11-20T09:15:00+01:00 - 2025-11-20T10:00:00+01:00 talk [fr] La criminalité économique et financière, les enquêtes et arnaques liées",
            "2025-11-20T10:30:00+01:00 - 2025-11-20T11:15:00+01:00 talk [fr] La loi du 7 août 2023 et ses implications pour le secteur associatif",
            "2025-11-20T12:00:00+01:00 meal [en] Walking lunch",
            "2025-11-20T14:00:00+01:00 - 2025-11-20T14:30:00+01:00 talk [fr] Gestion des risques liés au financement des activités de la ville en partenariat avec les acteurs sociaux",
            "2025-11-20T15:00:00+01:00 - 2025-11-20T17:45:00+01:00 talk [de] Sicherheitskräfte in der Sozialen Arbeit als multidisziplinäre Bereicherung",
            "2025-11-20T16:15:00+01:00 reception [de] Abschlussempfang",
        ])
        #expect(event.programme.map(\.speakers) == [
            [],
            [Speaker(name: "Yves Marson", role: .fr("Premier commissaire divisionnaire"), organisation: "Kriminalpolizei",
                     partnerId: "grossherzogliche-polizei")],
            [Speaker(name: "Jennyfer Nündel-Petsch", role: .fr("Service études et représentation"), organisation: "FEDAS")],
            [],
            [Speaker(name: "Danielle Castagna", role: .de("Direktorin für Finanzen und Organisation bei der Stadt Luxemburg"),
                     organisation: "Stadt Luxemburg")],
            [Speaker(name: "Claudia Allar", role: .de("Direktion"), organisation: "CNDS",
                     partnerId: "comite-national-de-defense-sociale")],
            [],
        ])
        #expect(event.programme.allSatisfy { $0.track == nil })
    }

    @Test func assisesSociales2025OverlapIsImportedAsPublishedAndFlagged() throws {
        let event = try event("assises-sociales-2025")
        #expect(event.validate().filter { !$0.isWarning }.isEmpty)
        #expect(state.warnings().map(\.description) == [
            "events[assises-sociales-2025].programme[6]: overlaps programme[5] (sicherheitskraefte-in-der-sozialen-arbeit) in the same track",
        ])
    }

    @Test func assisesSociales2025AllTwentyPartnersWithSubUnits() throws {
        let partners = state.partners(ofEvent: "assises-sociales-2025")
        let listed = partners.map { partner in
            partner.subUnits.isEmpty ? partner.name : "\(partner.name) – \(partner.subUnits.joined(separator: ", "))"
        }
        #expect(listed == [
            "4 Motion",
            "Arcus – Familljenhaus Zentrum, Quai 57",
            "CEFIS",
            "CJF – Atelier Zeralda, Streetwork",
            "Comité National de Défense Sociale",
            "Croix-Rouge luxembourgeoise – Service SALU, Doheem Versuergt",
            "Fondation pour l’accès au logement",
            "Fondation Jugend- an Drogenhëllef",
            "Fondation Solina / Solidarité Jeunes",
            "GERO – Kompetenzzenter fir den Alter",
            "Hëllef um Terrain",
            "Inter-Actions – Schläifmillen, Maisons de Jeunes, Streetwork, À vos côtés",
            "Ligue luxembourgeoise d'hygiène mentale",
            "Ligue médico-sociale",
            "Œuvre Nationale de Secours Grande-Duchesse Charlotte",
            "Großherzogliche Polizei",
            "Stëftung Hëllef Doheem",
            "Stëmm vun der Strooss",
            "Wunnengshëllef",
            "Youth & Work",
        ])
        #expect(partners.allSatisfy { Slug.isValid($0.id) })
        #expect(state.partners["grossherzogliche-polizei"]?.kind == .police)
        #expect(state.partners["oeuvre-nationale-de-secours-grande-duchesse-charlotte"]?.name
            == "Œuvre Nationale de Secours Grande-Duchesse Charlotte")
    }

    @Test func quattroPole2017Event() throws {
        let event = try event("quattropole-2017")
        #expect(event.series == "QuattroPole")
        #expect(event.edition == nil)
        #expect(event.title == .de("QuattroPole-Konferenz - kommunale Sozialpolitik"))
        #expect(event.theme == .de("Zuwanderung als Chance für unsere vier Städte"))
        #expect(event.timeZone == "Europe/Paris")
        #expect(event.startsAt.rfc3339(inZone: event.timeZone) == "2017-11-22T09:30:00+01:00")
        #expect(event.endsAt?.rfc3339(inZone: event.timeZone) == "2017-11-22T17:00:00+01:00")
        #expect(event.phase(at: Instant(rfc3339: "2025-01-01T00:00:00Z") ?? event.startsAt) == .past)
        #expect(event.languages == ["de", "fr"])
        #expect(event.interpretation == [Interpretation(mode: .simultaneous, languages: ["de", "fr"])])
        #expect(event.venue == Venue(name: "Hôtel de Ville Metz", street: "1, place d'Armes", postalCode: "57036",
                                     city: "Metz cedex 1", country: "FR", phone: "+33 387 555000",
                                     website: "http://www.mairie-metz.fr/"))
        #expect(event.contacts == [Contact(
            name: "Jade Porcherot",
            role: LocalizedText(["fr": "Assistante au Secrétariat général", "de": "Assistentin der Geschäftsstelle"]),
            phone: "+352 247 80115", email: "jade.porcherot@granderegion.net")])
        #expect(event.organisers == [Organiser(name: .de("QuattroPole-Projektgruppe \"kommunale Sozialpolitik\""))])
        let rules = try #require(event.registration.rules)
        #expect(rules.deadline?.rfc3339(inZone: event.timeZone) == "2017-11-15T23:59:59+01:00")
        #expect(rules.externalURL == "https://goo.gl/forms/ogk6r6PHZwplki0b2")
        #expect(rules.opensAt == nil && rules.capacity == nil && rules.waitingList == nil)
        let description = try #require(event.description?["de"])
        #expect(description.contains("Das Städtenetz QuattroPole Luxemburg, Metz, Saarbrücken und Trier"))
        #expect(description.contains("Frage der „Integration“"))
        #expect(event.partnerIds.isEmpty)
    }

    @Test func quattroPole2017Programme() throws {
        let event = try event("quattropole-2017")
        #expect(timetable(event) == [
            "2017-11-22T09:30:00+01:00 registration [de] Empfang der Teilnehmer",
            "2017-11-22T10:00:00+01:00 opening [de] Eröffnung",
            "2017-11-22T10:15:00+01:00 talk [de] Vortrag zur Zuwanderung in der Großregion",
            "2017-11-22T10:45:00+01:00 discussion [de] Austausch mit den Teilnehmern",
            "2017-11-22T11:00:00+01:00 workingGroup [de] Beschäftigung und berufliche Eingliederung",
            "2017-11-22T11:00:00+01:00 workingGroup [de] Bildung",
            "2017-11-22T11:00:00+01:00 workingGroup [de] Stadtteilintegration (\"Bien vivre sa ville\" - Wohnen, Gesundheit, Kultur)",
            "2017-11-22T12:45:00+01:00 meal [de] Mittagessen \"Cuisine du monde\"",
            "2017-11-22T14:00:00+01:00 discussion [de] Kurzzusammenfassung der Arbeitsgruppen und Diskussion: \"Zuwanderung als Chance für unsere vier Städte!\"",
            "2017-11-22T15:45:00+01:00 panel [de] Abschlussrunde und Ausblick auf die künftigen Arbeiten der QuattroPole-Arbeitsgruppe \"kommunale Sozialpolitik\"",
            "2017-11-22T16:15:00+01:00 closing [de] Abschlusszeremonie",
        ])
        #expect(event.slot(withId: "eroeffnung")?.speakers == [
            Speaker(name: "Dominique Gros", role: .de("Oberbürgermeister, Präsident von QuattroPole e.V."),
                    organisation: "QuattroPole e.V."),
        ])
        #expect(event.slot(withId: "vortrag-zuwanderung-in-der-grossregion")?.speakers == [
            Speaker(name: "Vincent Ferry", role: .de("Forscher"),
                    organisation: "Lothringischer Institut für Sozialwissenschaften (2L2S), Forschungsgruppe für Bildung und Arbeit (GREE)"),
        ])
        #expect(event.slot(withId: "abschlussrunde-und-ausblick")?.speakers.map { "\($0.name), \($0.organisation ?? "")" } == [
            "Madeleine Kayser, Stadt Luxemburg", "Sylvie Bortot, CCAS Metz",
            "Guido Freidinger, Landeshauptstadt Saarbrücken", "Hans-Werner Meyer, Stadt Trier",
        ])
    }

    @Test func quattroPole2017WorkingGroupsRunInParallelTracks() throws {
        let tracks = state.programmeByTrack(ofEvent: "quattropole-2017")
        #expect(tracks.map(\.track) == [nil, "beschaeftigung", "bildung", "stadtteilintegration"])
        #expect(tracks[0].slots.count == 8)
        let groups = tracks.dropFirst().flatMap(\.slots)
        #expect(groups.allSatisfy { $0.kind == .workingGroup && $0.startsAt == groups[0].startsAt })
        #expect(groups.allSatisfy {
            $0.description == .de("Vertiefung in Arbeitsgruppen zu konkreten Projekten in den vier Städten und Austausch modellhafter Praktiken")
        })
        let event = try event("quattropole-2017")
        #expect(event.validate().isEmpty)
    }

    @Test func registrationRulesHoldOnTheSeeds() throws {
        let assises = domainError {
            _ = try state.applying(.register(request: RegistrationRequest(
                id: "r1", eventId: "assises-sociales-2025", name: "Ana", email: "ana@example.lu",
                requestedAt: Instant(rfc3339: "2025-11-01T10:00:00Z") ?? Instant(secondsSince1970: 0))))
        }
        #expect(assises == .conflict(.registrationNotRequired(eventId: "assises-sociales-2025")))
        let deadline = try #require(state.events["quattropole-2017"]?.registration.rules?.deadline)
        var copy = state
        #expect(try copy.run(.register(request: RegistrationRequest(
            id: "r1", eventId: "quattropole-2017", slotId: "arbeitsgruppe-bildung", name: "Ana",
            email: "ana@example.lu", requestedAt: deadline))) == .registered(id: "r1", .confirmed))
        #expect(domainError {
            _ = try state.applying(.register(request: RegistrationRequest(
                id: "r2", eventId: "quattropole-2017", name: "Ben", email: "ben@example.lu",
                requestedAt: deadline.adding(seconds: 1))))
        } == .conflict(.registrationClosed(eventId: "quattropole-2017", closedAt: deadline)))
    }

    @Test func seedIsUTF8IntactAndRoundTrips() throws {
        for name in try SeedFiles.names() {
            let text = try String(contentsOf: SeedFiles.directory.appending(path: name), encoding: .utf8)
            #expect(!text.contains("\\u"), "\(name) escapes characters instead of storing UTF-8")
            #expect(!text.contains("[at]"))
        }
        let data = try JSONEncoderForTests.encode(state)
        let json = String(decoding: data, as: UTF8.self)
        for fragment in ["Œuvre", "Hëllef", "Großherzogliche", "Intégration", "„Assises sociales“", "Schläifmillen"] {
            #expect(json.contains(fragment))
        }
        #expect(try JSONDecoder().decode(AgoraState.self, from: data) == state)
        // Seeding is deterministic, and re-seeding documents that share partners is harmless.
        #expect(try SeedFiles.state() == state)
        let documents = try SeedFiles.all()
        #expect(try Seed.state(from: documents + [SeedDocument(partners: documents[0].partners)]) == state)
    }

    @Test func conflictingSeedPartnersAreRefused() throws {
        let documents = try SeedFiles.all()
        var clash = documents[0].partners[0]
        clash.name = "Someone else"
        let error = domainError { _ = try Seed.state(from: documents + [SeedDocument(partners: [clash])]) }
        #expect(error == .conflict(.duplicateId(.partner, id: clash.id)))
    }
}
