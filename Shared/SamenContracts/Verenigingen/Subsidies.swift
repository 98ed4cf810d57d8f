import SamenReferenceData

/// A call for project subsidies (projectoproep): a theme, a budget and a deadline for applications.
public struct NewSubsidyCall: Codable, Sendable, Equatable {
    /// 1...120 characters.
    public var theme: String
    /// Euro cents: 1...10,000,000,000 (100 million euro).
    public var budgetCents: Int64
    /// The last day an application can be submitted.
    public var deadline: CivilDate

    public init(theme: String, budgetCents: Int64, deadline: CivilDate) {
        self.theme = theme
        self.budgetCents = budgetCents
        self.deadline = deadline
    }
}

/// A call with what it has granted: `grantedCents` never exceeds `budgetCents`, even under concurrent decisions.
public struct SubsidyCall: Codable, Sendable, Equatable {
    /// `<region>-s<n>`.
    public var callID: String
    public var theme: String
    public var budgetCents: Int64
    public var grantedCents: Int64
    public var deadline: CivilDate

    public init(callID: String, theme: String, budgetCents: Int64, grantedCents: Int64, deadline: CivilDate) {
        self.callID = callID
        self.theme = theme
        self.budgetCents = budgetCents
        self.grantedCents = grantedCents
        self.deadline = deadline
    }

    /// What the call can still grant.
    public var remainingCents: Int64 { budgetCents - grantedCents }
}

/// An association's application to a call.
public struct NewSubsidyApplication: Codable, Sendable, Equatable {
    public var callID: String
    public var associationID: String
    /// The project: 1...200 characters.
    public var project: String
    /// 1...the call's budget, in euro cents.
    public var askedCents: Int64
    /// Default today; on or before the call's deadline, not after today.
    public var submittedOn: CivilDate?

    public init(callID: String, associationID: String, project: String, askedCents: Int64, submittedOn: CivilDate? = nil) {
        self.callID = callID
        self.associationID = associationID
        self.project = project
        self.askedCents = askedCents
        self.submittedOn = submittedOn
    }
}

/// Where an application stands: submitted → assessed → granted or refused.
public enum ApplicationState: String, Codable, Sendable, CaseIterable {
    case submitted
    case assessed
    case granted
    case refused
}

/// One payment of a granted subsidy.
public struct Instalment: Codable, Sendable, Equatable {
    public var amountCents: Int64
    public var paidOn: CivilDate
    public init(amountCents: Int64, paidOn: CivilDate) {
        self.amountCents = amountCents
        self.paidOn = paidOn
    }
}

/// The report an association delivers after its project.
public struct ProjectReport: Codable, Sendable, Equatable {
    public var deliveredOn: CivilDate
    /// 1...2000 characters.
    public var summary: String
    public init(deliveredOn: CivilDate, summary: String) {
        self.deliveredOn = deliveredOn
        self.summary = summary
    }
}

/// An application with its assessment, decision, payments and report.
public struct SubsidyApplication: Codable, Sendable, Equatable {
    /// `<region>-a<n>`.
    public var applicationID: String
    public var callID: String
    public var associationID: String
    public var associationName: String
    public var womensOrganisation: Bool
    public var genderNetwork: Bool
    /// Raised by one with every change; a change names the version it read.
    public var version: Int64
    public var project: String
    public var askedCents: Int64
    public var submittedOn: CivilDate
    public var state: ApplicationState
    public var assessment: String?
    public var grantedCents: Int64?
    public var refusalReason: String?
    public var decidedOn: CivilDate?
    public var instalments: [Instalment]
    public var report: ProjectReport?

    public init(applicationID: String, callID: String, associationID: String, associationName: String, womensOrganisation: Bool,
                genderNetwork: Bool, version: Int64, project: String, askedCents: Int64, submittedOn: CivilDate, state: ApplicationState,
                assessment: String? = nil, grantedCents: Int64? = nil, refusalReason: String? = nil, decidedOn: CivilDate? = nil,
                instalments: [Instalment] = [], report: ProjectReport? = nil) {
        self.applicationID = applicationID
        self.callID = callID
        self.associationID = associationID
        self.associationName = associationName
        self.womensOrganisation = womensOrganisation
        self.genderNetwork = genderNetwork
        self.version = version
        self.project = project
        self.askedCents = askedCents
        self.submittedOn = submittedOn
        self.state = state
        self.assessment = assessment
        self.grantedCents = grantedCents
        self.refusalReason = refusalReason
        self.decidedOn = decidedOn
        self.instalments = instalments
        self.report = report
    }

    /// What the instalments add up to; never more than `grantedCents`.
    public var paidCents: Int64 { instalments.reduce(0) { $0 + $1.amountCents } }
}

/// Names an application at the version the caller read.
public struct ApplicationReference: Codable, Sendable, Equatable {
    public var applicationID: String
    public var version: Int64
    public init(applicationID: String, version: Int64) {
        self.applicationID = applicationID
        self.version = version
    }
}

/// The desk's assessment of a submitted application.
public struct AssessmentRequest: Codable, Sendable, Equatable {
    public var application: ApplicationReference
    /// 1...2000 characters.
    public var assessment: String
    public init(application: ApplicationReference, assessment: String) {
        self.application = application
        self.assessment = assessment
    }
}

/// The decision on an assessed application: exactly one of a granted amount (1...asked, within what the call has
/// left) and a refusal reason.
public struct DecisionRequest: Codable, Sendable, Equatable {
    public var application: ApplicationReference
    public var grantedCents: Int64?
    /// 1...200 characters.
    public var refusalReason: String?
    /// Default today; on or after the submission, not after today.
    public var decidedOn: CivilDate?

    public init(application: ApplicationReference, grantedCents: Int64? = nil, refusalReason: String? = nil, decidedOn: CivilDate? = nil) {
        self.application = application
        self.grantedCents = grantedCents
        self.refusalReason = refusalReason
        self.decidedOn = decidedOn
    }
}

/// A payment of a granted subsidy: all instalments together never exceed the granted amount.
public struct InstalmentRequest: Codable, Sendable, Equatable {
    public var application: ApplicationReference
    /// 1...what is left to pay, in euro cents.
    public var amountCents: Int64
    /// Default today; on or after the decision, not after today.
    public var paidOn: CivilDate?

    public init(application: ApplicationReference, amountCents: Int64, paidOn: CivilDate? = nil) {
        self.application = application
        self.amountCents = amountCents
        self.paidOn = paidOn
    }
}

/// The association's report on a granted project.
public struct ProjectReportRequest: Codable, Sendable, Equatable {
    public var application: ApplicationReference
    public var report: ProjectReport
    public init(application: ApplicationReference, report: ProjectReport) {
        self.application = application
        self.report = report
    }
}

/// Asks for one call and its applications.
public struct CallRequest: Codable, Sendable, Equatable {
    public var callID: String
    public init(callID: String) { self.callID = callID }
}

/// A call with every application to it, oldest first.
public struct SubsidyCallDetail: Codable, Sendable, Equatable {
    public var call: SubsidyCall
    public var applications: [SubsidyApplication]
    public init(call: SubsidyCall, applications: [SubsidyApplication]) {
        self.call = call
        self.applications = applications
    }
}

/// Every call of the region, newest first.
public struct SubsidyCallList: Codable, Sendable, Equatable {
    public var calls: [SubsidyCall]
    public init(calls: [SubsidyCall]) { self.calls = calls }
}
