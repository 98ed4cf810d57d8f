import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenTestSupport
import XCTest

/// Associations over real TLS: every field's rule, the status over time, versioned and idempotent changes, the
/// marks every list shows, and the audit rows of reads and changes of their contact persons.
final class AssociationTests: XCTestCase {
    var mesh: VerenigingenMesh!
    var desk: VerenigingenClient!

    override func setUp() async throws {
        mesh = try await VerenigingenMesh()
        desk = try mesh.staff()
    }

    override func tearDown() async throws {
        await mesh.stop()
    }

    func reference(_ file: AssociationFile) -> AssociationReference {
        AssociationReference(associationID: file.associationID, version: file.version)
    }

    func testAnAssociationIsRecordedInCanonicalFormAndReadWhole() async throws {
        var new = AssociationFixtures.association("  Afghaanse Vrouwenvereniging  ", focus: [.women, .cultural], genderNetwork: true)
        new.address.municipality = "Gent"
        new.languages = ["PRS", "fa"]
        let file = try await desk.createAssociation(new)
        XCTAssertEqual(file.associationID, "gent-v1")
        XCTAssertEqual(file.version, 1)
        XCTAssertEqual(file.name, "Afghaanse Vrouwenvereniging")
        XCTAssertEqual(file.address.municipality, "44021", "the municipality is kept as its NIS code")
        XCTAssertEqual(file.languages, ["prs", "fa"])
        XCTAssertTrue(file.womensOrganisation)
        XCTAssertTrue(file.genderNetwork)
        XCTAssertEqual(file.history, [AssociationStatusEvent(status: .founded, on: try CivilDate("2015-03-01"))])
        let read = try await desk.association(file.associationID)
        XCTAssertEqual(read, file)
        XCTAssertEqual(read.contactPersons.first?.email, "voorzitter@voorbeeld.test")

        let twin = await assertRPCError(.alreadyExists) {
            try await self.desk.createAssociation(AssociationFixtures.association("afghaanse vrouwenvereniging"))
        }
        XCTAssertEqual(twin?.details["associationID"], "gent-v1")
        let missing = await assertRPCError(.notFound) { try await self.desk.association("gent-v99") }
        XCTAssertEqual(missing?.details["field"], "associationID")
        let malformed = await assertRPCError(.invalidArgument) { try await self.desk.association("1 OR 1=1") }
        XCTAssertEqual(malformed?.details["field"], "associationID")
    }

    func testEveryFieldOfANewAssociationIsCheckedAndNamed() async throws {
        let today = Fixtures.today
        var cases: [(String, NewAssociation)] = []
        func adding(_ field: String, _ change: (inout NewAssociation) -> Void) {
            var new = AssociationFixtures.association()
            change(&new)
            cases.append((field, new))
        }
        adding("name") { $0.name = "   " }
        adding("name") { $0.name = String(repeating: "x", count: 121) }
        adding("address.street") { $0.address.street = "" }
        adding("address.postalCode") { $0.address.postalCode = "900" }
        adding("address.postalCode") { $0.address.postalCode = "0900" }
        adding("address.municipality") { $0.address.municipality = "Atlantis" }
        adding("address.municipality") { $0.address.municipality = "11002" }
        adding("focus") { $0.focus = [] }
        adding("focus") { $0.focus = [.youth, .youth] }
        adding("languages[1]") { $0.languages = ["ar", "xx"] }
        adding("languages") { $0.languages = ["ar", "AR"] }
        adding("contactPersons[0].name") { $0.contactPersons[0].name = "" }
        adding("contactPersons[0].phone") { $0.contactPersons[0].email = nil }
        adding("contactPersons[0].phone") { $0.contactPersons[0].phone = "call me" }
        adding("contactPersons[0].email") { $0.contactPersons[0].email = "nobody" }
        adding("contactPersons[0].language") { $0.contactPersons[0].language = "dut" }
        adding("contactPersons") { $0.contactPersons = Array(repeating: $0.contactPersons[0], count: 6) }
        adding("umbrellas[0]") { $0.umbrellas = [""] }
        adding("foundedOn") { $0.kind = .forming }
        adding("foundedOn") { $0.foundedOn = nil }
        adding("foundedOn") { $0.foundedOn = today.adding(days: 1) }
        adding("recognisedOn") { $0.kind = .recognised }
        adding("recognisedOn") { $0.recognisedOn = today }
        adding("recognisedOn") { $0.kind = .recognised; $0.recognisedOn = try! CivilDate("2014-01-01") }
        for (field, new) in cases {
            let error = await assertRPCError(.invalidArgument) { try await self.desk.createAssociation(new) }
            XCTAssertEqual(error?.details["field"], field, "\(error?.message ?? "")")
            XCTAssertTrue(error?.message.contains("'\(field)'") ?? false, "the message names \(field): \(error?.message ?? "")")
        }
        let page = try await desk.listAssociations()
        XCTAssertTrue(page.associations.isEmpty, "no refused association was stored")
    }

    func testTheStatusMovesOverTimeAndADissolvedAssociationChangesNoMore() async throws {
        let forming = try await desk.createAssociation(AssociationFixtures.association("Jongeren in Gent", kind: .forming, founded: nil))
        XCTAssertEqual(forming.kind, .forming)
        XCTAssertTrue(forming.history.isEmpty)
        let early = await assertRPCError(.failedPrecondition) {
            try await self.desk.recordStatus(StatusChange(association: self.reference(forming), status: .recognised, on: try CivilDate("2019-01-01")))
        }
        XCTAssertEqual(early?.details["current"], "forming")

        let founded = try await desk.recordStatus(StatusChange(association: reference(forming), status: .founded, on: try CivilDate("2018-09-01")))
        XCTAssertEqual(founded.kind, .notRecognised)
        XCTAssertEqual(founded.version, 2)
        let backwards = await assertRPCError(.invalidArgument) {
            try await self.desk.recordStatus(StatusChange(association: self.reference(founded), status: .recognised, on: try CivilDate("2018-08-31")))
        }
        XCTAssertEqual(backwards?.details["field"], "on")
        let recognised = try await desk.recordStatus(StatusChange(association: reference(founded), status: .recognised, on: try CivilDate("2019-03-16")))
        XCTAssertEqual(recognised.kind, .recognised)
        let noReason = await assertRPCError(.invalidArgument) {
            try await self.desk.recordStatus(StatusChange(association: self.reference(recognised), status: .recognitionEnded, on: try CivilDate("2021-01-01")))
        }
        XCTAssertEqual(noReason?.details["field"], "reason")
        let ended = try await desk.recordStatus(StatusChange(association: reference(recognised), status: .recognitionEnded,
                                                            on: try CivilDate("2021-01-01"), reason: "no activities report"))
        XCTAssertEqual(ended.kind, .notRecognised)
        let dissolved = try await desk.recordStatus(StatusChange(association: reference(ended), status: .dissolved,
                                                                on: try CivilDate("2022-06-30"), reason: "members moved away"))
        XCTAssertTrue(dissolved.dissolved)
        XCTAssertEqual(dissolved.history.map(\.status), [.founded, .recognised, .recognitionEnded, .dissolved])
        XCTAssertEqual(dissolved.status(on: try CivilDate("2018-01-01")), nil)
        XCTAssertEqual(dissolved.status(on: try CivilDate("2019-12-31")), .recognised)
        XCTAssertEqual(dissolved.status(on: try CivilDate("2021-06-01")), .recognitionEnded)
        XCTAssertEqual(dissolved.status(on: Fixtures.today), .dissolved)

        let again = await assertRPCError(.failedPrecondition) {
            try await self.desk.recordStatus(StatusChange(association: self.reference(dissolved), status: .dissolved, on: Fixtures.today, reason: "twice"))
        }
        XCTAssertEqual(again?.details["current"], "dissolved")
        await assertRPCError(.failedPrecondition) {
            try await self.desk.updateAssociation(AssociationUpdate(association: self.reference(dissolved), changes: AssociationChanges(name: "Nieuw")))
        }
        let listed = try await desk.listAssociations()
        XCTAssertTrue(listed.associations.isEmpty, "a dissolved association is left out by default")
        let all = try await desk.listAssociations(AssociationListRequest(includeDissolved: true))
        XCTAssertEqual(all.associations.map(\.dissolved), [true])
        let stored = try await desk.association(forming.associationID)
        XCTAssertEqual(stored, dissolved)
    }

    func testUpdatesAreVersionedAndRetriesUnderOneKeyApplyOnce() async throws {
        let file = try await desk.createAssociation(AssociationFixtures.association(), options: CallOptions(idempotencyKey: "create-1"))
        let retried = try await desk.createAssociation(AssociationFixtures.association(), options: CallOptions(idempotencyKey: "create-1"))
        XCTAssertEqual(retried, file, "a retry answers the first result")
        let update = AssociationUpdate(association: reference(file), changes: AssociationChanges(
            focus: [.women, .religious], contactPersons: [ContactPerson(name: "Nieuwe Secretaris", role: .secretary, phone: "+32 9 123 45 67")],
            genderNetwork: true))
        let changed = try await desk.updateAssociation(update, options: CallOptions(idempotencyKey: "update-1"))
        XCTAssertEqual(changed.version, 2)
        XCTAssertTrue(changed.womensOrganisation)
        XCTAssertTrue(changed.genderNetwork)
        XCTAssertEqual(changed.contactPersons.map(\.role), [.secretary])
        let replayed = try await desk.updateAssociation(update, options: CallOptions(idempotencyKey: "update-1"))
        XCTAssertEqual(replayed, changed)
        let stale = await assertRPCError(.aborted) { try await self.desk.updateAssociation(update) }
        XCTAssertEqual(stale?.details["field"], "version")
        let outside = await assertRPCError(.invalidArgument) {
            try await self.desk.updateAssociation(AssociationUpdate(association: self.reference(changed), changes: AssociationChanges(
                address: AssociationAddress(street: "Meir 1", postalCode: "2000", municipality: "Antwerpen"))))
        }
        XCTAssertEqual(outside?.details["field"], "changes.address.municipality")
        let page = try await desk.listAssociations()
        XCTAssertEqual(page.associations.count, 1, "the retried create made one association")
        let storedVersion = try await desk.association(file.associationID).version
        XCTAssertEqual(storedVersion, 2)
    }

    func testListsShowWomensOrganisationsAndTheGenderNetworkAndFilterOnThem() async throws {
        _ = try await desk.createAssociation(AssociationFixtures.association("Sportclub Voorbeeld", focus: [.sport]))
        _ = try await desk.createAssociation(AssociationFixtures.association("Vrouwen Voorbeeld", focus: [.women]))
        _ = try await desk.createAssociation(AssociationFixtures.association("Netwerk Voorbeeld", focus: [.genderEquality], genderNetwork: true))
        _ = try await desk.createAssociation(AssociationFixtures.association("Erkend Voorbeeld", kind: .recognised, focus: [.women, .youth],
                                                                             genderNetwork: true, recognised: "2016-01-01"))
        let all = try await desk.listAssociations()
        XCTAssertEqual(all.associations.map(\.womensOrganisation), [false, true, false, true])
        XCTAssertEqual(all.associations.map(\.genderNetwork), [false, false, true, true])
        let women = try await desk.listAssociations(AssociationListRequest(womensOrganisation: true))
        XCTAssertEqual(women.associations.map(\.name), ["Vrouwen Voorbeeld", "Erkend Voorbeeld"])
        let network = try await desk.listAssociations(AssociationListRequest(genderNetwork: true))
        XCTAssertEqual(network.associations.map(\.name), ["Netwerk Voorbeeld", "Erkend Voorbeeld"])
        let youth = try await desk.listAssociations(AssociationListRequest(kind: .recognised, focus: .youth))
        XCTAssertEqual(youth.associations.map(\.associationID), ["gent-v4"])
        let first = try await desk.listAssociations(AssociationListRequest(limit: 3))
        XCTAssertEqual(first.associations.count, 3)
        XCTAssertEqual(first.next, "gent-v3")
        let rest = try await desk.listAssociations(AssociationListRequest(limit: 3, after: first.next))
        XCTAssertEqual(rest.associations.map(\.associationID), ["gent-v4"])
        XCTAssertNil(rest.next)
        let badLimit = await assertRPCError(.invalidArgument) { try await self.desk.listAssociations(AssociationListRequest(limit: 0)) }
        XCTAssertEqual(badLimit?.details["field"], "limit")
    }

    func testReadsAndChangesOfContactPersonsAreAuditedAndExportable() async throws {
        let file = try await desk.createAssociation(AssociationFixtures.association())
        _ = try await desk.association(file.associationID)
        _ = try await desk.listAssociations()
        await assertRPCError(.aborted) {
            try await self.desk.updateAssociation(AssociationUpdate(association: AssociationReference(associationID: file.associationID, version: 7),
                                                                    changes: AssociationChanges(umbrellas: [])))
        }
        let dpo = try mesh.staff(user: "a-dpo", roles: [.dpo])
        let page = try await dpo.audit(AuditQuery(personID: file.associationID))
        let rows = page.events.reversed().map { [$0.method, $0.access.rawValue, $0.outcome, $0.staff ?? "-"] }
        XCTAssertEqual(rows, [
            ["verenigingen/associations.create", "change", "ok", "samen://gent/staff/an-desk"],
            ["verenigingen/associations.get", "read", "ok", "samen://gent/staff/an-desk"],
            ["verenigingen/associations.update", "change", "aborted", "samen://gent/staff/an-desk"],
        ], "a list without contact persons is no read of them; a refused change is recorded with its status")
        let export = try await dpo.channel.call(VerenigingenAPI.audit.exportPerson, PersonExportRequest(personID: file.associationID))
        XCTAssertTrue(export.fileJSON.contains("voorzitter@voorbeeld.test"))
        XCTAssertEqual(export.service, "verenigingen")
        await assertRPCError(.permissionDenied) { try await self.desk.audit(AuditQuery(personID: file.associationID)) }
    }
}
