import AgoraDomainTesting
import AgoraDomain
import FoundationEssentials
import Testing

/// The claim (cancellation-token digest, retry key and request digest) travels from the request to the
/// registration, loses the retry key and the personal-data digest on erasure, and older JSON without it still decodes.
@Suite struct RegistrationClaimTests {
    private let claim = RegistrationClaim(cancellationTokenSHA256: String(repeating: "a", count: 64),
                                          retryKey: "key-1", requestSHA256: String(repeating: "b", count: 64))

    @Test func claimIsKeptOnTheRegistrationAndSurvivesCoding() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules(capacity: 5)))
        var request = Fixture.request("r1")
        request.claim = claim
        try state.run(.register(request: request))
        #expect(state.registrations["r1"]?.claim == claim)
        let decoded = try JSONDecoder().decode(AgoraState.self, from: JSONEncoderForTests.encode(state))
        #expect(decoded.registrations["r1"]?.claim == claim)
    }

    @Test func erasureDropsTheRetryKeyAndRequestDigestButKeepsTheTokenDigest() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules(capacity: 5)))
        var request = Fixture.request("r1")
        request.claim = claim
        try state.run(.register(request: request))
        try state.run(.eraseRegistration(registrationId: "r1", at: Fixture.at("08:00", day: 2)))
        #expect(state.registrations["r1"]?.claim?.requestSHA256 == nil)
        #expect(state.registrations["r1"]?.claim?.retryKey == nil, "the client chose the key: it goes with the person")
        #expect(state.registrations["r1"]?.language == nil, "the person chose the language")
        #expect(state.registrations["r1"]?.claim?.cancellationTokenSHA256 == claim.cancellationTokenSHA256)
    }

    @Test func registrationJSONWithoutAClaimStillDecodes() throws {
        let old = #"{"id":"r1","eventId":"e","status":"confirmed","createdAt":"2030-06-01T10:00:00Z","sequence":1}"#
        let registration = try JSONDecoder().decode(Registration.self, from: Data(old.utf8))
        #expect(registration.claim == nil)
        let oldRequest = #"{"id":"r1","eventId":"e","name":"A","email":"a@b.lu","requestedAt":"2030-06-01T10:00:00Z"}"#
        #expect(try JSONDecoder().decode(RegistrationRequest.self, from: Data(oldRequest.utf8)).claim == nil)
    }
}
