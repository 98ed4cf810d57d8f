import SamenAgencyKit
import SamenStorage

/// Tolkdienst's tables, after the kit's (versions 100...).
///
/// Organisations, interpreters and requests keep their whole record in the binary codec in `file` (`StoredFile`),
/// the source of truth; the other columns are what lists, the calendar and figures select on, written from the same
/// record in the same statement.
///
/// `calendar` holds one row per assignment that occupies an interpreter (assigned, confirmed, completed, no-show),
/// in minutes of the Europe/Brussels wall clock (`CalendarMinute`), with the travel time the assignment needs
/// around it. Its trigger is the only thing that stands between two assignments and a double booking: it refuses a
/// row that comes closer to another of the same interpreter than the larger of their travel times, inside the
/// write transaction that makes the assignment. Every instance that can assign an interpreter writes this one file,
/// and SQLite's write lock (`BEGIN IMMEDIATE`, across processes too) makes the trigger's look and the insert one
/// step. The CHECKs bound a row's span, so the trigger may look only at rows starting within a day either side.
enum TolkdienstSchema {
    static let migrations: [Migration] = [
        Migration(version: 100, sql: """
            CREATE TABLE organisations (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                region TEXT NOT NULL,
                sector TEXT NOT NULL,
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );

            CREATE TABLE interpreters (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                active INTEGER NOT NULL,
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );

            CREATE TABLE requests (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                region TEXT NOT NULL,
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                person_id TEXT,
                mode TEXT NOT NULL,
                date TEXT NOT NULL,
                state TEXT NOT NULL,
                interpreter_id TEXT REFERENCES interpreters (id),
                late INTEGER NOT NULL,
                minutes INTEGER,
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );
            CREATE INDEX requests_person ON requests (person_id) WHERE person_id IS NOT NULL;
            CREATE INDEX requests_date ON requests (date);

            CREATE TABLE calendar (
                request_id TEXT PRIMARY KEY REFERENCES requests (id),
                interpreter_id TEXT NOT NULL REFERENCES interpreters (id),
                starts_at INTEGER NOT NULL,
                ends_at INTEGER NOT NULL,
                travel INTEGER NOT NULL,
                CHECK (ends_at > starts_at AND ends_at - starts_at <= 720 AND travel BETWEEN 0 AND 240)
            ) WITHOUT ROWID;
            CREATE INDEX calendar_interpreter ON calendar (interpreter_id, starts_at);
            CREATE INDEX calendar_time ON calendar (starts_at);

            CREATE TRIGGER calendar_no_double_booking BEFORE INSERT ON calendar
            WHEN EXISTS (
                SELECT 1 FROM calendar c
                WHERE c.interpreter_id = NEW.interpreter_id
                  AND c.starts_at > NEW.starts_at - 1440 AND c.starts_at < NEW.ends_at + 1440
                  AND c.starts_at < NEW.ends_at + max(c.travel, NEW.travel)
                  AND NEW.starts_at < c.ends_at + max(c.travel, NEW.travel))
            BEGIN
                SELECT RAISE(ABORT, 'samen: double booking refused by calendar_no_double_booking');
            END;

            -- A booking is made or freed, never moved: a move would pass by the insert trigger.
            CREATE TRIGGER calendar_no_update BEFORE UPDATE ON calendar
            BEGIN
                SELECT RAISE(ABORT, 'samen: calendar rows are inserted or deleted, never updated');
            END;
            """),
        // Translations and the translation library. `pages` counts for the figures only when the translation was
        // made, not taken from the library (`reused`).
        Migration(version: 101, sql: """
            CREATE TABLE translations (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                region TEXT NOT NULL,
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                person_id TEXT,
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                pages INTEGER NOT NULL,
                reused INTEGER NOT NULL,
                delivered_on TEXT,
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );
            CREATE INDEX translations_person ON translations (person_id) WHERE person_id IS NOT NULL;
            CREATE INDEX translations_delivered ON translations (delivered_on) WHERE delivered_on IS NOT NULL;

            CREATE TABLE library (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                document_kind TEXT NOT NULL,
                from_language TEXT NOT NULL,
                to_language TEXT NOT NULL,
                file BLOB NOT NULL
            );
            CREATE INDEX library_kind ON library (document_kind, seq);
            """),
        // The cooperation agreement as columns, for the figure of organisations with an agreement in a period; rows
        // written before this version get them from their record the first time that figure is asked
        // (`TolkdienstService.fillAgreementColumns`), since the record is in the binary codec SQL cannot read.
        Migration(version: 102, sql: """
            ALTER TABLE organisations ADD COLUMN agreement_from TEXT;
            ALTER TABLE organisations ADD COLUMN agreement_until TEXT;
            """),
        // Minutes per mode and organisations per sector over a year read this index alone, not each request's row.
        Migration(version: 103, sql: """
            CREATE INDEX requests_figures ON requests (date, state, region, mode, minutes, organisation_id);
            """),
    ]
}
