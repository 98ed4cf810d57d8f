import SamenRPC

/// Tolkdienst's API: social interpreting, matched without double booking, and translations with their library
/// (docs/TOLKDIENST.md). Planners of the
/// region keep organisations and interpreters, match and assign; desk staff and the agency's own services book and
/// cancel for an organisation; reporting and analysts read figures only. Every method admits the staff and services
/// of the regions a central instance serves (`.servedRegions`) as those of its own, the audit trail's dpo and admin
/// too (a served region's people have their tolkdienst file there).
public enum TolkdienstAPI {
    public static let service = "tolkdienst"

    static let planners: Set<StaffRole> = [.planner]
    static let bookers: Set<StaffRole> = [.planner, .desk]
    /// The agency's own services that book an interpreter for their conversations, as the acting staff member.
    static let bookingServices: Set<String> = ["intake", "trajectory"]
    static let validation = DeclaredError(.invalidArgument, "a field breaks its rule; the message and details[\"field\"] name it")
    static let stale = DeclaredError(.aborted, "the record changed since the version the request names; read it again")
    static let unknown = DeclaredError(.notFound, "no record with this id in the service (details[\"field\"] names the id)")
    static let wrongState = DeclaredError(.failedPrecondition, "the request is not in a state that allows this (details[\"state\"] names it)")

    public static let addOrganisation = UnaryMethod<OrganisationInput, Organisation>(
        "tolkdienst/organisations.add",
        "Adds an organisation that uses the service: sector, contact, region and its cooperation agreement.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation])
    public static let updateOrganisation = UnaryMethod<OrganisationUpdate, Organisation>(
        "tolkdienst/organisations.update",
        "Changes an organisation (e.g. extends its agreement) at the version read.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown])
    public static let listOrganisations = UnaryMethod<TolkdienstPageRequest, OrganisationPage>(
        "tolkdienst/organisations.list",
        "The organisations in id order, a page at a time.",
        policy: .agency(roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation])
    public static let addInterpreter = UnaryMethod<InterpreterProfile, Interpreter>(
        "tolkdienst/interpreters.add",
        "Adds an interpreter (and translator): languages, modes, regions, weekly hours, exceptions, language pairs, sworn.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation])
    public static let updateInterpreter = UnaryMethod<InterpreterUpdate, Interpreter>(
        "tolkdienst/interpreters.update",
        "Changes an interpreter's profile at the version read; their assignments stay.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown])
    public static let getInterpreter = UnaryMethod<InterpreterRequest, Interpreter>(
        "tolkdienst/interpreters.get",
        "One interpreter's profile.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, unknown])
    public static let listInterpreters = UnaryMethod<TolkdienstPageRequest, InterpreterPage>(
        "tolkdienst/interpreters.list",
        "The interpreters in id order, a page at a time.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation])
    public static let createRequest = UnaryMethod<InterpretingRequestInput, InterpretingRequest>(
        "tolkdienst/requests.create",
        "Books an interpreter for an organisation: mode, language, date, start, duration, place or link, optional person id.",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation,
                 .init(.notFound, "no organisation with this id"),
                 .init(.failedPrecondition, "the organisation has no cooperation agreement on the request's date (details[\"field\"] is organisationID)")])
    public static let getRequest = UnaryMethod<RequestReference, InterpretingRequest>(
        "tolkdienst/requests.get",
        "One interpreting request with its assignment and outcome.",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, unknown])
    public static let listRequests = UnaryMethod<RequestListRequest, RequestPage>(
        "tolkdienst/requests.list",
        "Requests by date and state (open ones are what planners match), in id order, a page at a time.",
        policy: .agency(roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation])
    public static let cancelRequest = UnaryMethod<RequestChange, InterpretingRequest>(
        "tolkdienst/requests.cancel",
        "Cancels a request for the organisation, with a reason; less than 24 hours before the start it is recorded as late.",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let match = UnaryMethod<RequestReference, MatchResult>(
        "tolkdienst/matching.candidates",
        "The interpreters free for an open request, best first, and why each other interpreter was left out.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, unknown, wrongState])
    public static let assign = UnaryMethod<AssignRequest, InterpretingRequest>(
        "tolkdienst/assignments.assign",
        "Assigns an interpreter to an open request; the calendar refuses an overlapping assignment (travel time included) in the same transaction.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown,
                 .init(.failedPrecondition, "the interpreter is booked at an overlapping time (travel time included), fails a matching rule, or the request is not open; the message names which")])
    public static let confirm = UnaryMethod<RequestChange, InterpretingRequest>(
        "tolkdienst/assignments.confirm",
        "Records the interpreter's yes to an assignment.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let decline = UnaryMethod<RequestChange, InterpretingRequest>(
        "tolkdienst/assignments.decline",
        "Records the interpreter's no, with a reason: the request is open again and matching leaves them out.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let complete = UnaryMethod<CompletionRequest, InterpretingRequest>(
        "tolkdienst/assignments.complete",
        "Records the minutes actually interpreted on a confirmed assignment, once it has started.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let noShow = UnaryMethod<NoShowRequest, InterpretingRequest>(
        "tolkdienst/assignments.noShow",
        "Records that the client or the interpreter did not come to a confirmed assignment, once it has started.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let orderTranslation = UnaryMethod<TranslationOrderInput, TranslationOrderResult>(
        "tolkdienst/translations.order",
        "Orders a translation for an organisation; an informative one the library already holds is offered first (nothing is stored then).",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation,
                 .init(.notFound, "no organisation or library entry with this id"),
                 .init(.failedPrecondition, "the organisation has no cooperation agreement today, or the library entry does not fit the order")])
    public static let getTranslation = UnaryMethod<TranslationReference, Translation>(
        "tolkdienst/translations.get",
        "One translation with its state.",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, unknown])
    public static let assignTranslator = UnaryMethod<TranslatorAssignment, Translation>(
        "tolkdienst/translations.assign",
        "Assigns a translator who translates the pair; an official translation only to a sworn translator.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown,
                 .init(.failedPrecondition, "the translator lacks the language pair or is not sworn for an official translation, or the translation is not ordered")])
    public static let deliverTranslation = UnaryMethod<TranslationDelivery, Translation>(
        "tolkdienst/translations.deliver",
        "Records the delivery; an informative translation may be kept in the library for reuse.",
        policy: .agency(roles: planners, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let cancelTranslation = UnaryMethod<TranslationCancellation, Translation>(
        "tolkdienst/translations.cancel",
        "Cancels an ordered or assigned translation, with a reason.",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation, stale, unknown, wrongState])
    public static let searchLibrary = UnaryMethod<LibrarySearch, LibraryPage>(
        "tolkdienst/library.search",
        "The translation library's entries by document kind, title words and language, newest first.",
        policy: .agency(services: bookingServices, roles: bookers, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [validation])
    static let figuresPolicy = CallerPolicy.agency(services: ["reporting"], roles: [.analyst], regions: .anyRegion, staffRegions: .servedRegions)
    public static let figures = FigureMethods.single(service, page: "docs/TOLKDIENST.md", policy: figuresPolicy)
    public static let figuresBatch = FigureMethods.batch(service, page: "docs/TOLKDIENST.md", policy: figuresPolicy)
    static let batch = DeclaredError(.invalidArgument, "the batch is empty or too large (per-record problems are answered per record)")
    public static let importOrganisations = UnaryMethod<ImportBatch<OrganisationInput>, ImportReport>(
        "tolkdienst/import.organisations",
        "Historical organisations with their agreements, validated like live ones, idempotent per external id.",
        policy: .agency(roles: ImportPolicy.roles, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [batch])
    public static let importInterpreters = UnaryMethod<ImportBatch<InterpreterProfile>, ImportReport>(
        "tolkdienst/import.interpreters",
        "Historical interpreters and translators, validated like live ones, idempotent per external id.",
        policy: .agency(roles: ImportPolicy.roles, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [batch])
    public static let importAssignments = UnaryMethod<ImportBatch<HistoricalAssignment>, ImportReport>(
        "tolkdienst/import.assignments",
        "Historical requests with their assignment and outcome (minutes, no-show, cancellation); the calendar refuses a double booking here too.",
        policy: .agency(roles: ImportPolicy.roles, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [batch])
    public static let importTranslations = UnaryMethod<ImportBatch<HistoricalTranslation>, ImportReport>(
        "tolkdienst/import.translations",
        "Historical translations, delivered (an official one by a sworn translator of the pair) or cancelled, idempotent per external id.",
        policy: .agency(roles: ImportPolicy.roles, regions: .servedRegions, staffRegions: .servedRegions),
        errors: [batch])
    public static let audit = AuditAPI(service: service, staffRegions: .servedRegions)
}
