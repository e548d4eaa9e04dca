/// Which CORS origins a route answers (see `CORSPolicy`): public reads vs. everything else (admin, personal data).
public enum RouteAccess: Sendable, Equatable {
    case `public`
    case restricted
}
