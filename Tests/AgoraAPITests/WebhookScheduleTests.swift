@testable import AgoraAPI
import Testing

@Suite struct WebhookScheduleTests {
    let schedule = WebhookSchedule(firstRetry: 5, maxInterval: 3600, giveUpAfter: 3 * 86400)

    @Test func waitsDoubleFromTheFirstRetryUpToTheCap() {
        #expect(schedule.delay(afterFailures: 1, unit: 0.5) == 5)
        #expect(schedule.delay(afterFailures: 2, unit: 0.5) == 10)
        #expect(schedule.delay(afterFailures: 5, unit: 0.5) == 80)
        #expect(schedule.delay(afterFailures: 30, unit: 0.5) == 3600)
        #expect(schedule.delay(afterFailures: 1_000, unit: 0.5) == 3600)
    }

    @Test func jitterStaysWithinTwentyPercent() {
        #expect(schedule.delay(afterFailures: 3, unit: 0) == 16)
        #expect(schedule.delay(afterFailures: 3, unit: 0.999_999) < 24)
        #expect(schedule.delay(afterFailures: 3, unit: 0.999_999) > 23.9)
    }

    @Test func retryAfterSecondsAreHonouredUpToTheGiveUpLimit() {
        #expect(schedule.retryAfter("120") == 120)
        #expect(schedule.retryAfter(" 7200 ") == 7200)
        #expect(schedule.retryAfter("999999999") == 259_200.0)
        #expect(schedule.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(schedule.retryAfter("-1") == nil)
        #expect(schedule.retryAfter(nil) == nil)
    }
}
