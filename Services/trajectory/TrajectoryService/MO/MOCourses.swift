import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

/// The MO course supply of one region's trajectory service: course groups with a capacity, enrolments with a
/// first-come waiting list, cancellations that hand the freed place to the first in line. It keeps its tables in
/// the trajectory service's `AgencyStore` (migrations `MOSchema.migrations`), so every enrolment and cancellation
/// is idempotent under the call's key and audited per person by the kit.
///
/// Places are exact under concurrency because each enrolment and cancellation is one SQLite write transaction
/// (`BEGIN IMMEDIATE` on the store's one writer) that reads the group's counts and changes them with the rows.
public final class MOCourses: Sendable {
    let store: AgencyStore
    let region: String
    /// The trajectories an enrolment serves (docs/TRAJECTORY-EXEMPTION.md, "MO enrolment and the MO component").
    let records: TrajectoryRecords

    public init(store: AgencyStore, region: String) {
        self.store = store
        self.region = region
        records = TrajectoryRecords(region: region)
    }

    /// Registers every MOCoursesAPI method with the policy its contract declares.
    public func register(on server: RPCServer) {
        server.register(MOCoursesAPI.createGroup) { [self] plan, context in try await createGroup(plan, context) }
        server.register(MOCoursesAPI.listGroups) { [self] query, context in try await listGroups(query, context) }
        server.register(MOCoursesAPI.group) { [self] request, context in try await group(request, context) }
        server.register(MOCoursesAPI.enrol) { [self] request, context in try await enrol(request, context) }
        server.register(MOCoursesAPI.cancel) { [self] request, context in try await cancel(request, context) }
    }

    /// Today in Europe/Brussels by the store's clock.
    var today: CivilDate { CivilDate.today(at: store.currentTime) }
}
