import SamenContracts
import SamenRPC

/// The NT2 course providers per region, as reference data: Gent's six from the 2019 annual report; other regions
/// name theirs with `--option nt2-providers=id:Name[:direct],...` until their lists are known.
enum NT2ProviderList {
    static let gent: [NT2Provider] = [
        NT2Provider(id: "cbe-leerpunt", name: "Centrum voor Basiseducatie Leerpunt", directEnrolment: false),
        NT2Provider(id: "cvo-gent", name: "CVO Gent", directEnrolment: true),
        NT2Provider(id: "pcvo-het-perspectief", name: "PCVO Het Perspectief", directEnrolment: true),
        NT2Provider(id: "uct", name: "Universitair Centrum voor Talenonderwijs (UGent)", directEnrolment: false),
        NT2Provider(id: "vdab", name: "VDAB", directEnrolment: false),
        NT2Provider(id: "kisp", name: "KISP", directEnrolment: false),
    ]

    /// Every region has basic education, a CVO and VDAB; Gent has its own list.
    static func defaults(for region: String) -> [NT2Provider] {
        if region == "gent" { return gent }
        return [
            NT2Provider(id: "cbe", name: "Centrum voor Basiseducatie", directEnrolment: false),
            NT2Provider(id: "cvo", name: "Centrum voor Volwassenenonderwijs", directEnrolment: true),
            NT2Provider(id: "vdab", name: "VDAB", directEnrolment: false),
        ]
    }

    /// Parses `id:Name[:direct],...`; throws naming the entry that is not of that form.
    static func parse(_ text: String) throws(RPCError) -> [NT2Provider] {
        var providers: [NT2Provider] = []
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map { String($0) }
            guard (2...3).contains(parts.count), !parts[0].isEmpty, !parts[1].isEmpty, parts.count == 2 || parts[2] == "direct" else {
                throw RPCError(.invalidArgument, "--option nt2-providers: '\(entry.prefix(60))' is not id:Name or id:Name:direct",
                               details: ["field": "nt2-providers"])
            }
            providers.append(NT2Provider(id: parts[0], name: parts[1], directEnrolment: parts.count == 3))
        }
        guard !providers.isEmpty else { throw RPCError(.invalidArgument, "--option nt2-providers names no provider", details: ["field": "nt2-providers"]) }
        return providers
    }
}
