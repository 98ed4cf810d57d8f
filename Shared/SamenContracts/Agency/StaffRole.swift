import SamenRPC

/// What a staff member does at an agency, as named in their certificate (`samen-role:<role>` URI SANs).
///
/// Roles come from the certificate the mesh CA issued (`samenctl pki issue-staff`), never from a message, and a
/// method's policy names the roles it admits; a role not named is refused.
public enum StaffRole: String, CaseIterable, Sendable, Codable, Comparable {
    /// Desk worker (loketmedewerker): registers people, looks them up, records NT2 conversations.
    case desk
    /// Trajectory counsellor (trajectbegeleider).
    case counsellor
    /// Planner: course groups, test slots, interpreter assignments.
    case planner
    /// Analyst: figures and reports, never a person's file.
    case analyst
    /// Data protection officer: the audit trail and the exports a person asks for.
    case dpo
    /// Administrator of the agency's data (corrections, imports).
    case admin

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension CallerPolicy {
    /// An agency method's policy: these mesh services (of the server's region unless `regions` says otherwise) and
    /// staff holding one of `roles` (of the server's region unless `staffRegions` says otherwise); nobody else.
    public static func agency(services: Set<String> = [], roles: Set<StaffRole>, regions: RegionScope = .sameRegion,
                              staffRegions: RegionScope = .sameRegion) -> CallerPolicy {
        .services(services, regions: regions, staffRoles: Set(roles.map(\.rawValue)), staffRegions: staffRegions)
    }
}
