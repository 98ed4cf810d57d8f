import SamenRPC
import XCTest

final class BackoffTests: XCTestCase {
    func testDoublesUpToTheMaximumAndResets() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: false)
        let delays = (0..<6).map { _ in backoff.nextDelay() }
        XCTAssertEqual(delays, [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        XCTAssertEqual(backoff.failures, 6)
        backoff.reset()
        XCTAssertEqual(backoff.nextDelay(), .milliseconds(100))
    }

    func testJitterStaysInTheUpperHalfOfEachStep() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(10), jitter: true)
        for step in [100, 200, 400, 800] {
            let delay = backoff.nextDelay()
            XCTAssertGreaterThanOrEqual(delay, .milliseconds(step / 2))
            XCTAssertLessThanOrEqual(delay, .milliseconds(step))
        }
    }

    func testManyFailuresDoNotOverflow() {
        var backoff = Backoff(initial: .milliseconds(1), maximum: .seconds(30), jitter: false)
        for _ in 0..<1_000 { _ = backoff.nextDelay() }
        XCTAssertEqual(backoff.nextDelay(), .seconds(30))
    }
}
