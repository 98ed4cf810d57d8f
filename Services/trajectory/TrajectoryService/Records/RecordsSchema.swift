import SamenStorage

/// The tables of referrals, diploma recognition files and certificates, migrations 300...349.
///
/// Referrals and the certificate live in the trajectory's file (so a transfer or an import carries them); the
/// `referrals` and `certificates` rows are an index of that file for figures and lookups, rewritten from it
/// wherever the file is written (`RecordIndex`). Diploma files are records of the region of their own, kept whole
/// in `diploma_files.file` like trajectories.
enum RecordsSchema {
    static let migrations: [Migration] = [
        Migration(version: 300, sql: """
            CREATE TABLE referrals (
                trajectory_seq INTEGER NOT NULL REFERENCES trajectories (seq),
                number INTEGER NOT NULL,
                kind TEXT NOT NULL,
                referred_on TEXT NOT NULL,
                outcome TEXT NOT NULL,
                PRIMARY KEY (trajectory_seq, number)
            ) WITHOUT ROWID;
            CREATE INDEX referrals_referred ON referrals (referred_on);

            CREATE TABLE certificates (
                number TEXT PRIMARY KEY,
                -- One certificate per trajectory, whatever the code above it does.
                trajectory_seq INTEGER NOT NULL UNIQUE REFERENCES trajectories (seq),
                issued_on TEXT NOT NULL,
                months INTEGER NOT NULL CHECK (months >= 0)
            ) WITHOUT ROWID;
            CREATE INDEX certificates_issued ON certificates (issued_on);

            -- The last number given to this region's certificates: certificates that arrive by transfer keep
            -- their region's number, so the next one is not a maximum over the table.
            CREATE TABLE certificate_numbers (
                region TEXT PRIMARY KEY,
                last INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE diploma_files (
                seq INTEGER PRIMARY KEY,
                diploma_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                trajectory_id TEXT,
                opened_on TEXT NOT NULL,
                state TEXT NOT NULL,
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );
            CREATE INDEX diploma_files_opened ON diploma_files (opened_on);
            CREATE INDEX diploma_files_trajectory ON diploma_files (trajectory_id) WHERE trajectory_id IS NOT NULL;
            """),
    ]
}
