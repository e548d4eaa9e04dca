/// Who made a request, as the access log names them: the role its credentials grant and the name the operator
/// gave them (a token's name, never the token).
public struct AccessPrincipal: Sendable, Equatable {
    public var role: String
    public var name: String

    public init(role: String, name: String) {
        self.role = role
        self.name = name
    }
}
