import AgoraDomain

extension ExportBenchmark {
    /// A two-day event with 200 slots: four parallel tracks of 25 twenty-minute slots a day, each with two speakers
    /// (role and organisation, accented names), titles in German and French — the size of a large city conference.
    static func generatedEvent(slots: Int = 200) -> Event {
        let zone = "Europe/Luxembourg"
        func at(day: Int, minutes: Int) -> Instant {
            let time = LocalDateTime(year: 2030, month: 11, day: 20 + day, hour: 8 + minutes / 60, minute: minutes % 60)
            return time.instant(inZone: zone) ?? Instant(secondsSince1970: 0)
        }
        let tracks = ["wohnen", "gesundheit", "jugend", "beschaeftigung"]
        var programme: [ProgrammeSlot] = []
        for index in 0..<slots {
            let day = index / 100, track = index % 4, position = (index % 100) / 4
            let start = at(day: day, minutes: position * 20)
            programme.append(ProgrammeSlot(
                id: "slot-\(index)", startsAt: start, endsAt: index % 10 == 9 ? nil : start.adding(seconds: 20 * 60),
                kind: index % 25 == 0 ? .break : .talk,
                title: LocalizedText(["de": "Vortrag \(index): Städte, Œuvre und Großregion",
                                      "fr": "Exposé \(index) : les villes, l’œuvre et la Grande Région"]),
                description: LocalizedText(["de": "Über Wohnen, Gesundheit und Jugend in den vier Städten (\(index))."]),
                spokenLanguage: index % 2 == 0 ? "de" : "fr",
                speakers: [Speaker(name: "Jennyfer Nündel-Petsch \(index)", role: .fr("Chargée de mission"),
                                   organisation: "FEDAS"),
                           Speaker(name: "Zoë Müller-Lefèvre \(index)", role: .de("Sozialarbeiterin"),
                                   organisation: "Œuvre Nationale de Secours Grande-Duchesse Charlotte")],
                track: tracks[track]))
        }
        return Event(id: "bench-200-slots-2030", series: "Bench", title: .de("Ein großes Programm mit 200 Beiträgen"),
                     description: .de("Erzeugt für agora-bench export-bench."), startsAt: at(day: 0, minutes: 0),
                     endsAt: at(day: 1, minutes: 10 * 60), timeZone: zone, defaultLanguage: "de", languages: ["de", "fr"],
                     venue: Venue(name: "Centre culturel Bonnevoie", street: "2, rue des Ardennes", postalCode: "1133",
                                  city: "Luxembourg", country: "LU"),
                     organisers: [Organiser(name: .de("Stadt Luxemburg"))], openToPublic: true,
                     tracks: zip(tracks, ["Wohnen", "Gesundheit", "Jugend", "Beschäftigung"]).map { id, name in
                         Track(id: id, name: LocalizedText(["de": name, "fr": "Atelier « \(name) »"]))
                     },
                     programme: programme)
    }
}
