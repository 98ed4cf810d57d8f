import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// What every tolkdienst test starts from: gent's tolkdienst over TLS with its clock on Monday 4 March 2030,
/// 09:00 in Brussels, a planner's client, and helpers that make organisations, interpreters and requests.
class TolkdienstTestCase: XCTestCase {
    var fixture: TolkdienstFixture!
    var planner: TolkdienstClient!

    /// 2030-03-04T08:00:00Z: Monday 09:00 in Brussels (CET).
    static let start = Date(timeIntervalSince1970: 1_898_841_600)

    /// How many instances of the service share the file.
    var instanceCount: Int { 1 }
    var servedRegions: [String] { [] }

    override func setUp() async throws {
        fixture = try TolkdienstFixture(instances: instanceCount, servedRegions: servedRegions, start: Self.start)
        planner = try fixture.staff()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    func day(_ text: String) -> CivilDate { try! CivilDate(text) }

    /// A minute of the day from `HH:MM`.
    func at(_ clock: String) -> Int {
        let parts = clock.split(separator: ":").map { Int($0)! }
        return parts[0] * 60 + parts[1]
    }

    func organisationInput(name: String = "AZ Sint-Lucas", sector: Sector = .gezondheid, region: String? = nil,
                           from: String = "2030-01-01", until: String? = "2030-12-31") -> OrganisationInput {
        OrganisationInput(name: name, sector: sector, contact: OrganisationContact(name: "Onthaal", email: "onthaal@example.org", phone: "+32 9 224 61 11"),
                          region: region, agreementFrom: day(from), agreementUntil: until.map(day))
    }

    func organisation(sector: Sector = .gezondheid, region: String? = nil, from: String = "2030-01-01",
                      until: String? = "2030-12-31") async throws -> Organisation {
        try await planner.addOrganisation(organisationInput(sector: sector, region: region, from: from, until: until))
    }

    /// Monday to Friday 08:00-18:00.
    static let weekdays = (1...5).map { WeeklyHours(weekday: $0, fromMinute: 480, untilMinute: 1080) }

    func profile(_ name: String, languages: [String] = ["ar"], modes: [InterpretingMode] = InterpretingMode.allCases,
                 regions: [String] = ["gent"], weekly: [WeeklyHours] = TolkdienstTestCase.weekdays,
                 exceptions: [AvailabilityException] = [], active: Bool = true) -> InterpreterProfile {
        InterpreterProfile(name: name, languages: languages, modes: modes, regions: regions, weekly: weekly, exceptions: exceptions, active: active)
    }

    func interpreter(_ name: String, languages: [String] = ["ar"], modes: [InterpretingMode] = InterpretingMode.allCases,
                     regions: [String] = ["gent"], weekly: [WeeklyHours] = TolkdienstTestCase.weekdays,
                     exceptions: [AvailabilityException] = [], active: Bool = true) async throws -> Interpreter {
        try await planner.addInterpreter(profile(name, languages: languages, modes: modes, regions: regions, weekly: weekly,
                                                 exceptions: exceptions, active: active))
    }

    func requestInput(_ organisation: Organisation, mode: InterpretingMode = .onSite, language: String = "ar", on date: String = "2030-03-05",
                      at start: String = "10:00", minutes: Int = 60, person: String? = nil) -> InterpretingRequestInput {
        InterpretingRequestInput(organisationID: organisation.id, mode: mode, language: language, date: day(date), startMinute: at(start),
                                 durationMinutes: minutes, place: mode.isOnSite ? "Gent, Kouter 1" : nil,
                                 link: mode == .webcam ? "https://meet.example.org/abc" : nil, personID: person)
    }

    func request(_ organisation: Organisation, mode: InterpretingMode = .onSite, language: String = "ar", on date: String = "2030-03-05",
                 at start: String = "10:00", minutes: Int = 60, person: String? = nil) async throws -> InterpretingRequest {
        try await planner.createRequest(requestInput(organisation, mode: mode, language: language, on: date, at: start, minutes: minutes, person: person))
    }

    /// Assigns and returns the request as it is then.
    @discardableResult
    func assign(_ request: InterpretingRequest, _ interpreter: Interpreter, by client: TolkdienstClient? = nil) async throws -> InterpretingRequest {
        try await (client ?? planner).assign(AssignRequest(requestID: request.id, version: request.version, interpreterID: interpreter.id))
    }

    /// Asserts a field error naming `field`.
    func assertInvalid<T>(_ field: String, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T) async {
        let error = await assertRPCError(.invalidArgument, file: file, line: line, body)
        XCTAssertEqual(error?.details["field"], field, "message: \(error?.message ?? "")", file: file, line: line)
    }
}
