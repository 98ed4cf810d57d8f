import SamenStorage

/// Reporting's one table after the kit's (its audit trail holds who produced which report): the reports of closed
/// years, each with its rendered CSV and HTML, so that a published report is answered again byte for byte even
/// after the renderers change.
enum ReportingSchema {
    static let migrations: [Migration] = [
        // IF NOT EXISTS: a file from before reporting used the kit had this table as its schema 1; it keeps its closed
        // years and gains the kit's tables (2 and 3; reporting never uses the idempotency ledger of 1).
        Migration(version: 100, sql: """
            CREATE TABLE IF NOT EXISTS closed_reports (
                year INTEGER NOT NULL,
                -- a region's name, or 'all'
                scope TEXT NOT NULL,
                closed_ms INTEGER NOT NULL,
                report_json BLOB NOT NULL,
                csv TEXT NOT NULL,
                html TEXT NOT NULL,
                PRIMARY KEY (year, scope)
            ) STRICT;
            """),
    ]
}
