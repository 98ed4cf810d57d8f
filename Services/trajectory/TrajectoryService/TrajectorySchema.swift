import SamenAgencyKit
import SamenStorage

/// Trajectory's tables, after the kit's. This step uses versions 100...149 and, after the records' 300s, 350 for
/// the figures' index; 150...199 belong to the MO course groups (docs/TRAJECTORY.md).
///
/// A trajectory's whole file is kept in the binary codec in `trajectories.file` (`StoredFile`), the source of
/// truth; the other columns are what lists, the one-live-trajectory rule, caseloads and figures select on, written
/// from the same file in the same statement.
enum TrajectorySchema {
    static let migrations: [Migration] = [
        Migration(version: 100, sql: """
            CREATE TABLE trajectories (
                seq INTEGER PRIMARY KEY,
                trajectory_id TEXT NOT NULL UNIQUE,
                person_id TEXT NOT NULL,
                doelgroep TEXT NOT NULL,
                signed_on TEXT NOT NULL,
                counsellor TEXT,
                live INTEGER NOT NULL,
                version INTEGER NOT NULL,
                file BLOB NOT NULL
            );
            -- At most one live trajectory per person in the region, whatever the code above it does.
            CREATE UNIQUE INDEX trajectories_live_person ON trajectories (person_id) WHERE live = 1;
            CREATE INDEX trajectories_signed ON trajectories (signed_on, seq);
            CREATE INDEX trajectories_counsellor ON trajectories (counsellor, seq) WHERE live = 1;

            CREATE TABLE components (
                trajectory_seq INTEGER NOT NULL REFERENCES trajectories (seq),
                component TEXT NOT NULL,
                state TEXT NOT NULL,
                PRIMARY KEY (trajectory_seq, component)
            ) WITHOUT ROWID;

            CREATE TABLE counsellors (
                user_id TEXT PRIMARY KEY,
                languages TEXT NOT NULL,
                active INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        // Contracts per doelgroep over a year read this index alone, not each trajectory's row with its file
        // (`moved_in` and `moved_out` come with the transfers' 201).
        Migration(version: 350, sql: """
            CREATE INDEX trajectories_figures ON trajectories (signed_on, moved_in, moved_out, doelgroep);
            """),
    ]
}
