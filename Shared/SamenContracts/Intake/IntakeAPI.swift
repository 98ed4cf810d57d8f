import SamenRPC

/// An NT2 record of a previous system, naming its person by the external id their registration was imported with.
public struct NT2Import: Codable, Sendable, Equatable {
    public var personExternalID: String
    public var record: NT2Record
    public init(personExternalID: String, record: NT2Record) {
        self.personExternalID = personExternalID
        self.record = record
    }
}

/// Intake's API: the desk where a newcomer registers (docs/INTAKE.md). Staff call it with their own certificate;
/// the other agency services call it as themselves, on behalf of a staff member (the acting user).
public enum IntakeAPI {
    public static let service = "intake"

    static let deskRoles: Set<StaffRole> = [.desk]
    static let fileReaders: Set<StaffRole> = [.desk, .counsellor]
    static let validation = DeclaredError(.invalidArgument, "a field breaks its rule (INSZ check digits, codes, dates, ...); the message and details[\"field\"] name it")
    static let stale = DeclaredError(.aborted, "the file changed since the version the request names; read it again")
    static let unknownPerson = DeclaredError(.notFound, "no file with this person id in the region")

    // MARK: The person's file

    public static let register = UnaryMethod<Registration, PersonFile>(
        "intake/persons.register",
        "Registers a person at a desk: validates every field, checks the INSZ across every region, decides the doelgroep.",
        policy: .agency(roles: deskRoles),
        errors: [validation,
                 .init(.alreadyExists, "a file with this INSZ exists here or in another region (details[\"region\"] names it)"),
                 .init(.unavailable, "a region could not be asked about the INSZ (details[\"regions\"] names them); register with unverified=true to go on"),
                 .init(.aborted, "another desk is registering the same INSZ right now; try again")])
    public static let update = UnaryMethod<PersonUpdate, PersonFile>(
        "intake/persons.update",
        "Corrects a file or adds facts at the version read; facts the doelgroep rules use re-decide it, and history keeps each decision.",
        policy: .agency(roles: deskRoles),
        errors: [validation, stale, unknownPerson,
                 .init(.alreadyExists, "the INSZ added has a file here or in another region")])
    public static let get = UnaryMethod<PersonRequest, PersonFile>(
        "intake/persons.get",
        "A person's whole file in one call.",
        policy: .agency(services: ["trajectory"], roles: fileReaders),
        errors: [unknownPerson])
    public static let findByINSZ = UnaryMethod<INSZRequest, PersonFile>(
        "intake/persons.findByINSZ",
        "The file of an INSZ in this region.",
        policy: .agency(services: ["trajectory"], roles: fileReaders),
        errors: [validation, .init(.notFound, "no file with this INSZ in the region")])
    public static let findMatches = UnaryMethod<MatchRequest, MatchResponse>(
        "intake/persons.findMatches",
        "Likely matches for a person without an INSZ, by name (any order, accents ignored) and birth date, here and in every other region.",
        policy: .agency(roles: fileReaders),
        errors: [validation])
    public static let list = UnaryMethod<ListRequest, PersonPage>(
        "intake/persons.list",
        "Registrations by period, doelgroep and desk, newest first, a page at a time.",
        policy: .agency(roles: fileReaders),
        errors: [validation])
    public static let referToEducation = UnaryMethod<EducationReferralRequest, PersonFile>(
        "intake/persons.referToEducation",
        "Refers a minor to a school or an OKAN reception class.",
        policy: .agency(roles: deskRoles),
        errors: [validation, stale, unknownPerson,
                 .init(.failedPrecondition, "the person was an adult at registration (adults get a trajectory, not a school referral)")])
    public static let link = UnaryMethod<LinkRequest, PersonFile>(
        "intake/persons.link",
        "Links a file to another that may be the same person (never merges).",
        policy: .agency(roles: deskRoles),
        errors: [validation, stale, unknownPerson])

    // MARK: NT2

    public static let recordNT2 = UnaryMethod<NT2RecordRequest, PersonFile>(
        "intake/nt2.record",
        "Adds an NT2 conversation, test, referral, enrolment, UCT grant or certifying test to an adult's file.",
        policy: .agency(roles: deskRoles),
        errors: [validation, stale, unknownPerson,
                 .init(.failedPrecondition, "the person was a minor at registration (minors go to education)")])
    public static let nt2Providers = UnaryMethod<Empty, NT2Providers>(
        "intake/nt2.providers",
        "The region's NT2 course providers, for referrals and enrolments.",
        policy: .agency(roles: [.desk, .counsellor, .analyst]))

    // MARK: New inhabitants

    public static let reportSettlements = UnaryMethod<ImportBatch<Settlement>, ImportReport>(
        "intake/settlements.report",
        "The population register's report of who settled in the region, idempotent per register id; each gets a doelgroep decision.",
        policy: .agency(services: ["population-register"], roles: [.admin]),
        errors: [.init(.invalidArgument, "the batch is empty or too large (per-record problems are answered per record)")])
    public static let toInvite = UnaryMethod<InvitationRequest, InvitationPage>(
        "intake/settlements.toInvite",
        "Settlements in a period without a registration yet, verplicht first: whom the desk should invite.",
        policy: .agency(roles: deskRoles),
        errors: [validation])

    // MARK: Between regions' intakes

    public static let reserve = UnaryMethod<ClaimRequest, ClaimAnswer>(
        "intake/claims.reserve",
        "Another region's intake reserves an INSZ while it registers the person (one file per person across regions).",
        policy: .services(["intake"], regions: .anyRegion),
        errors: [validation])
    public static let release = UnaryMethod<ClaimRelease, Empty>(
        "intake/claims.release",
        "Lets go of a reservation; releasing an unknown claim succeeds.",
        policy: .services(["intake"], regions: .anyRegion),
        errors: [validation])
    public static let matchLocal = UnaryMethod<MatchRequest, MatchResponse>(
        "intake/persons.matchLocal",
        "This region's likely matches only: what another region's findMatches asks each region.",
        policy: .services(["intake"], regions: .anyRegion),
        errors: [validation])

    // MARK: Figures, import, audit

    public static let figures = FigureMethods.single(service, page: "docs/INTAKE.md")
    public static let figuresBatch = FigureMethods.batch(service, page: "docs/INTAKE.md")
    public static let importRegistrations = UnaryMethod<ImportBatch<Registration>, ImportReport>(
        "intake/import.registrations",
        "Historical registrations with their original dates, validated like live ones, idempotent per external id.",
        policy: .agency(roles: ImportPolicy.roles),
        errors: [.init(.invalidArgument, "the batch is empty or too large (per-record problems are answered per record)")])
    public static let importNT2 = UnaryMethod<ImportBatch<NT2Import>, ImportReport>(
        "intake/import.nt2",
        "Historical NT2 records, each naming its person by the external id of their imported registration.",
        policy: .agency(roles: ImportPolicy.roles),
        errors: [.init(.invalidArgument, "the batch is empty or too large (per-record problems are answered per record)")])
    public static let audit = AuditAPI(service: service)
}
