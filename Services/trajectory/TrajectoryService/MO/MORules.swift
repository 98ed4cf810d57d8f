import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC

/// What a plan, a query or an enrolment must satisfy before it reaches the store; each refusal names its field.
enum MORules {
    static let capacity = 1...40
    static let placeLength = 1...120

    static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidField(field, problem)
    }

    static func place(_ text: String) throws(RPCError) -> String {
        let place = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard placeLength.contains(place.count) else { throw invalid("place", "must be \(placeLength.lowerBound)...\(placeLength.upperBound) characters") }
        return place
    }

    /// A plan with its language and place in canonical form.
    static func check(_ plan: MOGroupPlan) throws(RPCError) -> MOGroupPlan {
        var plan = plan
        plan.language = try AgencyFields.language(plan.language, field: "language")
        plan.place = try place(plan.place)
        guard capacity.contains(plan.capacity) else {
            throw invalid("capacity", "must be \(capacity.lowerBound)...\(capacity.upperBound) places, not \(plan.capacity)")
        }
        guard plan.through >= plan.from else { throw invalid("through", "(\(plan.through)) is before 'from' (\(plan.from))") }
        return plan
    }

    /// Ids are short printable ASCII: anything else cannot name a group or a person, and never reaches SQL or a log.
    static func identifier(_ text: String, field: String) throws(RPCError) {
        guard (1...64).contains(text.utf8.count),
              text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) }) else {
            throw invalid(field, "must be 1...64 letters, digits or '-'")
        }
    }

    static func check(_ request: MOEnrolmentRequest) throws(RPCError) {
        try identifier(request.groupID, field: "groupID")
        try identifier(request.personID, field: "personID")
    }
}
