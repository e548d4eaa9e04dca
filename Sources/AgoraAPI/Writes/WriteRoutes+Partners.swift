import AgoraDomain
import AgoraJSON
import HTTPServer

// Partners: the `editor` role (or `admin`). `POST /partners` needs only a name: the id is the name's slug
// (made unique with -2, -3, …) and the kind defaults to `other`.
extension WriteRoutes {
    func registerPartnerWrites(in router: inout Router) {
        router.post("/partners", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let input = Self.withDefaultKind(try RequestBody.json(request))
            let derivesId = input["id"] == nil || input["id"] == .null
            let name: String = if case .string(let text)? = input["name"] { text } else { "" }
            return try submission.reply { state in try partnerCreation(input, derivingIdFrom: derivesId ? name : nil, in: state) }
        }
        router.put("/partners/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let input = try WriteInput.settingId(id, in: Self.withDefaultKind(try RequestBody.json(request)))
            let partner = try WriteInput.decode(Partner.self, from: input)
            return try submission.reply(partnerUpdate(partner), if: .ifMatch(of: request, on: .partner(id: id)))
        }
        router.patch("/partners/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let patch = try RequestBody.json(request, mediaType: "application/merge-patch+json")
            try WriteInput.requireKnownMembers(patch, WriteInput.partnerMembers)
            return try submission.reply(if: .ifMatch(of: request, on: .partner(id: id))) { state in
                guard let current = state.partners[id] else { throw APIError.domain(.notFound(.partner, id: id)) }
                let patched = MergePatch.apply(patch, to: WriteInput.encoded(current))
                return partnerUpdate(try WriteInput.decode(Partner.self, from: WriteInput.settingId(id, in: patched)))
            }
        }
        router.delete("/partners/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            return try submission.reply(StoreWrite(.deletePartner(partnerId: id)) { _, _ in Self.noContent() },
                                        if: .ifMatch(of: request, on: .partner(id: id)))
        }
    }

    /// Creates the partner; with a derived id (`name` given), a concurrent creation of the same name that took
    /// the slug first makes this one retry (up to 8 times) with the next free slug instead of failing with 409.
    private func partnerCreation(_ body: JSONInput, derivingIdFrom name: String?, in state: AgoraState) throws -> StoreWrite {
        var input = body
        if let name {
            input.set("id", .string(WriteInput.uniqueSlug(from: name, fallback: "partner") { state.partners[$0] != nil }))
        }
        let partner = try WriteInput.decode(Partner.self, from: input)
        return StoreWrite(.createPartner(partner: partner)) { _, state in
            partnerAnswer(partner, state: state, status: .created)
        }.answeringRefusals { error, attempt in
            if case .rejected(.conflict(.duplicateId)) = error, name != nil, attempt < 8 { return .retry }
            return .fail(APIError(error))
        }
    }

    private func partnerUpdate(_ partner: Partner) -> StoreWrite {
        StoreWrite(.updatePartner(partner: partner)) { _, state in partnerAnswer(partner, state: state, status: .ok) }
    }

    /// The partner as a GET now shows it, with its ETag; the submitted value if it is gone again.
    private func partnerAnswer(_ partner: Partner, state: AgoraState, status: HTTPStatus) -> Response {
        answer(.partner(id: partner.id), status: status) {
            var representation = representation(state)
            return representation.partner(partner, withEvents: true)
        }
    }

    /// `kind` may be left out; such a partner is filed as `other` until someone says better.
    static func withDefaultKind(_ input: JSONInput) -> JSONInput {
        var input = input
        if case .object = input, input["kind"] == nil || input["kind"] == .null { input.set("kind", .string("other")) }
        return input
    }
}
