import SamenReferenceData
import SamenRPC

/// A new MO course group (maatschappelijke oriëntatie), as a planner plans it.
public struct MOGroupPlan: Codable, Sendable, Equatable {
    /// ISO 639-1 code, or ISO 639-3 for a language without one (`prs` Dari); see `SamenReferenceData.Language`.
    public var language: String
    /// True when the course is given in a contact language (a language the students share, e.g. `en` or `fr`),
    /// not in their own.
    public var contactLanguage: Bool
    /// Where the group meets: 1...120 characters.
    public var place: String
    public var from: CivilDate
    public var through: CivilDate
    /// Places in the group: 1...40.
    public var capacity: Int

    public init(language: String, contactLanguage: Bool = false, place: String, from: CivilDate, through: CivilDate, capacity: Int) {
        self.language = language
        self.contactLanguage = contactLanguage
        self.place = place
        self.from = from
        self.through = through
        self.capacity = capacity
    }
}

/// A course group with its counts: `enrolled` never exceeds `capacity`, and nobody waits while a place is free.
public struct MOGroup: Codable, Sendable, Equatable {
    /// `<region>-g<n>`.
    public var id: String
    public var region: String
    public var language: String
    public var contactLanguage: Bool
    public var place: String
    public var from: CivilDate
    public var through: CivilDate
    public var capacity: Int
    public var enrolled: Int
    public var waiting: Int

    public init(id: String, region: String, language: String, contactLanguage: Bool, place: String, from: CivilDate, through: CivilDate,
                capacity: Int, enrolled: Int, waiting: Int) {
        self.id = id
        self.region = region
        self.language = language
        self.contactLanguage = contactLanguage
        self.place = place
        self.from = from
        self.through = through
        self.capacity = capacity
        self.enrolled = enrolled
        self.waiting = waiting
    }
}

/// Where a person stands in a group.
public enum MOEnrolmentState: String, Codable, Sendable, CaseIterable {
    /// Has a place.
    case enrolled
    /// On the first-come waiting list (`position` 1 is next).
    case waiting
    /// Left the group (or the waiting list); kept as history.
    case cancelled
}

/// One person's enrolment in one group.
public struct MOEnrolment: Codable, Sendable, Equatable {
    public var groupID: String
    /// The person's id at intake (`<region>-p<n>`).
    public var personID: String
    public var state: MOEnrolmentState
    /// The place in the waiting list, 1 first; nil unless `waiting`. Positions of a group are always 1...n.
    public var position: Int?
    /// When the enrolment (or the waiting) began, in milliseconds since 1970.
    public var sinceMilliseconds: Int64

    public init(groupID: String, personID: String, state: MOEnrolmentState, position: Int?, sinceMilliseconds: Int64) {
        self.groupID = groupID
        self.personID = personID
        self.state = state
        self.position = position
        self.sinceMilliseconds = sinceMilliseconds
    }
}

/// A person to enrol in, or to take out of, a group.
public struct MOEnrolmentRequest: Codable, Sendable, Equatable {
    public var groupID: String
    public var personID: String
    public init(groupID: String, personID: String) {
        self.groupID = groupID
        self.personID = personID
    }
}

/// A cancellation and, when it freed a place, the person who moved up into it in the same transaction.
public struct MOCancellation: Codable, Sendable, Equatable {
    public var cancelled: MOEnrolment
    public var promoted: MOEnrolment?
    public init(cancelled: MOEnrolment, promoted: MOEnrolment?) {
        self.cancelled = cancelled
        self.promoted = promoted
    }
}

/// Which groups to list: all of the region, or those of one language (and place), a page at a time.
public struct MOGroupQuery: Codable, Sendable, Equatable {
    public var language: String?
    public var place: String?
    /// Groups running on this date or later (by `through`); nil: all.
    public var runningFrom: CivilDate?
    /// 1...500; nil: 100.
    public var limit: Int?
    /// The `next` of the previous page.
    public var after: String?

    public init(language: String? = nil, place: String? = nil, runningFrom: CivilDate? = nil, limit: Int? = nil, after: String? = nil) {
        self.language = language
        self.place = place
        self.runningFrom = runningFrom
        self.limit = limit
        self.after = after
    }
}

/// A page of groups in id order; `next` is given when there are more.
public struct MOGroupPage: Codable, Sendable, Equatable {
    public var groups: [MOGroup]
    public var next: String?
    public init(groups: [MOGroup], next: String?) {
        self.groups = groups
        self.next = next
    }
}

/// One group to read.
public struct MOGroupRequest: Codable, Sendable, Equatable {
    public var groupID: String
    public init(groupID: String) { self.groupID = groupID }
}

/// One group with who has a place (in the order they got it) and who waits (in line order).
public struct MOGroupDetail: Codable, Sendable, Equatable {
    public var group: MOGroup
    public var enrolled: [MOEnrolment]
    public var waiting: [MOEnrolment]
    public init(group: MOGroup, enrolled: [MOEnrolment], waiting: [MOEnrolment]) {
        self.group = group
        self.enrolled = enrolled
        self.waiting = waiting
    }
}

/// Trajectory's MO course supply (docs/TRAJECTORY.md, "MO course supply"): planners plan course groups with a
/// capacity; counsellors and planners enrol people, beyond capacity on a first-come waiting list, and a freed place
/// goes to the first in line in the cancellation's own transaction.
public enum MOCoursesAPI {
    public static let service = TrajectoryAPI.service

    static let planners: Set<StaffRole> = [.planner]
    static let enrollers: Set<StaffRole> = [.planner, .counsellor]
    static let validation = DeclaredError(.invalidArgument, "a field breaks its rule (language code, capacity 1...40, period, ...); details[\"field\"] names it")
    static let badID = DeclaredError(.invalidArgument, "groupID or personID is not 1...64 letters, digits or '-'; details[\"field\"] names it")
    static let unknownGroup = DeclaredError(.notFound, "no course group with this id in the region")

    public static let createGroup = UnaryMethod<MOGroupPlan, MOGroup>(
        "trajectory/mo.groups.create",
        "Plans an MO course group: language (or contact language), place, period and capacity 1...40.",
        policy: .agency(roles: planners),
        errors: [validation])
    public static let listGroups = UnaryMethod<MOGroupQuery, MOGroupPage>(
        "trajectory/mo.groups.list",
        "The region's course groups with their counts (no persons), by language and place, a page at a time.",
        policy: .agency(roles: enrollers),
        errors: [validation])
    public static let group = UnaryMethod<MOGroupRequest, MOGroupDetail>(
        "trajectory/mo.group",
        "One course group with its enrolled persons and its waiting list in line order.",
        policy: .agency(roles: enrollers),
        errors: [badID, unknownGroup])
    public static let enrol = UnaryMethod<MOEnrolmentRequest, MOEnrolment>(
        "trajectory/mo.enrol",
        "Enrols a person: a place if one is free, else the end of the waiting list with its position.",
        policy: .agency(roles: enrollers),
        errors: [badID, unknownGroup,
                 .init(.alreadyExists, "the person is enrolled or waiting in this group already"),
                 .init(.failedPrecondition, "the group's period has ended")])
    public static let cancel = UnaryMethod<MOEnrolmentRequest, MOCancellation>(
        "trajectory/mo.cancel",
        "Takes a person out of a group or its waiting list; a freed place goes to the first in line in the same transaction.",
        policy: .agency(roles: enrollers),
        errors: [badID, unknownGroup,
                 .init(.notFound, "the person is neither enrolled nor waiting in this group")])
}
