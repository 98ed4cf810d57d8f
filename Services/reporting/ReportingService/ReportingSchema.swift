import SamenStorage

/// Reporting's one table: the reports of closed years, each with its rendered CSV and HTML, so that a published
/// report is answered again byte for byte even after the renderers change.
enum ReportingSchema {
    static let migrations: [Migration] = [
        Migration(version: 1, sql: """
            CREATE TABLE closed_reports (
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
