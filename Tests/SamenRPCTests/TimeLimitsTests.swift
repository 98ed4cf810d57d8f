import SamenRPC
import XCTest

/// Numbers from the wire or a flag become durations and deadlines by saturating or by a named refusal, never a trap.
final class TimeLimitsTests: XCTestCase {
    func testNanosecondsSaturateInsteadOfOverflowing() {
        XCTAssertEqual(Duration.seconds(2).nanoseconds, 2_000_000_000)
        XCTAssertEqual(Duration.milliseconds(-5).nanoseconds, 0)
        XCTAssertEqual(Duration.seconds(-3.5).nanoseconds, 0)
        XCTAssertEqual(Duration.seconds(Int64.max).nanoseconds, UInt64.max)
        XCTAssertEqual(Duration.seconds(18_446_744_074).nanoseconds, UInt64.max, "just past UInt64.max nanoseconds")
        XCTAssertEqual(Duration.seconds(Int64.max).microseconds, UInt64.max / 1_000)
    }

    func testSaturatingInitializersCapAtInt64Nanoseconds() {
        XCTAssertEqual(Duration(saturatingMicroseconds: 1_500), .microseconds(1_500))
        XCTAssertEqual(Duration(saturatingMicroseconds: UInt64.max), .nanoseconds(Int64.max))
        XCTAssertEqual(Duration(saturatingMicroseconds: 1 << 63), .nanoseconds(Int64.max))
        XCTAssertEqual(Duration(saturatingNanoseconds: UInt64.max), .nanoseconds(Int64.max))
    }

    func testDeadlineSaturatesAtNever() {
        XCTAssertEqual(MonotonicClock.deadline(after: .seconds(Int64.max)), UInt64.max)
        XCTAssertEqual(MonotonicClock.deadline(after: .seconds(1), from: UInt64.max - 10), UInt64.max)
        XCTAssertEqual(MonotonicClock.deadline(after: .seconds(1), from: 5), 1_000_000_005)
        XCTAssertEqual(MonotonicClock.deadline(after: .seconds(-1), from: 5), 5)
    }

    func testCheckedSecondsRefuseWhatCannotBeADuration() {
        for value in [Double.nan, .infinity, -.infinity, -1, 1e300, 86_401] {
            XCTAssertThrowsError(try Duration.seconds(checking: value, field: "graceSeconds", maximum: .seconds(86_400)), "\(value)") { error in
                let error = error as? RPCError
                XCTAssertEqual(error?.status, .invalidArgument)
                XCTAssertEqual(error?.details["field"], "graceSeconds")
                XCTAssertTrue(error?.message.hasPrefix("graceSeconds must be a number of seconds from 0 to 86400") ?? false, "\(String(describing: error))")
            }
        }
        XCTAssertEqual(try Duration.seconds(checking: 2.5, field: "x", maximum: .seconds(10)), .milliseconds(2_500))
        XCTAssertEqual(try Duration.seconds(checking: 0, field: "x", maximum: .seconds(10)), .zero)
        XCTAssertThrowsError(try Duration.seconds(checking: 0, field: "x", maximum: .seconds(10), allowsZero: false))
    }
}
