import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Network events with their participants and attendance over real TLS.
final class NetworkEventTests: XCTestCase {
    var mesh: VerenigingenMesh!
    var desk: VerenigingenClient!

    override func setUp() async throws {
        mesh = try await VerenigingenMesh()
        desk = try mesh.staff()
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func testAnEventRecordsItsParticipantsWithTheirMarksAndItsAttendance() async throws {
        let women = try await desk.createAssociation(AssociationFixtures.association("Vrouwen Voorbeeld", focus: [.women], genderNetwork: true))
        let sport = try await desk.createAssociation(AssociationFixtures.association("Sport Voorbeeld", focus: [.sport]))
        let day = try CivilDate("2019-03-16")
        let event = try await desk.recordEvent(NewNetworkEvent(
            on: day, theme: "Netwerkmoment erkende en niet erkende verenigingen",
            organisers: ["IN-Gent", "Stad Gent, Dienst Welzijn en Gelijke Kansen"], participants: [sport.associationID, women.associationID],
            attendance: 64))
        XCTAssertEqual(event.eventID, "gent-e1")
        XCTAssertEqual(event.participants.map(\.associationID), [women.associationID, sport.associationID])
        XCTAssertEqual(event.participants.map(\.womensOrganisation), [true, false])
        XCTAssertEqual(event.participants.map(\.genderNetwork), [true, false])
        XCTAssertFalse(event.genderNetwork)
        let platform = try await desk.recordEvent(NewNetworkEvent(on: try CivilDate("2019-10-05"), theme: "Vaderparticipatie", organisers: ["Univers'elle"],
                                                                  participants: [women.associationID], attendance: 23, genderNetwork: true))
        let listed = try await desk.listEvents(EventListRequest(from: try CivilDate("2019-01-01"), through: try CivilDate("2019-12-31")))
        XCTAssertEqual(listed.events, [platform, event])
        let march = try await desk.listEvents(EventListRequest(from: day, through: day))
        XCTAssertEqual(march.events, [event])
    }

    func testEveryFieldOfAnEventIsCheckedAndNamed() async throws {
        let association = try await desk.createAssociation(AssociationFixtures.association())
        let day = try CivilDate("2019-03-16")
        func event(_ change: (inout NewNetworkEvent) -> Void) -> NewNetworkEvent {
            var event = NewNetworkEvent(on: day, theme: "Netwerkmoment", organisers: ["IN-Gent"], participants: [association.associationID], attendance: 40)
            change(&event)
            return event
        }
        let cases: [(String, StatusCode, NewNetworkEvent)] = [
            ("on", .invalidArgument, event { $0.on = Fixtures.today.adding(days: 1)! }),
            ("theme", .invalidArgument, event { $0.theme = "" }),
            ("organisers", .invalidArgument, event { $0.organisers = [] }),
            ("organisers[1]", .invalidArgument, event { $0.organisers = ["IN-Gent", String(repeating: "o", count: 121)] }),
            ("participants[1]", .invalidArgument, event { $0.participants.append("Voorbeeld") }),
            ("participants", .invalidArgument, event { $0.participants.append(association.associationID) }),
            ("participants[1]", .notFound, event { $0.participants.append("gent-v9") }),
            ("attendance", .invalidArgument, event { $0.attendance = 0 }),
            ("attendance", .invalidArgument, event { $0.attendance = -5 }),
            ("attendance", .invalidArgument, event { $0.attendance = 100_001 }),
            ("attendance", .invalidArgument, event { $0.attendance = Int.max }),
        ]
        for (field, status, event) in cases {
            let error = await assertRPCError(status) { try await self.desk.recordEvent(event) }
            XCTAssertEqual(error?.details["field"], field, "\(error?.message ?? "")")
        }
        let listed = try await desk.listEvents()
        XCTAssertTrue(listed.events.isEmpty, "no refused event was stored")
        let period = await assertRPCError(.invalidArgument) {
            try await self.desk.listEvents(EventListRequest(from: day, through: day.adding(days: -1)))
        }
        XCTAssertEqual(period?.details["field"], "through")
    }
}
