import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenStorage

extension TolkdienstService {
    static let organisationRecordType = "organisation"
    static let interpreterRecordType = "interpreter"

    func importOrganisations(_ batch: ImportBatch<OrganisationInput>, _ context: CallContext) async throws -> ImportReport {
        let (region, served) = (region, served)
        return try await store.importBatch(context, batch, recordType: Self.organisationRecordType) { [records] input, scope in
            let checked = try TolkdienstRules.check(input, ownRegion: region, served: served)
            let (seq, id) = try records.nextID(.organisations, on: scope.connection)
            try records.insert(Organisation(id: id, version: 1, name: checked.name, sector: checked.sector, contact: checked.contact,
                                            region: checked.region!, agreementFrom: checked.agreementFrom, agreementUntil: checked.agreementUntil),
                               seq: seq, on: scope.connection)
            return id
        }
    }

    func importInterpreters(_ batch: ImportBatch<InterpreterProfile>, _ context: CallContext) async throws -> ImportReport {
        let served = served
        return try await store.importBatch(context, batch, recordType: Self.interpreterRecordType) { [records] profile, scope in
            let checked = try TolkdienstRules.check(profile, served: served)
            let (seq, id) = try records.nextID(.interpreters, on: scope.connection)
            try records.insert(Interpreter(id: id, version: 1, profile: checked), seq: seq, on: scope.connection)
            return id
        }
    }

    /// Historical requests with their outcome. The live rules apply, except that the date may be past and the
    /// interpreter's availability and active flag are today's, not those of then, so they are not asked; an assignment
    /// that took place is booked in the calendar, whose trigger refuses a double booking in history as well.
    func importAssignments(_ batch: ImportBatch<HistoricalAssignment>, _ context: CallContext) async throws -> ImportReport {
        try await store.importBatch(context, batch, recordType: "assignment") { [records] item, scope in
            guard let organisationID = try HistoricalImport.importedID(recordType: Self.organisationRecordType, externalID: item.organisationExternalID,
                                                                       on: scope.connection) else {
                throw TolkdienstRules.invalid("organisationExternalID", "names no imported organisation")
            }
            let input = try TolkdienstRules.check(InterpretingRequestInput(
                organisationID: organisationID, mode: item.mode, language: item.language, date: item.date, startMinute: item.startMinute,
                durationMinutes: item.durationMinutes, place: item.place, link: item.link, personID: item.personID),
                today: try CivilDate(year: CivilDate.earliestYear, month: 1, day: 1))
            let organisation = try records.organisation(organisationID, withAgreementOn: input.date, on: scope.connection)
            let (seq, id) = try records.nextID(.requests, on: scope.connection)
            var request = InterpretingRequest(id: id, version: 1, region: organisation.region, input: input)
            if let external = item.interpreterExternalID {
                guard let interpreterID = try HistoricalImport.importedID(recordType: Self.interpreterRecordType, externalID: external,
                                                                          on: scope.connection) else {
                    throw TolkdienstRules.invalid("interpreterExternalID", "names no imported interpreter")
                }
                request.interpreterID = interpreterID
            }
            switch item.outcome {
            case .completed, .noShow:
                guard let interpreterID = request.interpreterID else {
                    throw TolkdienstRules.invalid("interpreterExternalID", "is required for a \(item.outcome.rawValue)")
                }
                let interpreter = try records.require(.interpreters, interpreterID, as: Interpreter.self, field: "interpreterExternalID",
                                                      on: scope.connection)
                if let exclusion = MatchingRules.exclusion(interpreter, for: request, bookings: [], historical: true) {
                    throw RPCError(.failedPrecondition, "field 'interpreterExternalID': \(exclusion.reason.rawValue): \(exclusion.detail)",
                                   details: ["field": "interpreterExternalID", "reason": exclusion.reason.rawValue])
                }
                if item.outcome == .completed {
                    guard let minutes = item.minutesInterpreted, TolkdienstRules.minutesInterpreted.contains(minutes) else {
                        throw TolkdienstRules.invalid("minutesInterpreted", "must be 1...720 for a completed assignment")
                    }
                    request.minutesInterpreted = minutes
                    request.state = .completed
                } else {
                    guard let absent = item.absent else { throw TolkdienstRules.invalid("absent", "is required for a no-show") }
                    request.noShow = absent
                    request.state = .noShow
                }
                try records.insert(request, seq: seq, on: scope.connection)
                try BookingCalendar.book(BookingCalendar.booking(of: request, for: interpreterID), on: scope.connection)
            case .cancelled, .cancelledLate:
                request.cancellation = Cancellation(atMilliseconds: nil, late: item.outcome == .cancelledLate,
                                                    reason: try TolkdienstRules.reason(item.reason))
                request.state = .cancelled
                try records.insert(request, seq: seq, on: scope.connection)
            }
            if let person = input.personID { scope.touched(person) }
            return id
        }
    }

    /// Historical translations: the live rules (an official one only by a sworn translator of the pair), except that
    /// the deadline may be past and the translator's active flag is today's, not asked.
    func importTranslations(_ batch: ImportBatch<HistoricalTranslation>, _ context: CallContext) async throws -> ImportReport {
        try await store.importBatch(context, batch, recordType: "translation") { [records] item, scope in
            guard let organisationID = try HistoricalImport.importedID(recordType: Self.organisationRecordType, externalID: item.organisationExternalID,
                                                                       on: scope.connection) else {
                throw TolkdienstRules.invalid("organisationExternalID", "names no imported organisation")
            }
            let order = try TranslationRules.check(TranslationOrderInput(
                organisationID: organisationID, kind: item.kind, documentKind: item.documentKind, title: item.title, pair: item.pair,
                pages: item.pages, deadline: item.deadline, personID: item.personID),
                today: try CivilDate(year: CivilDate.earliestYear, month: 1, day: 1))
            let (seq, id) = try records.nextID(.translations, on: scope.connection)
            var translation: Translation
            switch item.outcome {
            case .delivered:
                guard let deliveredOn = item.deliveredOn else { throw TolkdienstRules.invalid("deliveredOn", "is required for a delivered translation") }
                let organisation = try records.organisation(organisationID, withAgreementOn: deliveredOn, on: scope.connection)
                guard let external = item.translatorExternalID,
                      let translatorID = try HistoricalImport.importedID(recordType: Self.interpreterRecordType, externalID: external,
                                                                         on: scope.connection) else {
                    throw TolkdienstRules.invalid("translatorExternalID", "names no imported translator (required for a delivered translation)")
                }
                let translator = try records.require(.interpreters, translatorID, as: Interpreter.self, field: "translatorExternalID", on: scope.connection)
                try TranslationRules.requireTranslator(translator, for: order, field: "translatorExternalID", historical: true)
                translation = Translation(id: id, version: 1, region: organisation.region, order: order, state: .delivered,
                                          translatorID: translatorID, deliveredOn: deliveredOn)
            case .cancelled:
                let organisation = try records.require(.organisations, organisationID, as: Organisation.self, field: "organisationExternalID",
                                                       on: scope.connection)
                translation = Translation(id: id, version: 1, region: organisation.region, order: order, state: .cancelled,
                                          cancellationReason: try TolkdienstRules.reason(item.reason))
            }
            try records.insert(translation, seq: seq, on: scope.connection)
            if let person = order.personID { scope.touched(person) }
            return id
        }
    }
}
