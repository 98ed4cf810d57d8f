import SamenReferenceData
import SamenRPC

extension RPCError {
    /// A reference-data refusal (a language, nationality or municipality code) as the field error every agency
    /// method answers with: `invalid_argument`, `details["field"]` and the rule's stable name in `details["rule"]`.
    public static func invalidField(_ error: ReferenceDataError) -> RPCError {
        RPCError(.invalidArgument, error.message, details: ["field": error.field, "rule": error.rule.rawValue])
    }
}
