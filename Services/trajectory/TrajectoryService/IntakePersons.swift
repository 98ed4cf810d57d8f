import SamenContracts
import SamenRPC

/// Reads a person's file from the region's intake as the acting staff member (so intake's audit trail shows who),
/// with intake's answers mapped to what trajectory's callers are told: `not_found` and `invalid_argument` name the
/// field, anything else is `unavailable` (or `permission_denied` as intake said it).
struct IntakePersons: Sendable {
    let intake: IntakeClient
    let region: String
    /// How long intake may take to hand out a person's file.
    let timeout: Duration

    func read(_ personID: String, field: String = "personID") async throws -> PersonFile {
        do {
            return try await intake.get(personID, options: CallOptions(timeout: timeout))
        } catch let error as RPCError where error.status == .notFound || error.status == .invalidArgument {
            throw RPCError(error.status, "intake: \(error.message)", details: ["field": field])
        } catch let error as RPCError {
            throw RPCError(error.status == .permissionDenied ? .permissionDenied : .unavailable,
                           "intake of \(region) did not hand out the person: \(error.status.name): \(error.message)")
        } catch {
            throw RPCError(.unavailable, "intake of \(region) did not hand out the person: \(error)")
        }
    }
}
