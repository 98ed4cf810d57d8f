import SamenAgencyKit
import SamenStorage

/// Verenigingen's tables, after the kit's (versions 100 on).
///
/// An association's whole file is kept in the binary codec in `associations.file` (`StoredFile`); the other
/// columns are what lists, the unique name and the figures select on, written from the same file in the same
/// statement. A call's `granted_cents` is the sum of its decisions, raised in the decision's own write transaction,
/// and the CHECK makes SQLite refuse a decision that would take it over the budget whatever the code above it does;
/// an application's `paid_cents` is held under its granted amount the same way.
enum VerenigingenSchema {
    static let migrations: [Migration] = [
        Migration(version: 100, sql: """
            CREATE TABLE associations (
                seq INTEGER PRIMARY KEY,
                association_id TEXT NOT NULL UNIQUE,
                name_key TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('recognised', 'not-recognised', 'forming')),
                -- ',women,youth,': a focus filter is one LIKE.
                focus TEXT NOT NULL,
                women INTEGER NOT NULL CHECK (women IN (0, 1)),
                gender_network INTEGER NOT NULL CHECK (gender_network IN (0, 1)),
                dissolved INTEGER NOT NULL CHECK (dissolved IN (0, 1)),
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );

            CREATE TABLE support_contacts (
                seq INTEGER PRIMARY KEY,
                contact_id TEXT NOT NULL UNIQUE,
                association_seq INTEGER NOT NULL REFERENCES associations (seq),
                on_date TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('informative', 'administrative', 'substantive')),
                subject TEXT NOT NULL,
                staff TEXT NOT NULL,
                follow_up TEXT,
                follow_up_due TEXT,
                closed_on TEXT,
                closed_by TEXT,
                CHECK ((follow_up IS NULL) = (follow_up_due IS NULL)),
                CHECK (closed_on IS NULL OR follow_up IS NOT NULL)
            );
            CREATE INDEX support_contacts_on ON support_contacts (on_date);
            CREATE INDEX support_contacts_association ON support_contacts (association_seq, seq);
            CREATE INDEX support_contacts_open ON support_contacts (follow_up_due, seq) WHERE follow_up_due IS NOT NULL AND closed_on IS NULL;

            CREATE TABLE network_events (
                seq INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL UNIQUE,
                on_date TEXT NOT NULL,
                theme TEXT NOT NULL,
                organisers BLOB NOT NULL,
                attendance INTEGER NOT NULL CHECK (attendance BETWEEN 1 AND 100000),
                gender_network INTEGER NOT NULL CHECK (gender_network IN (0, 1))
            );
            CREATE INDEX network_events_on ON network_events (on_date);
            CREATE TABLE event_participants (
                event_seq INTEGER NOT NULL REFERENCES network_events (seq),
                association_seq INTEGER NOT NULL REFERENCES associations (seq),
                PRIMARY KEY (event_seq, association_seq)
            ) WITHOUT ROWID;

            CREATE TABLE subsidy_calls (
                seq INTEGER PRIMARY KEY,
                call_id TEXT NOT NULL UNIQUE,
                theme TEXT NOT NULL,
                budget_cents INTEGER NOT NULL CHECK (budget_cents BETWEEN 1 AND 10000000000),
                granted_cents INTEGER NOT NULL DEFAULT 0,
                deadline TEXT NOT NULL,
                CHECK (granted_cents BETWEEN 0 AND budget_cents)
            );
            CREATE TABLE subsidy_applications (
                seq INTEGER PRIMARY KEY,
                application_id TEXT NOT NULL UNIQUE,
                call_seq INTEGER NOT NULL REFERENCES subsidy_calls (seq),
                association_seq INTEGER NOT NULL REFERENCES associations (seq),
                state TEXT NOT NULL CHECK (state IN ('submitted', 'assessed', 'granted', 'refused')),
                asked_cents INTEGER NOT NULL CHECK (asked_cents >= 1),
                granted_cents INTEGER,
                paid_cents INTEGER NOT NULL DEFAULT 0,
                submitted_on TEXT NOT NULL,
                decided_on TEXT,
                version INTEGER NOT NULL,
                file BLOB NOT NULL,
                CHECK (granted_cents IS NULL OR granted_cents BETWEEN 1 AND asked_cents),
                CHECK ((state = 'granted') = (granted_cents IS NOT NULL)),
                CHECK (paid_cents BETWEEN 0 AND COALESCE(granted_cents, 0))
            );
            CREATE INDEX subsidy_applications_call ON subsidy_applications (call_seq, seq);
            CREATE INDEX subsidy_applications_submitted ON subsidy_applications (submitted_on);
            """),
    ]
}
