import SamenAgencyKit
import SamenContracts
import SamenRPC

/// The exemption test's figures for reporting. The annual report's "556 registered, 361 passed" counts the
/// region's own newcomers ("Gentse nieuwkomers schreven zich in"), wherever the test was held: that is
/// `exemption.tests.byResult`, counted by the booking region. What a test centre held for all regions is
/// `exemption.held.byRegion`, counted by the offering region. Both count bookings not cancelled, by test date.
public enum ExemptionFigure: String, FigureCatalogue {
    /// The region's trajectories' tests (registered = every row; passed, failed, or pending a result).
    case testsByResult = "exemption.tests.byResult"
    /// Tests held in the region's slots, by the region the candidate's trajectory is in.
    case heldByRegion = "exemption.held.byRegion"

    public var query: FigureQuery {
        switch self {
        case .testsByResult:
            FigureQuery(dimensions: ["result", "slotRegion"], measure: "tests", sql: """
                SELECT COALESCE(result, 'pending') AS k0, slot_region AS k1, COUNT(*) AS n FROM exemption_tests
                WHERE state = 'booked' AND tested_on BETWEEN ? AND ? GROUP BY k0, k1
                """)
        case .heldByRegion:
            FigureQuery(dimensions: ["bookingRegion", "result"], measure: "tests", sql: """
                SELECT b.booking_region AS k0, COALESCE(b.result, 'pending') AS k1, COUNT(*) AS n
                FROM exemption_bookings b JOIN exemption_slots s ON s.seq = b.slot_seq
                WHERE b.state = 'booked' AND s.date BETWEEN ? AND ? GROUP BY k0, k1
                """)
        }
    }
}
