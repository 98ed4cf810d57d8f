import SamenStorage

/// The transfers' table, versions 200...249 (docs/TRAJECTORY-TRANSFER.md).
///
/// A region keeps one row per transfer it takes part in, outgoing (it is the source) or incoming (the target).
/// `record` is the `TrajectoryTransfer` in the binary codec, the source of truth; `offer` is, for an incoming
/// transfer, the offer as received (the source's whole file), kept to answer a repeated offer and to make the
/// trajectory at acceptance.
enum TransferSchema {
    static let migrations: [Migration] = [
        Migration(version: 200, sql: """
            CREATE TABLE transfers (
                seq INTEGER PRIMARY KEY,
                transfer_id TEXT NOT NULL UNIQUE,
                direction TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
                trajectory_id TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'refused', 'revoked', 'completed')),
                acknowledged INTEGER NOT NULL,
                record BLOB NOT NULL,
                offer BLOB
            );
            -- One open transfer per trajectory and side: a trajectory is frozen for one transfer at a time.
            CREATE UNIQUE INDEX transfers_open ON transfers (trajectory_id, direction) WHERE state = 'requested';
            -- What the reconcilers look for: outgoing still requested, incoming decided but not yet acknowledged.
            CREATE INDEX transfers_unsettled ON transfers (direction, state, acknowledged);
            """),
        // What the figures need to count a moved trajectory once across regions: its contract where it was signed
        // (not where it moved in), its components where it is now (not in the tombstone it left).
        Migration(version: 201, sql: """
            ALTER TABLE trajectories ADD COLUMN moved_in INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE trajectories ADD COLUMN moved_out INTEGER NOT NULL DEFAULT 0;
            """),
    ]
}
