import SamenContracts
import SamenReferenceData
import SamenRPC

/// Trajectory's MO exemption-test methods with an example request each, for `samenctl call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addExemption() {
        add(ExemptionAPI.createSlot, example: ExemptionSlotPlan(date: try! CivilDate("2026-12-14"), start: "09:30", place: "Gent, Wolterslaan 16",
                                                                capacity: 24))
        add(ExemptionAPI.listSlots, example: ExemptionSlotQuery(region: "gent", limit: 20))
        add(ExemptionAPI.slot, example: ExemptionSlotRequest(slotID: "gent-s1"))
        add(ExemptionAPI.book, example: ExemptionBookRequest(trajectoryID: "antwerpen-t1", slotID: "gent-s1"))
        add(ExemptionAPI.cancel, example: ExemptionBookingRequest(bookingID: "gent-b1"))
        add(ExemptionAPI.bookFor, example: ExemptionBookForRequest(slotID: "gent-s1", trajectoryID: "antwerpen-t1",
                                                                   name: PersonName(given: "Testa", family: "Voorbeeld")))
        add(ExemptionAPI.cancelFor, example: ExemptionBookingRequest(bookingID: "gent-b1"))
        add(ExemptionAPI.recordResult, example: ExemptionResultRequest(bookingID: "gent-b1", result: .passed))
        add(ExemptionAPI.deliverResult, example: ExemptionResultDelivery(bookingID: "gent-b1", trajectoryID: "antwerpen-t1", result: .passed,
                                                                         testedOn: try! CivilDate("2026-12-14")))
    }
}
