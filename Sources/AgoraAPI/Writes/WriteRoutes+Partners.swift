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
            return .later { completion in
                createPartner(input, name: derivesId ? name : nil, attempt: 0, completion: completion)
            }
        }
        router.put("/partners/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let input = try WriteInput.settingId(id, in: Self.withDefaultKind(try RequestBody.json(request)))
            let partner = try WriteInput.decode(Partner.self, from: input)
            return try conditionally(request, resource: "partner/\(id)", path: "/partners/\(id)") { updatePartner(partner) }
        }
        router.patch("/partners/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let patch = try RequestBody.json(request, mediaType: "application/merge-patch+json")
            try WriteInput.requireKnownMembers(patch, WriteInput.partnerMembers)
            return try conditionally(request, resource: "partner/\(id)", path: "/partners/\(id)") {
                guard let current = api.store.state.partners[id] else { throw APIError.domain(.notFound(.partner, id: id)) }
                let patched = MergePatch.apply(patch, to: WriteInput.encoded(current))
                return updatePartner(try WriteInput.decode(Partner.self, from: WriteInput.settingId(id, in: patched)))
            }
        }
        router.delete("/partners/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            return try conditionally(request, resource: "partner/\(id)", path: "/partners/\(id)") {
                submission.reply(.deletePartner(partnerId: id)) { _, _ in Self.noContent() }
            }
        }
    }

    /// Creates the partner; with a derived id (`name` given), a concurrent creation of the same name that
    /// took the slug first makes this one retry with the next free slug instead of failing with 409.
    private func createPartner(_ body: JSONInput, name: String?, attempt: Int, completion: ResponseCompletion) {
        var input = body
        if let name {
            let state = api.store.state
            input.set("id", .string(WriteInput.uniqueSlug(from: name, fallback: "partner") { state.partners[$0] != nil }))
        }
        let partner: Partner
        do { partner = try WriteInput.decode(Partner.self, from: input) } catch {
            completion.fail(error)
            return
        }
        api.store.submit(.createPartner(partner: partner)) { result in
            switch result {
            case .success:
                var response = answer(representation(api.store.state).partner(partner, withEvents: true),
                                      path: "/partners/\(partner.id)", status: .created)
                response.headers.set("Cache-Control", "no-store")
                completion.succeed(response)
            case .failure(.rejected(.conflict(.duplicateId))) where name != nil && attempt < 8:
                createPartner(body, name: name, attempt: attempt + 1, completion: completion)
            case .failure(let error):
                completion.fail(APIError(error))
            }
        }
    }

    private func updatePartner(_ partner: Partner) -> Reply {
        submission.reply(.updatePartner(partner: partner)) { _, state in
            answer(representation(state).partner(state.partners[partner.id] ?? partner, withEvents: true),
                   path: "/partners/\(partner.id)")
        }
    }

    /// `kind` may be left out; such a partner is filed as `other` until someone says better.
    static func withDefaultKind(_ input: JSONInput) -> JSONInput {
        var input = input
        if case .object = input, input["kind"] == nil || input["kind"] == .null { input.set("kind", .string("other")) }
        return input
    }
}
