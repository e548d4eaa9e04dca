/// The page's own words (headings, "Programme", "Open to the public, no registration") in the languages the page is
/// written in: German, French and English. Luxembourgish readers get German, as the problems do; the domain's texts
/// (titles, names) keep whatever language the organiser wrote them in.
public struct PageLabels: Sendable {
    /// `de`, `fr` or `en`.
    public let language: String

    /// The page language for `tag` (primary subtag; `lb` → `de`; anything else → English).
    public init(for tag: String) {
        let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? ""
        switch primary {
        case "de", "lb": language = "de"
        case "fr": language = "fr"
        default: language = "en"
        }
    }

    /// The text of `key` in the page's language (the key itself when the table lacks it, so a missing word shows).
    public func callAsFunction(_ key: String) -> String {
        Self.table[key]?[language] ?? Self.table[key]?["en"] ?? key
    }

    static let table: [String: [String: String]] = [
        "events": ["de": "Veranstaltungen", "fr": "Événements", "en": "Events"],
        "programme": ["de": "Programm", "fr": "Programme", "en": "Programme"],
        "when": ["de": "Datum", "fr": "Date", "en": "Date"],
        "venue": ["de": "Ort", "fr": "Lieu", "en": "Venue"],
        "languages": ["de": "Sprachen", "fr": "Langues", "en": "Languages"],
        "interpretation": ["de": "Simultanübersetzung", "fr": "Interprétation simultanée", "en": "Simultaneous interpretation"],
        "accessibility": ["de": "Barrierefreiheit", "fr": "Accessibilité", "en": "Accessibility"],
        "registration": ["de": "Anmeldung", "fr": "Inscription", "en": "Registration"],
        "openNoRegistration": ["de": "Öffentlich, ohne Anmeldung", "fr": "Ouvert au public, sans inscription",
                               "en": "Open to the public, no registration"],
        "noRegistration": ["de": "Ohne Anmeldung", "fr": "Sans inscription", "en": "No registration"],
        "registrationOpens": ["de": "Anmeldung ab", "fr": "Inscriptions à partir du", "en": "Registration opens"],
        "registrationUntil": ["de": "Anmeldung bis", "fr": "Inscriptions jusqu'au", "en": "Register by"],
        "registrationAt": ["de": "Anmeldung über", "fr": "Inscription via", "en": "Register at"],
        "places": ["de": "Plätze", "fr": "places", "en": "places"],
        "partners": ["de": "Partner", "fr": "Partenaires", "en": "Partners"],
        "contacts": ["de": "Kontakt", "fr": "Contact", "en": "Contact"],
        "organisers": ["de": "Veranstalter", "fr": "Organisateurs", "en": "Organisers"],
        "cancelled": ["de": "Abgesagt", "fr": "Annulé", "en": "Cancelled"],
        "postponed": ["de": "Verschoben", "fr": "Reporté", "en": "Postponed"],
        "subscribe": ["de": "Abonnieren", "fr": "S'abonner", "en": "Subscribe"],
        "calendar": ["de": "Kalender (.ics)", "fr": "Calendrier (.ics)", "en": "Calendar (.ics)"],
        "scheduleApps": ["de": "Programm für Konferenz-Apps", "fr": "Programme pour applis de conférence",
                         "en": "Schedule for conference apps"],
        "main": ["de": "Plenum", "fr": "Plénière", "en": "Plenary"],
        "kind.break": ["de": "Pause", "fr": "Pause", "en": "Break"],
        "kind.meal": ["de": "Mahlzeit", "fr": "Repas", "en": "Meal"],
        "kind.reception": ["de": "Empfang", "fr": "Réception", "en": "Reception"],
        "kind.registration": ["de": "Anmeldung", "fr": "Accueil", "en": "Registration"],
        "skip": ["de": "Zum Programm springen", "fr": "Aller au programme", "en": "Skip to the programme"],
        "allEvents": ["de": "Alle Veranstaltungen", "fr": "Tous les événements", "en": "All events"],
        "interpretation.consecutive": ["de": "Konsekutivdolmetschen", "fr": "Interprétation consécutive", "en": "Consecutive interpretation"],
        "interpretation.signLanguage": ["de": "Gebärdensprache", "fr": "Langue des signes", "en": "Sign language"],
        "lang.de": ["de": "Deutsch", "fr": "allemand", "en": "German"],
        "lang.fr": ["de": "Französisch", "fr": "français", "en": "French"],
        "lang.en": ["de": "Englisch", "fr": "anglais", "en": "English"],
        "lang.lb": ["de": "Luxemburgisch", "fr": "luxembourgeois", "en": "Luxembourgish"],
        "lang.pt": ["de": "Portugiesisch", "fr": "portugais", "en": "Portuguese"],
        "noJS": ["de": "Anmeldung und Live-Aktualisierung brauchen JavaScript.", "fr": "L'inscription et les mises à jour en direct nécessitent JavaScript.", "en": "Registration and live updates need JavaScript."],
    ]
}
