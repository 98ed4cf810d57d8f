import Foundation
import SamenAgencyKit
import SamenContracts
import SamenRPC
import SamenStorage

extension TolkdienstService {
    func addOrganisation(_ input: OrganisationInput, _ context: CallContext) async throws -> Organisation {
        let checked = try TolkdienstRules.check(input, ownRegion: region, served: served)
        return try await store.change(context, request: input) { [records] scope in
            let (seq, id) = try records.nextID(.organisations, on: scope.connection)
            let organisation = Organisation(id: id, version: 1, name: checked.name, sector: checked.sector, contact: checked.contact,
                                            region: checked.region!, agreementFrom: checked.agreementFrom, agreementUntil: checked.agreementUntil)
            try records.insert(organisation, seq: seq, on: scope.connection)
            return organisation
        }
    }

    func updateOrganisation(_ update: OrganisationUpdate, _ context: CallContext) async throws -> Organisation {
        try TolkdienstRules.id(update.organisationID, kind: "o", field: "organisationID")
        let checked = try TolkdienstRules.check(update.organisation, ownRegion: region, served: served)
        return try await store.change(context, request: update) { [records] scope in
            var organisation = try records.require(.organisations, update.organisationID, as: Organisation.self, field: "organisationID",
                                                   on: scope.connection)
            try FileVersion.check(stated: update.version, current: organisation.version, file: "organisation \(organisation.id)")
            // An update that names no region keeps the organisation's: at a central instance, the instance's own
            // region would move a served region's organisation (and its figures) to it.
            organisation = Organisation(id: organisation.id, version: organisation.version + 1, name: checked.name, sector: checked.sector,
                                        contact: checked.contact, region: update.organisation.region == nil ? organisation.region : checked.region!,
                                        agreementFrom: checked.agreementFrom,
                                        agreementUntil: checked.agreementUntil)
            try records.save(organisation, on: scope.connection)
            return organisation
        }
    }

    func organisations(_ page: TolkdienstPageRequest) async throws -> OrganisationPage {
        try await store.database.read { [records] connection in
            let (organisations, next) = try records.page(.organisations, as: Organisation.self, page, on: connection)
            return OrganisationPage(organisations: organisations, next: next)
        }
    }
}
