import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC
import SamenStorage

/// Intake's figures for reporting, each one SQL count over one table and period; the list is the contract
/// (docs/INTAKE.md, "Figures").
enum IntakeFigure: String, FigureCatalogue {
    case newInhabitantsByNationality = "newInhabitants.byNationality"
    case newInhabitantsByDoelgroep = "newInhabitants.byDoelgroep"
    case registrationsByDoelgroep = "registrations.byDoelgroep"
    case registrationsByNationality = "registrations.byNationality"
    case registrationsByMonth = "registrations.byMonth"
    case registrationsByDesk = "registrations.byDesk"
    case minorsReferred = "minors.referred"
    case nt2RecordsByKind = "nt2.records.byKind"
    case nt2People = "nt2.people"
    case nt2ByProvider = "nt2.byProvider"
    case nt2UCTGrantsByFunder = "nt2.uctGrants.byFunder"
    case nt2CertifyingTestsByPurpose = "nt2.certifyingTests.byPurpose"

    var query: FigureQuery {
        let (dimensions, measure, sql): ([String], String, String) = switch self {
        case .newInhabitantsByNationality:
            (["nationality"], "persons", "SELECT nationality AS k0, COUNT(*) AS n FROM settlements WHERE settled_on BETWEEN ? AND ? GROUP BY k0")
        case .newInhabitantsByDoelgroep:
            (["doelgroep"], "persons", "SELECT doelgroep AS k0, COUNT(*) AS n FROM settlements WHERE settled_on BETWEEN ? AND ? GROUP BY k0")
        case .registrationsByDoelgroep:
            (["doelgroep"], "registrations", "SELECT doelgroep AS k0, COUNT(*) AS n FROM persons WHERE registered_on BETWEEN ? AND ? AND minor = 0 GROUP BY k0")
        case .registrationsByNationality:
            (["nationality"], "registrations", "SELECT nationality AS k0, COUNT(*) AS n FROM persons WHERE registered_on BETWEEN ? AND ? GROUP BY k0")
        case .registrationsByMonth:
            (["month"], "registrations", "SELECT substr(registered_on, 1, 7) AS k0, COUNT(*) AS n FROM persons WHERE registered_on BETWEEN ? AND ? GROUP BY k0")
        case .registrationsByDesk:
            (["desk"], "registrations", "SELECT desk AS k0, COUNT(*) AS n FROM persons WHERE registered_on BETWEEN ? AND ? GROUP BY k0")
        case .minorsReferred:
            (["kind"], "referrals", "SELECT kind AS k0, COUNT(*) AS n FROM education_referrals WHERE referred_on BETWEEN ? AND ? GROUP BY k0")
        case .nt2RecordsByKind:
            (["kind"], "records", "SELECT kind AS k0, COUNT(*) AS n FROM nt2_records WHERE on_date BETWEEN ? AND ? GROUP BY k0")
        case .nt2People:
            ([], "persons", "SELECT COUNT(DISTINCT person_seq) AS n FROM nt2_records WHERE on_date BETWEEN ? AND ?")
        case .nt2ByProvider:
            (["kind", "provider"], "records",
             "SELECT kind AS k0, provider AS k1, COUNT(*) AS n FROM nt2_records WHERE on_date BETWEEN ? AND ? AND provider IS NOT NULL GROUP BY k0, k1")
        case .nt2UCTGrantsByFunder:
            (["funder"], "grants", "SELECT funder AS k0, COUNT(*) AS n FROM nt2_records WHERE on_date BETWEEN ? AND ? AND kind = 'uct-grant' GROUP BY k0")
        case .nt2CertifyingTestsByPurpose:
            (["purpose"], "tests", "SELECT purpose AS k0, COUNT(*) AS n FROM nt2_records WHERE on_date BETWEEN ? AND ? AND kind = 'certifying-test' GROUP BY k0")
        }
        return FigureQuery(dimensions: dimensions, measure: measure, sql: sql)
    }
}

extension IntakeService {
    /// Every figure intake answers (`intake/figures`, `intake/figures.batch`).
    static let figureBook = FigureBook(service: IntakeAPI.service).adding(IntakeFigure.self)
}
