@testable import AgoraAPI
import FoundationEssentials
import Testing

@Suite struct WebhookSignatureTests {
    /// The example of the Standard Webhooks specification's reference libraries (standard-webhooks, test vectors):
    /// secret, id, timestamp and payload give this v1 signature.
    @Test func theSpecificationsExampleSignsAsPublished() {
        let header = WebhookSignature.header(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                             timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func aNewSecretIsWhsecAndTwentyFourRandomBytes() {
        let secret = WebhookSignature.newSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(WebhookSignature.key(of: secret)?.count == 24)
        #expect(WebhookSignature.newSecret() != secret)
    }

    @Test func aMalformedSecretSignsNothing() {
        #expect(WebhookSignature.header(secret: "nope", id: "m", timestamp: 1, body: []) == nil)
        #expect(WebhookSignature.key(of: "whsec_***") == nil)
    }
}
