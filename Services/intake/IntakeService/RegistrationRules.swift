import SamenContracts
import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC

/// The checks every path into a person's file passes (a registration, an update, an import): one precise
/// `invalid_argument` per broken rule, naming the field in the message and in `details["field"]`.
struct RegistrationRules {
    /// The day the desk stands in: dates after it are typing errors.
    let today: CivilDate

    static let maximumNameLength = 100
    static let maximumNationalities = 4
    static let maximumLanguages = 10

    /// A registration with its codes in canonical form and its INSZ parsed.
    struct Checked {
        var registration: Registration
        var insz: INSZ?
        var municipality: String
        var registeredOn: CivilDate
    }

    func check(_ registration: Registration) throws(RPCError) -> Checked {
        var registration = registration
        let registeredOn = registration.registeredOn ?? today
        try notAfterToday(registeredOn, field: "registeredOn")
        registration.name = try name(registration.name)
        try birthDate(registration.birthDate, registeredOn: registeredOn)
        registration.nationalities = try nationalities(registration.nationalities)
        registration.languages = try languages(registration.languages)
        let municipality = try self.municipality(registration.municipality, on: registeredOn)
        registration.municipality = municipality
        if let arrival = registration.arrivalDate {
            try arrivalDate(arrival, birthDate: registration.birthDate)
        }
        try desk(registration.desk)
        var insz: INSZ?
        if let text = registration.insz {
            let parsed = try self.insz(text, birthDate: registration.birthDate, sex: registration.sex)
            registration.insz = parsed.digits
            insz = parsed
        }
        registration.registeredOn = registeredOn
        return Checked(registration: registration, insz: insz, municipality: municipality, registeredOn: registeredOn)
    }

    func insz(_ text: String, birthDate: CivilDate?, sex: Sex?) throws(RPCError) -> INSZ {
        let insz: INSZ
        do {
            insz = try INSZ(text, today: today)
        } catch {
            throw Self.invalid(error)
        }
        if let mismatch = insz.check(against: birthDate, sex: sex).first {
            throw Self.invalid(mismatch)
        }
        return insz
    }

    func name(_ name: PersonName) throws(RPCError) -> PersonName {
        PersonName(given: try namePart(name.given, field: "name.given"), family: try namePart(name.family, field: "name.family"))
    }

    private func namePart(_ text: String, field: String) throws(RPCError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Self.invalid(field, "is empty") }
        guard trimmed.count <= Self.maximumNameLength else { throw Self.invalid(field, "is longer than \(Self.maximumNameLength) characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) else {
            throw Self.invalid(field, "contains a control character")
        }
        return trimmed
    }

    func birthDate(_ date: CivilDate, registeredOn: CivilDate) throws(RPCError) {
        try notAfterToday(date, field: "birthDate")
        guard date <= registeredOn else { throw Self.invalid("birthDate", "is after the registration date \(registeredOn)") }
        guard date.wholeYears(until: registeredOn) <= 125 else { throw Self.invalid("birthDate", "makes the person older than 125") }
    }

    func arrivalDate(_ date: CivilDate, birthDate: CivilDate) throws(RPCError) {
        try notAfterToday(date, field: "arrivalDate")
        guard date >= birthDate else { throw Self.invalid("arrivalDate", "is before the birth date") }
    }

    func nationalities(_ codes: [String]) throws(RPCError) -> [String] {
        guard !codes.isEmpty else { throw Self.invalid("nationalities", "is empty; give at least one (XX for unknown, XA for stateless)") }
        guard codes.count <= Self.maximumNationalities else { throw Self.invalid("nationalities", "holds more than \(Self.maximumNationalities)") }
        var canonical: [String] = []
        for (index, code) in codes.enumerated() {
            do {
                let nationality = try Nationality(code, field: "nationalities[\(index)]")
                if !canonical.contains(nationality.code) { canonical.append(nationality.code) }
            } catch {
                throw Self.invalid(error)
            }
        }
        return canonical
    }

    func languages(_ codes: [String]) throws(RPCError) -> [String] {
        guard !codes.isEmpty else { throw Self.invalid("languages", "is empty; give at least one") }
        guard codes.count <= Self.maximumLanguages else { throw Self.invalid("languages", "holds more than \(Self.maximumLanguages)") }
        var canonical: [String] = []
        for (index, code) in codes.enumerated() {
            do {
                let language = try Language(code, field: "languages[\(index)]")
                if !canonical.contains(language.code) { canonical.append(language.code) }
            } catch {
                throw Self.invalid(error)
            }
        }
        return canonical
    }

    /// The NIS code of a Flemish or Brussels municipality that existed on `date`.
    func municipality(_ text: String, on date: CivilDate) throws(RPCError) -> String {
        do {
            return try Municipality.find(text, on: date, field: "municipality").nisCode
        } catch {
            throw Self.invalid(error)
        }
    }

    func desk(_ desk: String) throws(RPCError) {
        guard (1...64).contains(desk.utf8.count),
              desk.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }) else {
            throw Self.invalid("desk", "must be 1...64 characters of [a-z0-9-] (e.g. gent-centrum)")
        }
    }

    func notAfterToday(_ date: CivilDate, field: String) throws(RPCError) {
        guard date <= today else { throw Self.invalid(field, "is in the future (\(date) is after today, \(today))") }
    }

    static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidField(field, problem)
    }

    static func invalid(_ error: ReferenceDataError) -> RPCError {
        RPCError.invalidField(error)
    }
}
