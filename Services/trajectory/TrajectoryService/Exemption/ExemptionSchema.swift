import SamenStorage

/// The MO exemption test's tables, migrations 250...299.
///
/// The offering region's side: `exemption_slots` with the count of booked seats on the slot row, changed only in
/// the write transaction that books or frees a seat, and CHECKed against the capacity so SQLite refuses an
/// overbooking even if code got it wrong; `exemption_bookings`, one live booking per trajectory per slot (a unique
/// index); `exemption_outbox`, results still to be delivered to the booking region.
/// The booking region's side: `exemption_tests`, its trajectories' bookings as the figures count them (the booking
/// itself and its result live in the trajectory file, which a transfer moves).
/// `mo_enrolments.trajectory_id` links an MO enrolment to the trajectory whose MO component it serves.
enum ExemptionSchema {
    static let migrations: [Migration] = [
        Migration(version: 250, sql: """
            CREATE TABLE exemption_slots (
                seq INTEGER PRIMARY KEY,
                slot_id TEXT NOT NULL UNIQUE,
                date TEXT NOT NULL,
                start TEXT NOT NULL,
                place TEXT NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100),
                booked INTEGER NOT NULL DEFAULT 0,
                CHECK (booked BETWEEN 0 AND capacity)
            );
            CREATE INDEX exemption_slots_date ON exemption_slots (date, start, seq);

            CREATE TABLE exemption_bookings (
                seq INTEGER PRIMARY KEY,
                booking_id TEXT NOT NULL UNIQUE,
                slot_seq INTEGER NOT NULL REFERENCES exemption_slots (seq),
                trajectory_id TEXT NOT NULL,
                booking_region TEXT NOT NULL,
                given_name TEXT NOT NULL,
                family_name TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('booked', 'cancelled')),
                result TEXT CHECK (result IN ('passed', 'failed')),
                booked_ms INTEGER NOT NULL,
                CHECK (result IS NULL OR state = 'booked')
            );
            CREATE UNIQUE INDEX exemption_bookings_live ON exemption_bookings (slot_seq, trajectory_id) WHERE state = 'booked';

            CREATE TABLE exemption_outbox (
                booking_seq INTEGER PRIMARY KEY REFERENCES exemption_bookings (seq),
                target_region TEXT NOT NULL,
                delivery BLOB NOT NULL,
                staff TEXT,
                staff_roles TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                delivered_ms INTEGER,
                last_error TEXT
            );
            CREATE INDEX exemption_outbox_pending ON exemption_outbox (booking_seq) WHERE delivered_ms IS NULL;

            CREATE TABLE exemption_tests (
                booking_id TEXT PRIMARY KEY,
                trajectory_seq INTEGER NOT NULL REFERENCES trajectories (seq),
                slot_region TEXT NOT NULL,
                tested_on TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('booked', 'cancelled')),
                result TEXT CHECK (result IN ('passed', 'failed'))
            );
            CREATE INDEX exemption_tests_date ON exemption_tests (tested_on);

            ALTER TABLE mo_enrolments ADD COLUMN trajectory_id TEXT;
            """),
    ]
}
