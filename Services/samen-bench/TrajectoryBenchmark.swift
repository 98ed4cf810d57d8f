import Foundation
import SamenContracts
import SamenRPC
import SamenTLS
import Synchronization
import TrajectoryService

/// `samen-bench trajectory`: trajectory writes and transfers through the mesh, durability on, in this process over
/// real TLS on loopback (`BenchFederation` with a trajectory service beside intake in gent and antwerpen). Setup
/// registers the bench's people at gent's intake. Phases, each stopped by its count or its seconds: (a) signing a
/// contract for each (trajectory reads the person from intake and asks antwerpen's trajectory for a live one);
/// (b) `components.update` on distinct trajectories at `--in-flight` (each an audited, versioned, idempotent write);
/// (c) transfers gent → antwerpen one after another: request at gent, accept at antwerpen, until gent's file shows
/// the tombstone.
func runTrajectoryBenchmark(arguments: [String]) async {
    let usage = "samen-bench trajectory [--in-flight N] [--trajectories N] [--writes N] [--transfers N] [--seconds S] [--desks D] [--counsellors C]"
    let options = BenchOptions(arguments, known: ["--in-flight", "--trajectories", "--writes", "--transfers", "--seconds", "--desks", "--counsellors"],
                               usage: usage)
    let inFlight = options.int("--in-flight", default: 64, maximum: 10_000)
    // The people are BenchPerson numbers, adults by construction up to millions; the bound keeps setup finite.
    let trajectories = options.int("--trajectories", default: 3_000, maximum: 1_000_000)
    let writes = options.int("--writes", default: 24_000, maximum: 8_000_000)
    let transfers = options.int("--transfers", default: 200, maximum: 100_000)
    let seconds = options.double("--seconds", default: 10, maximum: 3_600)
    let desks = options.int("--desks", default: 4, maximum: 256)
    let counsellors = options.int("--counsellors", default: 4, maximum: 256)
    let directory = NSTemporaryDirectory() + "samen-bench-trajectory-\(getpid())"
    // exit() skips defers: the folder goes first, then the status.
    func finish(_ status: Int32) -> Never {
        try? FileManager.default.removeItem(atPath: directory)
        exit(status)
    }
    do {
        let ca = try CertificateAuthority.generate(commonName: "samen-bench-ca", validityDays: 1)
        // The reconciler's own pace stays the service's default (30 s): the figures must come from the steps a
        // request and an acceptance start at once, not from a pass that happens to run.
        let federation = try await BenchFederation(ca: ca, regions: ["antwerpen", "gent"], directory: directory, trajectory: true)
        let deskClients = try (1...desks).map { try federation.desk("gent", user: "desk-\($0)") }
        let staff = try (1...counsellors).map { try federation.counsellor("gent", user: "counsellor-\($0)") }
        let gent = staff.map { TrajectoryClient(channel: $0) }
        let gentTransfers = TransferClient(channel: staff[0])
        let antwerpen = TransferClient(channel: try federation.counsellor("antwerpen", user: "counsellor-a"))
        try await warmUp(deskClients)
        for (index, client) in gent.enumerated() {
            _ = try await client.upsert(Counsellor(user: "counsellor-\(index + 1)", languages: ["ar", "fr"]))
        }
        _ = try await antwerpen.list()

        let (registering, people) = await registerPhase("register (setup)", desks: deskClients, people: 0..<trajectories,
                                                        inFlight: inFlight, seconds: 3_600)
        guard registering.failures == 0 else { throw BenchError("setup: \(registering.failures) registrations failed") }
        var rows: [PhaseResult] = []

        let book = VersionBook(count: people.count)
        rows.append(await runPhase("contracts.sign", count: people.count, inFlight: inFlight, seconds: seconds) { index in
            let file = try await gent[index % gent.count].sign(SignRequest(personID: people[index].personID),
                                                               options: CallOptions(idempotencyKey: UUID().uuidString))
            book.signed(file.reference)
        })
        let signed = book.signedCount
        guard signed > 0 else { throw BenchError("no contract was signed") }

        // Distinct trajectories: write i moves trajectory i % signed one step further (8 steps: the four
        // components planned → in-progress → completed), so the count is at most 8 per trajectory.
        let moves: [(TrajectoryComponent, ComponentState)] = TrajectoryComponent.allCases.flatMap { [($0, .inProgress), ($0, .completed)] }
        rows.append(await runPhase("components.update", count: min(writes, moves.count * signed), inFlight: inFlight, seconds: seconds) { index in
            let slot = index % signed
            let (component, state) = moves[index / signed]
            let reference = try await book.take(slot)
            do {
                let file = try await gent[index % gent.count].updateComponent(
                    ComponentUpdate(trajectory: reference, component: component, state: state),
                    options: CallOptions(idempotencyKey: UUID().uuidString))
                book.put(slot, file.reference)
            } catch {
                book.put(slot, reference)
                throw error
            }
        })

        let transfer = await transferPhase(count: min(transfers, signed), seconds: seconds, book: book,
                                           gent: gent[0], gentTransfers: gentTransfers, antwerpen: antwerpen)
        rows += transfer.rows
        await federation.stop()

        print(PhaseResult.table(rows))
        print(transfer.note)
        finish(rows.contains(where: { $0.failures > 0 }) ? 1 : 0)
    } catch {
        FileHandle.standardError.write(Data("samen-bench trajectory: \(error)\n".utf8))
        finish(1)
    }
}

/// Transfers signed trajectories from gent to antwerpen one at a time, as staff would: a counsellor of gent
/// requests, a counsellor of antwerpen accepts once the offer is there (an acceptance before it is answered
/// `not_found` and tried again 1 ms later), and gent's `trajectories.get` is asked every millisecond until it shows
/// the tombstone. The end-to-end figure runs from sending the request to that answer.
private func transferPhase(count: Int, seconds: Double, book: VersionBook, gent: TrajectoryClient, gentTransfers: TransferClient,
                           antwerpen: TransferClient) async -> (rows: [PhaseResult], note: String) {
    var requests: [UInt64] = [], accepts: [UInt64] = [], endToEnd: [UInt64] = []
    var failures = 0, earlyAccepts = 0, polls = 0
    let start = MonotonicClock.now
    // `seconds` is at most 3,600 (BenchOptions), so the nanoseconds fit.
    let end = start + UInt64(seconds * 1e9)
    for index in 0..<count where MonotonicClock.now < end {
        let slot = book.signedCount - 1 - index
        do {
            let reference = try await book.take(slot)
            let sent = MonotonicClock.now
            let requested = try await gentTransfers.request(
                TransferRequest(trajectory: reference, targetRegion: "antwerpen", municipality: "11002", reason: "verhuisd naar Antwerpen"),
                options: CallOptions(idempotencyKey: UUID().uuidString))
            let afterRequest = MonotonicClock.now
            while true {
                do {
                    // A fresh key each time: the refusal of an offer not yet there must not be replayed.
                    _ = try await antwerpen.accept(requested.transferID, options: CallOptions(idempotencyKey: UUID().uuidString))
                    break
                } catch let error as RPCError where error.status == .notFound && MonotonicClock.now < end {
                    earlyAccepts += 1
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            let afterAccept = MonotonicClock.now
            while try await gent.get(reference.trajectoryID).tombstone == nil {
                polls += 1
                guard MonotonicClock.now < end else { throw BenchError("transfer \(requested.transferID): no tombstone at gent in time") }
                try await Task.sleep(for: .milliseconds(1))
            }
            let settled = MonotonicClock.now
            requests.append(afterRequest - sent)
            accepts.append(afterAccept - afterRequest)
            endToEnd.append(settled - sent)
        } catch {
            failures += 1
            if failures <= 3 { FileHandle.standardError.write(Data("transfer \(index) failed: \(error)\n".utf8)) }
        }
    }
    let elapsed = Double(MonotonicClock.now - start) / 1e9
    // One transfer is three rows: the process's CPU has no split between them worth printing.
    let rows = [("transfers.request", requests), ("transfers.accept", accepts), ("transfer end to end", endToEnd)].map {
        PhaseResult(name: $0.0, latencies: $0.1.sorted(), failures: failures, seconds: elapsed, cpuSeconds: nil)
    }
    let note = String(format: "transfers gent → antwerpen, one at a time: %d done; acceptances that came before the offer: %d; "
                          + "tombstone polls per transfer: %.1f (every 1 ms after the acceptance)",
                      endToEnd.count, earlyAccepts, Double(polls) / Double(max(endToEnd.count, 1)))
    return (rows, note)
}

/// Each signed trajectory's current reference (id and version), handed to one write at a time: a write takes it
/// and puts back the version it left, so two writes never race on one trajectory (the second waits its turn).
private final class VersionBook: Sendable {
    private let slots: Mutex<[Slot]>
    private let count = Atomic<Int>(0)

    enum Slot { case empty, free(TrajectoryReference), taken }

    init(count: Int) { slots = Mutex(Array(repeating: .empty, count: count)) }

    /// Records a signing; signed trajectories are numbered 0... in the order they were signed.
    func signed(_ reference: TrajectoryReference) {
        slots.withLock { slots in
            slots[count.load(ordering: .relaxed)] = .free(reference)
            count.add(1, ordering: .relaxed)
        }
    }

    var signedCount: Int { count.load(ordering: .relaxed) }

    func take(_ slot: Int) async throws -> TrajectoryReference {
        // Bounded: a write holds its trajectory for one call, whose client timeout is 60 s.
        for _ in 0..<120_000 {
            let taken: TrajectoryReference? = slots.withLock { slots in
                guard case .free(let reference) = slots[slot] else { return nil }
                slots[slot] = .taken
                return reference
            }
            if let taken { return taken }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw BenchError("trajectory slot \(slot) was not handed back")
    }

    func put(_ slot: Int, _ reference: TrajectoryReference) {
        slots.withLock { $0[slot] = .free(reference) }
    }
}
