import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC

/// The fictional interpreting and translation work `samenctl demo` loads into the tolkdienst that serves one region
/// (its own, or the central instance its registry routes to), as the planner: organisations with agreements,
/// interpreters, requests, one assignment and one translation, every write under a fixed idempotency key, so a
/// second run adds nothing. Organisations are "Demo <kind> <region>", interpreters "Demo Tolk <n>", contacts under
/// `.test`.
struct DemoTolkdienst {
    /// What was loaded, for the demo's summary line.
    struct Loaded: Equatable {
        var organisations = 0
        var interpreters = 0
        var requests = 0
        var assigned = 0
        var translations = 0
        /// A request left open, for the demo's "try" line on matching.
        var openRequestID: String?
    }

    /// The bookings fall in one fixed week, so that every run asks for the same (requests must be today or
    /// later, which the demo's registration year is not).
    static let bookingWeek = "2030-03-04"
    static let interpreterCount = 3
    let region: String

    private func day(_ offset: Int) -> CivilDate { try! CivilDate(Self.bookingWeek).adding(days: offset)! }

    var organisations: [OrganisationInput] {
        let kinds: [(String, Sector)] = [("Ziekenhuis", .gezondheid), ("School", .onderwijs), ("OCMW", .gezinEnMaatschappelijkWelzijn)]
        return kinds.enumerated().map { index, kind in
            OrganisationInput(name: "Demo \(kind.0) \(region)", sector: kind.1,
                              contact: OrganisationContact(name: "Demo Onthaal \(index + 1)", email: "onthaal\(index + 1)@demo.test",
                                                           phone: "+32 2 000 00 0\(index + 1)"),
                              region: region, agreementFrom: try! CivilDate("\(DemoData.year)-01-01"),
                              agreementUntil: try! CivilDate("2030-12-31"))
        }
    }

    /// Monday to Friday 08:00-18:00; the last one also translates Dutch to Arabic, sworn.
    var interpreters: [InterpreterProfile] {
        let weekdays = (1...5).map { WeeklyHours(weekday: $0, fromMinute: 8 * 60, untilMinute: 18 * 60) }
        let languages = [["ar", "fr"], ["tr", "ar"], ["prs", "ps"]]
        return (0..<Self.interpreterCount).map { index in
            let translator = index == Self.interpreterCount - 1
            return InterpreterProfile(name: "Demo Tolk \(index + 1)", languages: languages[index], modes: InterpretingMode.allCases,
                                      regions: [region], weekly: weekdays,
                                      translationPairs: translator ? [LanguagePair(from: "nl", to: "ar")] : [], sworn: translator)
        }
    }

    /// On site at the hospital, by webcam for the school, by phone for the OCMW.
    func requests(_ organisationIDs: [String]) -> [InterpretingRequestInput] {
        [InterpretingRequestInput(organisationID: organisationIDs[0], mode: .onSite, language: "ar", date: day(1), startMinute: 10 * 60,
                                  durationMinutes: 60, place: "Demo Ziekenhuis, Demostraat 1"),
         InterpretingRequestInput(organisationID: organisationIDs[1], mode: .webcam, language: "tr", date: day(2), startMinute: 14 * 60,
                                  durationMinutes: 45, link: "https://meet.demo.test/oudercontact"),
         InterpretingRequestInput(organisationID: organisationIDs[2], mode: .phone, language: "prs", date: day(3), startMinute: 9 * 60 + 30,
                                  durationMinutes: 30)]
    }

    func load(into planner: TolkdienstClient) async throws -> Loaded {
        var loaded = Loaded()
        var organisationIDs: [String] = []
        for (index, organisation) in organisations.enumerated() {
            organisationIDs.append(try await planner.addOrganisation(organisation, options: key("organisation-\(index + 1)")).id)
            loaded.organisations += 1
        }
        var interpreterIDs: [String] = []
        for (index, interpreter) in interpreters.enumerated() {
            interpreterIDs.append(try await planner.addInterpreter(interpreter, options: key("interpreter-\(index + 1)")).id)
            loaded.interpreters += 1
        }
        var booked: [InterpretingRequest] = []
        for (index, input) in requests(organisationIDs).enumerated() {
            booked.append(try await planner.createRequest(input, options: key("request-\(index + 1)")))
            loaded.requests += 1
        }
        loaded.openRequestID = booked.last?.id
        // The first request goes to the first interpreter (Arabic, on site); the others stay open for matching.
        _ = try await planner.assign(AssignRequest(requestID: booked[0].id, version: booked[0].version, interpreterID: interpreterIDs[0]),
                                     options: key("assign-1"))
        loaded.assigned = 1
        let brochure = TranslationOrderInput(organisationID: organisationIDs[0], kind: .informative, documentKind: .brochure,
                                             title: "Demo brochure: welkom in het ziekenhuis", pair: LanguagePair(from: "nl", to: "ar"),
                                             pages: 4, deadline: day(25), declineLibrary: true)
        _ = try await planner.order(brochure, options: key("translation-1"))
        loaded.translations = 1
        return loaded
    }

    private func key(_ name: String) -> CallOptions { CallOptions(idempotencyKey: "demo-\(region)-tolkdienst-\(name)") }
}
