import Foundation
@testable import SamenCtl
import SamenContracts
import SamenRPC
import XCTest

final class MethodReferenceTests: XCTestCase {
    /// docs/METHODS.md is exactly what the contracts say today.
    func testCommittedReferenceIsUpToDate() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/METHODS.md").standardizedFileURL
        let committed = try String(contentsOf: file, encoding: .utf8)
        let generated = try MethodReference.markdown()
        if committed != generated {
            let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(committedLines, generatedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(committedLines.count, generatedLines.count)
            XCTFail("""
                docs/METHODS.md is out of date with the contracts; regenerate it with `\(MethodReference.command)`.
                first difference at line \(first + 1):
                  committed: \(first < committedLines.count ? String(committedLines[first]) : "(end of file)")
                  generated: \(first < generatedLines.count ? String(generatedLines[first]) : "(end of file)")
                """)
        }
    }

    /// Every method of every contract is in the reference, with the policy the server enforces.
    func testReferenceListsEveryContractMethodWithItsPolicy() throws {
        let names = Set(MethodCatalog.standard.descriptions.map(\.name))
        XCTAssertEqual(names, ["samen.health/check", "samen.admin/drain", "samen.bench/echo", "samen.registry/register",
                               "samen.registry/heartbeat", "samen.registry/deregister", "samen.registry/lookup",
                               "samen.registry/catalog", "samen.registry/regions", "samen.registry/watch",
                               "intake/persons.register", "intake/persons.update", "intake/persons.get", "intake/persons.findByINSZ",
                               "intake/persons.findMatches", "intake/persons.matchLocal", "intake/persons.list",
                               "intake/persons.referToEducation", "intake/persons.link", "intake/nt2.record", "intake/nt2.providers",
                               "intake/settlements.report", "intake/settlements.toInvite", "intake/claims.reserve",
                               "intake/claims.release", "intake/figures", "intake/figures.batch", "intake/import.registrations", "intake/import.nt2",
                               "intake/audit.query", "intake/audit.exportPerson",
                               "trajectory/contracts.sign", "trajectory/trajectories.get", "trajectory/trajectories.list",
                               "trajectory/components.update", "trajectory/trajectories.reassign", "trajectory/counsellors.upsert",
                               "trajectory/counsellors.list", "trajectory/figures", "trajectory/figures.batch", "trajectory/audit.query", "trajectory/audit.exportPerson",
                               "trajectory/mo.groups.create", "trajectory/mo.groups.list", "trajectory/mo.group", "trajectory/mo.enrol",
                               "trajectory/mo.cancel", "trajectory/referrals.add", "trajectory/referrals.outcome", "trajectory/diplomas.open",
                               "trajectory/diplomas.update", "trajectory/diplomas.get", "trajectory/certificates.issue",
                               "trajectory/certificates.get", "trajectory/trajectories.import", "trajectory/exemption.slots.create", "trajectory/exemption.slots.list",
                               "trajectory/exemption.slot", "trajectory/exemption.book", "trajectory/exemption.cancel",
                               "trajectory/exemption.bookFor", "trajectory/exemption.cancelFor", "trajectory/exemption.recordResult",
                               "trajectory/exemption.deliverResult", "trajectory/transfers.request", "trajectory/transfers.list",
                               "trajectory/transfers.accept", "trajectory/transfers.refuse", "trajectory/transfers.revoke",
                               "trajectory/transfers.offer", "trajectory/transfers.status", "trajectory/transfers.withdraw",
                               "trajectory/transfers.settle", "trajectory/transfers.findLive",
                               "tolkdienst/organisations.add", "tolkdienst/organisations.update", "tolkdienst/organisations.list",
                               "tolkdienst/interpreters.add", "tolkdienst/interpreters.update", "tolkdienst/interpreters.get",
                               "tolkdienst/interpreters.list", "tolkdienst/requests.create", "tolkdienst/requests.get", "tolkdienst/requests.list",
                               "tolkdienst/requests.cancel", "tolkdienst/matching.candidates", "tolkdienst/assignments.assign",
                               "tolkdienst/assignments.confirm", "tolkdienst/assignments.decline", "tolkdienst/assignments.complete",
                               "tolkdienst/assignments.noShow", "tolkdienst/translations.order", "tolkdienst/translations.get",
                               "tolkdienst/translations.assign", "tolkdienst/translations.deliver", "tolkdienst/translations.cancel",
                               "tolkdienst/library.search", "tolkdienst/figures", "tolkdienst/figures.batch",
                               "tolkdienst/import.organisations", "tolkdienst/import.interpreters", "tolkdienst/import.assignments", "tolkdienst/import.translations", "tolkdienst/audit.query", "tolkdienst/audit.exportPerson",
                               "verenigingen/associations.create", "verenigingen/associations.get", "verenigingen/associations.list",
                               "verenigingen/associations.update", "verenigingen/associations.recordStatus", "verenigingen/associations.import",
                               "verenigingen/contacts.record", "verenigingen/contacts.list", "verenigingen/contacts.openFollowUps",
                               "verenigingen/contacts.closeFollowUp", "verenigingen/contacts.import", "verenigingen/events.record",
                               "verenigingen/events.list", "verenigingen/subsidies.openCall", "verenigingen/subsidies.listCalls",
                               "verenigingen/subsidies.call", "verenigingen/subsidies.apply", "verenigingen/subsidies.assess",
                               "verenigingen/subsidies.decide", "verenigingen/subsidies.pay", "verenigingen/subsidies.report",
                               "verenigingen/figures", "verenigingen/figures.batch", "verenigingen/audit.query", "verenigingen/audit.exportPerson",
                               "reporting/report.build", "reporting/report.html", "reporting/report.csv", "reporting/year.close",
                               "reporting/audit.query", "reporting/audit.exportPerson"])
        let text = try MethodReference.markdown()
        XCTAssertTrue(text.contains("| [`samen.admin/drain`](#samenadmindrain) | unary | services operator of the same region |"), text)
        XCTAssertTrue(text.contains("| `address` | [Endpoint](#endpoint) | 0x07 | required |"), text)
        XCTAssertTrue(text.contains("one of: `passing`, `critical`"), text)
        // What a client in another language cannot learn from the Swift names alone.
        XCTAssertTrue(text.contains("| Date | 0x09 | 8 bytes, IEEE 754 binary64, big-endian: seconds since 1970-01-01T00:00:00Z"), text)
        XCTAssertTrue(text.contains("not as a structure: the address as text, `host:port`, or `[ipv6]:port`"), text)
        XCTAssertTrue(text.contains("| `failed_precondition` (9) | the instance belongs to another region than the registry's |"), text)
    }

    /// The command prints the same text as the test compares, so the regeneration it names works.
    func testDocsMethodsCommandPrintsTheReference() async throws {
        let result = await CtlTestMesh.ctl(["docs", "methods"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, try MethodReference.markdown())
        let wrong = await CtlTestMesh.ctl(["docs", "everything"])
        XCTAssertEqual(wrong.code, 2)
        XCTAssertTrue(wrong.err.contains("samenctl docs methods"), wrong.err)
    }
}
