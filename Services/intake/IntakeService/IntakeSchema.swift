import SamenContracts
import SamenAgencyKit
import SamenStorage

/// Intake's tables, after the kit's (numbered from `AgencySchema.firstServiceVersion`).
///
/// A person's whole file is kept in the binary codec in `persons.file` (`StoredFile`), the source of truth handed out by `persons.get`; the
/// other columns are what lookups, lists and figures select on, written from the same file in the same statement.
enum IntakeSchema {
    static let migrations: [Migration] = [
        Migration(version: 100, sql: """
            CREATE TABLE persons (
                seq INTEGER PRIMARY KEY,
                person_id TEXT NOT NULL UNIQUE,
                insz TEXT UNIQUE,
                name_key TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                registered_on TEXT NOT NULL,
                desk TEXT NOT NULL,
                doelgroep TEXT NOT NULL,
                nationality TEXT NOT NULL,
                minor INTEGER NOT NULL,
                version INTEGER NOT NULL,
                unverified INTEGER NOT NULL,
                settlement_id TEXT,
                file BLOB NOT NULL
            );
            CREATE INDEX persons_registered ON persons (registered_on, seq);
            CREATE INDEX persons_birth_date ON persons (birth_date);
            CREATE INDEX persons_unverified ON persons (unverified) WHERE unverified = 1;

            CREATE TABLE nt2_records (
                id INTEGER PRIMARY KEY,
                person_seq INTEGER NOT NULL REFERENCES persons (seq),
                kind TEXT NOT NULL,
                on_date TEXT NOT NULL,
                provider TEXT,
                funder TEXT,
                purpose TEXT,
                passed INTEGER
            );
            CREATE INDEX nt2_records_on ON nt2_records (on_date);

            CREATE TABLE education_referrals (
                id INTEGER PRIMARY KEY,
                person_seq INTEGER NOT NULL REFERENCES persons (seq),
                kind TEXT NOT NULL,
                referred_on TEXT NOT NULL
            );
            CREATE INDEX education_referrals_on ON education_referrals (referred_on);

            CREATE TABLE settlements (
                seq INTEGER PRIMARY KEY,
                settlement_id TEXT NOT NULL UNIQUE,
                insz TEXT,
                settled_on TEXT NOT NULL,
                nationality TEXT NOT NULL,
                doelgroep TEXT NOT NULL,
                person_id TEXT,
                file BLOB NOT NULL
            );
            CREATE INDEX settlements_insz ON settlements (insz);
            CREATE INDEX settlements_settled ON settlements (settled_on, seq);

            -- Reservations of an INSZ while a registration of it runs somewhere (docs/INTAKE.md).
            CREATE TABLE insz_claims (
                insz TEXT PRIMARY KEY,
                claim_id TEXT NOT NULL,
                claimant_region TEXT NOT NULL,
                expires_ms INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        // The annual report's figures over a year of a million-person region read these indexes alone, not a row
        // (with its whole file) per person: IntakeFigure's queries on settlements and persons (docs/REPORTING.md).
        Migration(version: 101, sql: """
            CREATE INDEX settlements_figures ON settlements (settled_on, nationality, doelgroep);
            CREATE INDEX persons_figures ON persons (registered_on, minor, doelgroep, nationality);
            """),
    ]
}
