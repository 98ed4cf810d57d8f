import SamenRPC

/// Trajectory's API: the civic-integration contract and the trajectory it opens (docs/TRAJECTORY.md). Counsellors
/// and planners of the region call it with their own certificate; reporting and analysts read figures only.
public enum TrajectoryAPI {
    public static let service = "trajectory"

    static let staff: Set<StaffRole> = [.counsellor, .planner]
    static let validation = DeclaredError(.invalidArgument, "a field breaks its rule; the message and details[\"field\"] name it")
    static let stale = DeclaredError(.aborted, "the trajectory changed since the version the request names; read it again")
    static let unknown = DeclaredError(.notFound, "no trajectory with this id in the region")

    public static let sign = UnaryMethod<SignRequest, TrajectoryFile>(
        "trajectory/contracts.sign",
        "Signs the civic-integration contract of a person registered at the region's intake (read as the acting counsellor) and opens the trajectory.",
        policy: .agency(roles: staff),
        errors: [validation,
                 .init(.notFound, "intake has no file with this person id"),
                 .init(.failedPrecondition, "the person's doelgroep is not verplicht or rechthebbend, or the person was a minor at registration; the message names it"),
                 .init(.alreadyExists, "the person has a live trajectory in this region or another (details[\"trajectoryID\"] names it, details[\"region\"] the other region)"),
                 .init(.unavailable, "intake, or another region's trajectory service, could not be reached")])
    public static let get = UnaryMethod<TrajectoryRequest, TrajectoryFile>(
        "trajectory/trajectories.get",
        "A trajectory's whole file.",
        policy: .agency(roles: staff),
        errors: [validation, unknown])
    public static let list = UnaryMethod<TrajectoryListRequest, TrajectoryPage>(
        "trajectory/trajectories.list",
        "Trajectories by signing period and counsellor (or unassigned), newest first, a page at a time.",
        policy: .agency(roles: staff),
        errors: [validation])
    public static let updateComponent = UnaryMethod<ComponentUpdate, TrajectoryFile>(
        "trajectory/components.update",
        "Moves one component to its next state (planned, in-progress, completed; or exempted, or stopped with a reason) at the version read.",
        policy: .agency(roles: staff),
        errors: [validation, stale, unknown,
                 .init(.failedPrecondition, "the transition is not allowed from the component's state (details[\"field\"] is state)")])
    public static let reassign = UnaryMethod<ReassignRequest, TrajectoryFile>(
        "trajectory/trajectories.reassign",
        "Gives a trajectory another counsellor, or none; the history keeps every assignment.",
        policy: .agency(roles: staff),
        errors: [validation, stale, unknown,
                 .init(.failedPrecondition, "the counsellor is not an active counsellor of the region")])
    public static let upsertCounsellor = UnaryMethod<Counsellor, CounsellorLoad>(
        "trajectory/counsellors.upsert",
        "Adds a counsellor of the region or changes their languages and whether they take new trajectories.",
        policy: .agency(roles: staff),
        errors: [validation])
    public static let listCounsellors = UnaryMethod<Empty, CounsellorList>(
        "trajectory/counsellors.list",
        "Every counsellor of the region with their languages and caseload.",
        policy: .agency(roles: staff))
    public static let figures = FigureMethods.single(service, page: "docs/TRAJECTORY.md")
    public static let figuresBatch = FigureMethods.batch(service, page: "docs/TRAJECTORY.md")
    public static let audit = AuditAPI(service: service)
}
