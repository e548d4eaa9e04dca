/// A place on the WGS 84 globe, in decimal degrees (what RFC 5545 GEO and schema.org `GeoCoordinates` take).
/// JSON: `{"latitude": 49.6003, "longitude": 6.1336}`.
public struct GeoPoint: Codable, Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }

    /// Six decimals (about 0.1 m), no exponent: `49.600300`.
    public var latitudeText: String { Self.fixed(latitude) }
    public var longitudeText: String { Self.fixed(longitude) }

    private static func fixed(_ value: Double) -> String {
        let micro = Int64((abs(value) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return (value < 0 && micro != 0 ? "-" : "") + "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
