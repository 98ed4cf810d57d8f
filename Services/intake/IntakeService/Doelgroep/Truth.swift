import SamenContracts

/// Whether a rule's condition holds for a person's facts, in three values: a condition over a missing fact is
/// unknown and names the facts it needs.
///
/// `&&` is read left to right as a guard: when the left side is unknown, the right side's own missing facts are
/// not asked for (whether someone was born abroad matters only once they are known to be Belgian), but a right
/// side that fails still makes the whole condition fail, since no value of the missing fact could make it hold.
public enum Truth: Sendable, Equatable {
    case holds
    case fails
    case unknown(Set<DoelgroepFact>)

    /// Unknown for want of `fact`.
    static func missing(_ fact: DoelgroepFact) -> Truth { .unknown([fact]) }

    init(_ value: Bool) { self = value ? .holds : .fails }

    public static func && (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        switch lhs {
        case .fails: return .fails
        case .holds: return rhs()
        case .unknown(let needed): return rhs() == .fails ? .fails : .unknown(needed)
        }
    }

    public static func || (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        switch lhs {
        case .holds: return .holds
        case .fails: return rhs()
        case .unknown(let needed):
            switch rhs() {
            case .holds: return .holds
            case .fails: return .unknown(needed)
            case .unknown(let more): return .unknown(needed.union(more))
            }
        }
    }

    public static prefix func ! (truth: Truth) -> Truth {
        switch truth {
        case .holds: .fails
        case .fails: .holds
        case .unknown: truth
        }
    }
}
