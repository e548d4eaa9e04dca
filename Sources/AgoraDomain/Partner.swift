/// An organisation the events work with (city services, associations, foundations, the police, …).
///
/// The name is kept exactly as published (proper names are not translated); sub-units are the
/// programmes or houses listed after it ("Inter-Actions – Schläifmillen, Maisons de Jeunes, …").
/// Links to events live on the event (`Event.partnerIds`), so there is one source of truth.
public struct Partner: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var kind: PartnerKind
    public var subUnits: [String]
    public var website: String?
    public var description: LocalizedText?

    public init(id: String, name: String, kind: PartnerKind, subUnits: [String] = [],
                website: String? = nil, description: LocalizedText? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.subUnits = subUnits
        self.website = website
        self.description = description
    }
}

public enum PartnerKind: String, Codable, Hashable, Sendable, CaseIterable {
    case cityService, association, foundation, police, publicBody, network, research, company, other
}

extension Partner: Codable {
    enum CodingKeys: String, CodingKey { case id, name, kind, subUnits, website, description }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            name: try values.decode(String.self, forKey: .name),
            kind: try values.decode(PartnerKind.self, forKey: .kind),
            subUnits: try values.decodeIfPresent([String].self, forKey: .subUnits) ?? [],
            website: try values.decodeIfPresent(String.self, forKey: .website),
            description: try values.decodeIfPresent(LocalizedText.self, forKey: .description)
        )
    }
}
