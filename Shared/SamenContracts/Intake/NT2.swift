import SamenReferenceData

/// One thing that happened on a person's way to Dutch as a second language (NT2), as the report counts them.
public struct NT2Record: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Intake conversation (intakegesprek): learning ability and Dutch already known.
        case conversation
        /// A placement test; `result` says the level or the outcome.
        case test
        /// Referred to a course provider (`provider`).
        case referral
        /// Enrolled directly at a CVO (`provider`).
        case enrolment
        /// A grant for a course at UCT, paid by `funder`.
        case uctGrant = "uct-grant"
        /// A certifying test of Dutch, taken for `purpose`; `passed` says how it went.
        case certifyingTest = "certifying-test"
    }

    /// Who pays a UCT grant.
    public enum Funder: String, Codable, Sendable, CaseIterable {
        case city
        case flemish
    }

    /// What a certifying test is for (the five of the annual report).
    public enum Purpose: String, Codable, Sendable, CaseIterable {
        case nationality
        case socialHousing = "social-housing"
        case publicSectorJob = "public-sector-job"
        case kindEnGezinJob = "kind-en-gezin-job"
        case nt2Exemption = "nt2-exemption"
    }

    /// Given by the service; absent in a request.
    public var id: String?
    public var kind: Kind
    public var on: CivilDate
    /// For a referral or an enrolment: the provider's id in the region's list (`intake/nt2.providers`).
    public var provider: String?
    /// For a test: the level or outcome as the tester writes it (e.g. `A1`, `richtgraad 2`), at most 64 characters.
    public var result: String?
    public var funder: Funder?
    public var purpose: Purpose?
    public var passed: Bool?

    public init(id: String? = nil, kind: Kind, on: CivilDate, provider: String? = nil, result: String? = nil, funder: Funder? = nil,
                purpose: Purpose? = nil, passed: Bool? = nil) {
        self.id = id
        self.kind = kind
        self.on = on
        self.provider = provider
        self.result = result
        self.funder = funder
        self.purpose = purpose
        self.passed = passed
    }
}

/// A course provider for NT2 in a region (reference data: in Gent the six of the annual report).
public struct NT2Provider: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// Whether the desk enrols people directly (the CVOs) rather than referring them.
    public var directEnrolment: Bool
    public init(id: String, name: String, directEnrolment: Bool) {
        self.id = id
        self.name = name
        self.directEnrolment = directEnrolment
    }
}

/// The region's NT2 providers.
public struct NT2Providers: Codable, Sendable, Equatable {
    public var region: String
    public var providers: [NT2Provider]
    public init(region: String, providers: [NT2Provider]) {
        self.region = region
        self.providers = providers
    }
}
