#if canImport(Glibc)
import Glibc
#endif
@testable import SamenRPC
import XCTest

/// The server sizes its connection caps from the descriptors in use; counting them walks /proc/self/fd, whose
/// records are only as long as their names. The count follows descriptors opened and closed, many times over, so
/// that the directory's buffers end at every possible place.
final class DescriptorCountTests: XCTestCase {
    func testTheCountFollowsDescriptorsOpenedAndClosed() {
        for round in 0..<200 {
            let before = OpenFileLimit.descriptorsInUse()
            var pipes: [Int32] = []
            for _ in 0..<(round % 40 + 1) {
                var ends: [Int32] = [0, 0]
                XCTAssertEqual(pipe(&ends), 0)
                pipes += ends
            }
            let during = OpenFileLimit.descriptorsInUse()
            for descriptor in pipes { close(descriptor) }
            // Other tests' threads may open or close a few descriptors meanwhile; ours are the bulk of the change.
            XCTAssertGreaterThanOrEqual(during - before, pipes.count - 8, "round \(round)")
        }
    }
}
