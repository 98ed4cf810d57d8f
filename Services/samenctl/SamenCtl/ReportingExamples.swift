import SamenContracts

/// Reporting's methods with an example request each, for `samenctl call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addReporting() {
        add(ReportingAPI.build, example: ReportRequest(year: 2019, region: "gent"))
        add(ReportingAPI.html, example: ReportRequest(year: 2019, region: "gent"))
        add(ReportingAPI.csv, example: ReportRequest(year: 2019))
        add(ReportingAPI.close, example: ReportRequest(year: 2019, region: "gent"))
        add(ReportingAPI.audit.query, example: AuditQuery(personID: "report/gent/2019", limit: 50))
        add(ReportingAPI.audit.exportPerson, example: PersonExportRequest(personID: "report/gent/2019"))
    }
}
