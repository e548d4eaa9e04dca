/// Where an event takes place, as the source publishes the address.
public struct Venue: Codable, Hashable, Sendable {
    public var name: String
    public var street: String?
    public var postalCode: String?
    /// The locality line as published, including a CEDEX suffix ("Metz cedex 1").
    public var city: String?
    /// ISO 3166-1 alpha-2 ("LU", "FR").
    public var country: String?
    public var phone: String?
    public var website: String?
    /// Where the building is, when known (calendars show a map from it).
    public var geo: GeoPoint?

    public init(name: String, street: String? = nil, postalCode: String? = nil, city: String? = nil,
                country: String? = nil, phone: String? = nil, website: String? = nil, geo: GeoPoint? = nil) {
        self.name = name
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
        self.phone = phone
        self.website = website
        self.geo = geo
    }
}

/// Who organises an event (a city, a project group).
public struct Organiser: Codable, Hashable, Sendable {
    public var name: LocalizedText

    public init(name: LocalizedText) {
        self.name = name
    }
}

/// A person to ask about an event. The e-mail is a real address (the sources write `[at]`).
public struct Contact: Codable, Hashable, Sendable {
    public var name: String
    public var role: LocalizedText?
    public var organisation: String?
    public var phone: String?
    public var email: String?

    public init(name: String, role: LocalizedText? = nil, organisation: String? = nil,
                phone: String? = nil, email: String? = nil) {
        self.name = name
        self.role = role
        self.organisation = organisation
        self.phone = phone
        self.email = email
    }
}

/// Interpretation offered on site, e.g. simultaneous German/French.
public struct Interpretation: Codable, Hashable, Sendable {
    public enum Mode: String, Codable, Hashable, Sendable {
        case simultaneous, consecutive, signLanguage
    }

    public var mode: Mode
    /// BCP 47 tags of the languages interpreted between.
    public var languages: [String]

    public init(mode: Mode, languages: [String]) {
        self.mode = mode
        self.languages = languages
    }
}
