import SamenStorage

/// The MO course supply's tables, migrations 150...199 (the rest of trajectory takes 100...149).
///
/// A group's `enrolled` and `waiting` counts live on its row and are changed only in the write transaction that
/// changes its enrolments; the CHECK constraints make SQLite refuse a count over capacity even if code got it wrong.
/// `ticket` is the order of arrival within a group, so the waiting list's positions are the ranks of the waiting
/// tickets: always 1...n, with no gap or repeat to store or repair.
enum MOSchema {
    static let migrations: [Migration] = [
        Migration(version: 150, sql: """
            CREATE TABLE mo_groups (
                seq INTEGER PRIMARY KEY,
                group_id TEXT NOT NULL UNIQUE,
                language TEXT NOT NULL,
                contact_language INTEGER NOT NULL,
                place TEXT NOT NULL,
                from_date TEXT NOT NULL,
                through_date TEXT NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 40),
                enrolled INTEGER NOT NULL DEFAULT 0,
                waiting INTEGER NOT NULL DEFAULT 0 CHECK (waiting >= 0),
                last_ticket INTEGER NOT NULL DEFAULT 0,
                CHECK (enrolled BETWEEN 0 AND capacity),
                CHECK (waiting = 0 OR enrolled = capacity)
            );
            CREATE INDEX mo_groups_language ON mo_groups (language, seq);

            CREATE TABLE mo_enrolments (
                id INTEGER PRIMARY KEY,
                group_seq INTEGER NOT NULL REFERENCES mo_groups (seq),
                person_id TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('enrolled', 'waiting', 'cancelled')),
                ticket INTEGER NOT NULL,
                since_ms INTEGER NOT NULL,
                -- When the person got a place (at once or moved up from the line); kept after a cancellation, so
                -- the figures count who had a place.
                placed_ms INTEGER,
                ended_ms INTEGER,
                UNIQUE (group_seq, ticket)
            );
            -- One live enrolment (a place or a place in line) per person per group; cancelled ones are history.
            CREATE UNIQUE INDEX mo_enrolments_live ON mo_enrolments (group_seq, person_id) WHERE state <> 'cancelled';
            CREATE INDEX mo_enrolments_line ON mo_enrolments (group_seq, state, ticket);
            CREATE INDEX mo_enrolments_person ON mo_enrolments (person_id);
            """),
    ]
}
