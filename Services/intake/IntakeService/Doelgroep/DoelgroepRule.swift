import SamenContracts

/// One rule of the doelgroep decision: when its condition holds (and no earlier rule's does), the person is in
/// its reason's doelgroep for that reason, on that legal basis.
public struct DoelgroepRule: Sendable {
    public let reason: DoelgroepReason
    /// The provision the rule applies, in words; see docs/DOELGROEP.md for the sources and readings.
    public let legalBasis: String
    let condition: @Sendable (DoelgroepFacts) -> Truth

    init(_ reason: DoelgroepReason, _ legalBasis: String, when condition: @escaping @Sendable (DoelgroepFacts) -> Truth) {
        self.reason = reason
        self.legalBasis = legalBasis
        self.condition = condition
    }

    public func evaluate(_ facts: DoelgroepFacts) -> Truth { condition(facts) }
}
