import SamenRPC

/// Verenigingen's API: the support desk for associations of ethnic-cultural minorities (docs/VERENIGINGEN.md).
/// The region's desk workers and counsellors call it with their own certificate; reporting and analysts read
/// figures only; the data protection officer and administrators read the audit trail; administrators import.
public enum VerenigingenAPI {
    public static let service = "verenigingen"

    /// The support desk's roles.
    public static let desk: Set<StaffRole> = [.desk, .counsellor]
    static let validation = DeclaredError(.invalidArgument, "a field breaks its rule; the message and details[\"field\"] name it")
    static let unknownAssociation = DeclaredError(.notFound, "no association with this id in the region")
    static let staleAssociation = DeclaredError(.aborted, "the association changed since the version the request names; read it again")
    static let staleApplication = DeclaredError(.aborted, "the application changed since the version the request names; read it again")
    static let unknownApplication = DeclaredError(.notFound, "no application with this id in the region")

    public static let createAssociation = UnaryMethod<NewAssociation, AssociationFile>(
        "verenigingen/associations.create",
        "Records an association (or people who intend to form one) of the region, with its contact persons.",
        policy: .agency(roles: desk),
        errors: [validation, .init(.alreadyExists, "an association of the region has this name (details[\"associationID\"] names it)")])
    public static let getAssociation = UnaryMethod<AssociationRequest, AssociationFile>(
        "verenigingen/associations.get",
        "An association's whole file, contact persons included (recorded in the audit trail).",
        policy: .agency(roles: desk),
        errors: [validation, unknownAssociation])
    public static let listAssociations = UnaryMethod<AssociationListRequest, AssociationPage>(
        "verenigingen/associations.list",
        "Associations by kind, focus, women's organisation and gender network, in the order recorded, without contact persons.",
        policy: .agency(roles: desk),
        errors: [validation])
    public static let updateAssociation = UnaryMethod<AssociationUpdate, AssociationFile>(
        "verenigingen/associations.update",
        "Changes an association's name, address, focus, languages, contact persons, umbrellas or gender network membership at the version read.",
        policy: .agency(roles: desk),
        errors: [validation, unknownAssociation, staleAssociation,
                 .init(.failedPrecondition, "the association is dissolved"),
                 .init(.alreadyExists, "another association of the region has the new name")])
    public static let recordStatus = UnaryMethod<StatusChange, AssociationFile>(
        "verenigingen/associations.recordStatus",
        "Records a step in an association's status over time (founded, recognised, recognition ended, dissolved) at the version read.",
        policy: .agency(roles: desk),
        errors: [validation, unknownAssociation, staleAssociation,
                 .init(.failedPrecondition, "the step does not follow from the current status (details[\"current\"] names it)")])
    public static let importAssociations = UnaryMethod<ImportBatch<NewAssociation>, ImportReport>(
        "verenigingen/associations.import",
        "Imports associations of the previous system, each validated as a live create, idempotent per external id.",
        policy: .agency(roles: ImportPolicy.roles),
        errors: [.init(.invalidArgument, "the batch holds no records or more than 500")])

    public static let recordContact = UnaryMethod<NewSupportContact, SupportContact>(
        "verenigingen/contacts.record",
        "Records a support contact with an association, by the calling staff member, with an optional follow-up and its due date.",
        policy: .agency(roles: desk),
        errors: [validation, unknownAssociation])
    public static let listContacts = UnaryMethod<ContactListRequest, SupportContactPage>(
        "verenigingen/contacts.list",
        "Support contacts by association and period, newest first, a page at a time.",
        policy: .agency(roles: desk),
        errors: [validation])
    public static let openFollowUps = UnaryMethod<OpenFollowUpsRequest, SupportContactPage>(
        "verenigingen/contacts.openFollowUps",
        "The desk's open follow-ups, earliest due first.",
        policy: .agency(roles: desk),
        errors: [validation])
    public static let closeFollowUp = UnaryMethod<CloseFollowUpRequest, SupportContact>(
        "verenigingen/contacts.closeFollowUp",
        "Closes a contact's open follow-up.",
        policy: .agency(roles: desk),
        errors: [validation, .init(.notFound, "no support contact with this id in the region"),
                 .init(.failedPrecondition, "the contact has no follow-up, or it is closed already")])
    public static let importContacts = UnaryMethod<ImportBatch<SupportContactImport>, ImportReport>(
        "verenigingen/contacts.import",
        "Imports support contacts of the previous system, each naming its association by the external id it was imported under.",
        policy: .agency(roles: ImportPolicy.roles),
        errors: [.init(.invalidArgument, "the batch holds no records or more than 500")])

    public static let recordEvent = UnaryMethod<NewNetworkEvent, NetworkEvent>(
        "verenigingen/events.record",
        "Records a network event: its day, theme, organisers, the associations that took part and how many people attended.",
        policy: .agency(roles: desk),
        errors: [validation, .init(.notFound, "a participant is no association of the region (details[\"field\"] names which)")])
    public static let listEvents = UnaryMethod<EventListRequest, NetworkEventPage>(
        "verenigingen/events.list",
        "Network events by period, newest first, a page at a time.",
        policy: .agency(roles: desk),
        errors: [validation])

    public static let openCall = UnaryMethod<NewSubsidyCall, SubsidyCall>(
        "verenigingen/subsidies.openCall",
        "Opens a call for project subsidies with a theme, a budget in euro cents and a deadline.",
        policy: .agency(roles: desk),
        errors: [validation])
    public static let listCalls = UnaryMethod<Empty, SubsidyCallList>(
        "verenigingen/subsidies.listCalls",
        "Every call of the region with its budget and what it has granted, newest first.",
        policy: .agency(roles: desk))
    public static let getCall = UnaryMethod<CallRequest, SubsidyCallDetail>(
        "verenigingen/subsidies.call",
        "A call with every application to it.",
        policy: .agency(roles: desk),
        errors: [validation, .init(.notFound, "no call with this id in the region")])
    public static let apply = UnaryMethod<NewSubsidyApplication, SubsidyApplication>(
        "verenigingen/subsidies.apply",
        "Records an association's application to a call: its project and the amount asked.",
        policy: .agency(roles: desk),
        errors: [validation, .init(.notFound, "no such call or association in the region"),
                 .init(.failedPrecondition, "the call's deadline has passed, or the association is dissolved")])
    public static let assess = UnaryMethod<AssessmentRequest, SubsidyApplication>(
        "verenigingen/subsidies.assess",
        "Records the assessment of a submitted application at the version read.",
        policy: .agency(roles: desk),
        errors: [validation, unknownApplication, staleApplication,
                 .init(.failedPrecondition, "the application is not submitted (details[\"current\"] names its state)")])
    public static let decide = UnaryMethod<DecisionRequest, SubsidyApplication>(
        "verenigingen/subsidies.decide",
        "Grants an assessed application an amount within what its call has left, or refuses it with a reason, at the version read.",
        policy: .agency(roles: desk),
        errors: [validation, unknownApplication, staleApplication,
                 .init(.failedPrecondition, "the application is not assessed, or the amount exceeds what the call has left (details[\"remainingCents\"])")])
    public static let pay = UnaryMethod<InstalmentRequest, SubsidyApplication>(
        "verenigingen/subsidies.pay",
        "Records an instalment of a granted subsidy; all instalments together never exceed the granted amount.",
        policy: .agency(roles: desk),
        errors: [validation, unknownApplication, staleApplication,
                 .init(.failedPrecondition, "the application is not granted, or the amount exceeds what is left to pay (details[\"remainingCents\"])")])
    public static let report = UnaryMethod<ProjectReportRequest, SubsidyApplication>(
        "verenigingen/subsidies.report",
        "Records the report the association delivered on a granted project.",
        policy: .agency(roles: desk),
        errors: [validation, unknownApplication, staleApplication,
                 .init(.failedPrecondition, "the application is not granted, or its report was recorded already")])

    public static let figures = FigureMethods.single(service, page: "docs/VERENIGINGEN.md")
    public static let figuresBatch = FigureMethods.batch(service, page: "docs/VERENIGINGEN.md")
    public static let audit = AuditAPI(service: service)
}
