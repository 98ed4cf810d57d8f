import SamenContracts

/// The annual report (jaarverslag) as the list of its tables' declarations, in the order of IN-Gent's 2019 report:
/// adding a table is adding a declaration here (docs/REPORTING.md lists each with its definition and source).
public enum AnnualReport {
    static let doelgroepen = ["verplicht", "rechthebbend", "onbepaald"]

    public static let tables: [TableDeclaration] = [
        // The report's tables.
        TableDeclaration(id: "inflow.byNationality", title: "Instroom nieuwe inwoners: nationaliteiten (top 20)", service: "intake",
                         figure: "newInhabitants.byNationality", dimension: "nationality", measure: "persons", ordering: .ranked(top: 20), chart: .bars),
        TableDeclaration(id: "registrations.byDoelgroep", title: "Inschrijvingen per doelgroep", service: "intake",
                         figure: "registrations.byDoelgroep", dimension: "doelgroep", measure: "registrations", ordering: .listed(doelgroepen, othersToo: false)),
        TableDeclaration(id: "contracts.byDoelgroep", title: "Inburgeringscontracten per doelgroep", service: "trajectory",
                         figure: "contracts.byDoelgroep", dimension: "doelgroep", measure: "contracts", ordering: .listed(doelgroepen, othersToo: false)),
        TableDeclaration(id: "mo.courses.byLanguage", title: "MO-cursussen per taal", service: "trajectory",
                         figure: "mo.courses.byLanguage", dimension: "language", measure: "courses"),
        TableDeclaration(id: "mo.students.byLanguage", title: "MO-cursisten per taal", service: "trajectory",
                         figure: "mo.students.byLanguage", dimension: "language", measure: "persons"),
        TableDeclaration(id: "diplomas.byKind", title: "Dossiers diplomagelijkschakeling", service: "trajectory",
                         figure: "diplomas.byKind", dimension: "kind", measure: "files",
                         ordering: .listed(["inburgeraar", "niet-inburgeraar", "doorverwijzing-vdab"], othersToo: true)),
        // The report's two columns of users per sector: each a count of distinct organisations; one organisation that
        // used both is in both tables, as in the report's columns, and neither table sums the two.
        TableDeclaration(id: "interpreting.organisations.bySector", title: "Organisaties die tolken gebruikten, per sector",
                         service: "tolkdienst", figure: "organisations.bySector", dimension: "sector", measure: "organisations",
                         only: (dimension: "service", value: "interpreting")),
        TableDeclaration(id: "translation.organisations.bySector", title: "Organisaties die vertalingen gebruikten, per sector",
                         service: "tolkdienst", figure: "organisations.bySector", dimension: "sector", measure: "organisations",
                         only: (dimension: "service", value: "translation")),
        TableDeclaration(id: "interpreting.hours.byMode", title: "Tolkuren per modus", service: "tolkdienst",
                         figure: "minutes.byMode", dimension: "mode", measure: "hours", divisor: 60),
        TableDeclaration(id: "translation.pages.byKind", title: "Vertaalde pagina's per soort", service: "tolkdienst",
                         figure: "pages.byKind", dimension: "kind", measure: "pages", ordering: .listed(["informative", "official"], othersToo: true)),

        // The headline figures the report states in its text.
        TableDeclaration(id: "headline.newInhabitants.byDoelgroep", title: "Nieuwe inwoners per doelgroep", service: "intake",
                         figure: "newInhabitants.byDoelgroep", dimension: "doelgroep", measure: "persons", chart: .stackedShares),
        TableDeclaration(id: "headline.minorsReferred", title: "Minderjarigen doorverwezen naar onderwijs", service: "intake",
                         figure: "minors.referred", dimension: "kind", measure: "referrals", chart: .none),
        TableDeclaration(id: "headline.nt2.people", title: "Personen met een NT2-dossier", service: "intake",
                         figure: "nt2.people", dimension: nil, measure: "persons", total: false, chart: .none),
        TableDeclaration(id: "headline.nt2.records", title: "NT2: gesprekken, testen, inschrijvingen", service: "intake",
                         figure: "nt2.records.byKind", dimension: "kind", measure: "records", chart: .none),
        TableDeclaration(id: "headline.nt2.uctGrants", title: "UCT-cheques per financier", service: "intake",
                         figure: "nt2.uctGrants.byFunder", dimension: "funder", measure: "grants", chart: .none),
        TableDeclaration(id: "headline.nt2.certifyingTests", title: "Certificerende testen", service: "intake",
                         figure: "nt2.certifyingTests.byPurpose", dimension: "purpose", measure: "tests", chart: .none),
        TableDeclaration(id: "headline.exemption.tests", title: "MO-vrijstellingstesten: ingeschreven (totaal) en resultaat", service: "trajectory",
                         figure: "exemption.tests.byResult", dimension: "result", measure: "tests", chart: .none),
        TableDeclaration(id: "headline.certificates", title: "Attesten en hun duur (maanden opgeteld, gemiddelde in maanden)", service: "trajectory",
                         figure: "certificates", dimension: "quantity", measure: "certificates, months", ordering: .listed(["certificates", "months"], othersToo: false),
                         total: false, chart: .none, average: .init(label: "average months", of: "months", per: "certificates")),
        TableDeclaration(id: "headline.supportContacts", title: "Ondersteuningscontacten met verenigingen", service: "verenigingen",
                         figure: "contacts.byKind", dimension: "kind", measure: "contacts", chart: .none),
        TableDeclaration(id: "headline.associationsReached", title: "Bereikte verenigingen (vrouwenorganisatie ja/nee)", service: "verenigingen",
                         figure: "associations.reached", dimension: "womensOrganisation", measure: "associations", chart: .none),
        TableDeclaration(id: "headline.organisationsWithAgreement", title: "Organisaties met een samenwerkingsovereenkomst (tolk- en vertaaldienst)",
                         service: "tolkdienst", figure: "organisations.withAgreement", dimension: "sector", measure: "organisations", chart: .none),
    ]
}
