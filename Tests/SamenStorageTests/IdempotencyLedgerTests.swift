import Foundation
import XCTest
@testable import SamenStorage

final class IdempotencyLedgerTests: XCTestCase {
    private let ledger = IdempotencyLedger()
    private let request: [UInt8] = Array("create person Jan".utf8)
    private let response: [UInt8] = [0x0A, 0x03, 0x01, 0x02, 0x03]

    private func makeDatabase() throws -> Database {
        try Database(path: try temporaryDatabasePath(), migrations: [itemsMigration, IdempotencyLedger.migration(version: 2)])
    }

    func testLookupReturnsTheRecordedResponse() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let (ledger, request, response) = (ledger, request, response)
        let before = try await database.write { connection in
            try ledger.lookup(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request)
        }
        XCTAssertNil(before)
        try await database.write { connection in
            try ledger.record(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request, response: response)
        }
        let after = try await database.write { connection in
            try ledger.lookup(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request)
        }
        XCTAssertEqual(after, response)
    }

    func testDifferentCallerOrMethodDoesNotMatch() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let (ledger, request, response) = (ledger, request, response)
        let (otherCaller, otherMethod, otherKey) = try await database.write { connection in
            try ledger.record(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request, response: response)
            return (try ledger.lookup(in: connection, key: "k-1", caller: "svc-b", method: "Create", request: request),
                    try ledger.lookup(in: connection, key: "k-1", caller: "svc-a", method: "Delete", request: request),
                    try ledger.lookup(in: connection, key: "k-2", caller: "svc-a", method: "Create", request: request))
        }
        XCTAssertNil(otherCaller)
        XCTAssertNil(otherMethod)
        XCTAssertNil(otherKey)
        // The same key may be recorded independently for another caller.
        let otherResponse: [UInt8] = [9]
        let stored = try await database.write { connection in
            try ledger.record(in: connection, key: "k-1", caller: "svc-b", method: "Create", request: request, response: otherResponse)
            return try ledger.lookup(in: connection, key: "k-1", caller: "svc-b", method: "Create", request: request)
        }
        XCTAssertEqual(stored, otherResponse)
    }

    func testSameKeyWithDifferentRequestIsAConflict() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let (ledger, request, response) = (ledger, request, response)
        try await database.write { connection in
            try ledger.record(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request, response: response)
        }
        let changedRequest: [UInt8] = Array("create person Mia".utf8)
        let lookupError = await storageError {
            try await database.write { connection in
                try ledger.lookup(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: changedRequest)
            }
        }
        XCTAssertEqual(lookupError?.kind, .idempotencyConflict)
        XCTAssertFalse(lookupError?.description.contains("Mia") ?? true)
        let recordError = await storageError {
            try await database.write { connection in
                try ledger.record(in: connection, key: "k-1", caller: "svc-a", method: "Create",
                                  request: changedRequest, response: [1])
            }
        }
        XCTAssertEqual(recordError?.kind, .idempotencyConflict)

        // Recording the same request again keeps the first response.
        let kept = try await database.write { connection in
            try ledger.record(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request, response: [7, 7])
            return try ledger.lookup(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request)
        }
        XCTAssertEqual(kept, response)
    }

    func testRecordRollsBackWithTheServiceWrite() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let (ledger, request, response) = (ledger, request, response)
        do {
            try await database.write { connection in
                try connection.run("INSERT INTO items (name) VALUES ('Jan')")
                try ledger.record(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request, response: response)
                throw DeliberateError()
            }
            XCTFail("the write should have thrown")
        } catch is DeliberateError {}
        let found = try await database.write { connection in
            try ledger.lookup(in: connection, key: "k-1", caller: "svc-a", method: "Create", request: request)
        }
        XCTAssertNil(found, "the ledger entry commits or rolls back with the service's own changes")
    }

    func testPurgeRemovesOldEntries() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let (ledger, request, response) = (ledger, request, response)
        let now = Date()
        let purged = try await database.write { connection in
            try ledger.record(in: connection, key: "old", caller: "svc-a", method: "Create", request: request,
                              response: response, at: now.addingTimeInterval(-3 * 86_400))
            try ledger.record(in: connection, key: "new", caller: "svc-a", method: "Create", request: request,
                              response: response, at: now)
            return try ledger.purge(in: connection, olderThan: now.addingTimeInterval(-86_400))
        }
        XCTAssertEqual(purged, 1)
        let (old, new) = try await database.write { connection in
            (try ledger.lookup(in: connection, key: "old", caller: "svc-a", method: "Create", request: request),
             try ledger.lookup(in: connection, key: "new", caller: "svc-a", method: "Create", request: request))
        }
        XCTAssertNil(old)
        XCTAssertEqual(new, response)
    }

    func testEmptyKeyIsMisuse() async throws {
        let database = try makeDatabase()
        defer { database.close() }
        let (ledger, request) = (ledger, request)
        let error = await storageError {
            try await database.write { connection in
                try ledger.lookup(in: connection, key: "", caller: "svc-a", method: "Create", request: request)
            }
        }
        XCTAssertEqual(error?.kind, .misuse)
    }

    func testFingerprintIsSHA256() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        XCTAssertEqual(hex(IdempotencyLedger.fingerprint([])),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex(IdempotencyLedger.fingerprint(Array("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex(IdempotencyLedger.fingerprint(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(hex(IdempotencyLedger.fingerprint([UInt8](repeating: 0x61, count: 1_000_000))),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
