/// What a bearer token may do. Roles are not nested except that `admin` may do everything.
public enum AccessRole: String, Sendable, CaseIterable {
    /// Everything, including erasing personal data and cancelling anyone's registration.
    case admin
    /// Events, programme slots and partners (no personal data).
    case editor
    /// Reading registrations (lists, CSV, single records) — personal data, so its own role.
    case registrations

    /// Whether a token with this role may act where `required` is asked for.
    func grants(_ required: AccessRole) -> Bool {
        self == .admin || self == required
    }
}
