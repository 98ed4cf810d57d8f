import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC

/// What an association's fields must satisfy before they reach the store (docs/VERENIGINGEN.md, "Associations");
/// each refusal names its field. Checks answer the value in canonical form.
struct AssociationRules: Sendable {
    let territory: Territory
    let region: String
    let today: CivilDate

    static let maximumFocus = 5
    static let maximumLanguages = 10
    static let maximumContacts = 5
    static let maximumUmbrellas = 5

    func check(_ new: NewAssociation) throws(RPCError) -> NewAssociation {
        var new = new
        new.name = try VerenigingenRules.text(new.name, field: "name", maximum: 120)
        new.address = try address(new.address, field: "address")
        new.focus = try focus(new.focus)
        new.languages = try languages(new.languages)
        new.contactPersons = try contacts(new.contactPersons)
        new.umbrellas = try umbrellas(new.umbrellas)
        switch new.kind {
        case .forming:
            if new.foundedOn != nil { throw VerenigingenRules.invalid("foundedOn", "belongs to a founded association, not to people who intend to form one") }
        case .notRecognised, .recognised:
            guard new.foundedOn != nil else { throw VerenigingenRules.invalid("foundedOn", "is required for a \(new.kind.rawValue) association") }
        }
        if let founded = new.foundedOn { try VerenigingenRules.notAfter(founded, today: today, field: "foundedOn") }
        switch (new.kind, new.recognisedOn) {
        case (.recognised, nil): throw VerenigingenRules.invalid("recognisedOn", "is required for a recognised association")
        case (.recognised, let recognised?):
            try VerenigingenRules.notAfter(recognised, today: today, field: "recognisedOn")
            if let founded = new.foundedOn, recognised < founded { throw VerenigingenRules.invalid("recognisedOn", "is before 'foundedOn' (\(founded))") }
        case (_, .some): throw VerenigingenRules.invalid("recognisedOn", "belongs to a recognised association only")
        default: break
        }
        return new
    }

    /// The status history a new association starts with.
    static func history(of new: NewAssociation) -> [AssociationStatusEvent] {
        [new.foundedOn.map { AssociationStatusEvent(status: .founded, on: $0) },
         new.recognisedOn.map { AssociationStatusEvent(status: .recognised, on: $0) }].compactMap { $0 }
    }

    func address(_ address: AssociationAddress, field: String) throws(RPCError) -> AssociationAddress {
        var address = address
        address.street = try VerenigingenRules.text(address.street, field: "\(field).street", maximum: 120)
        guard address.postalCode.utf8.count == 4, address.postalCode.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              address.postalCode.first != "0" else {
            throw VerenigingenRules.invalid("\(field).postalCode", "must be a Belgian postal code, four digits 1000...9999")
        }
        let municipality: Municipality
        do {
            municipality = try Municipality.find(address.municipality, on: today, field: "\(field).municipality")
        } catch {
            throw RPCError.invalidField(error)
        }
        guard territory.contains(municipality) else {
            throw VerenigingenRules.invalid("\(field).municipality", "names \(municipality), which is outside region \(region) (\(territory))")
        }
        address.municipality = municipality.nisCode
        return address
    }

    func focus(_ focus: [AssociationFocus]) throws(RPCError) -> [AssociationFocus] {
        guard (1...Self.maximumFocus).contains(focus.count) else { throw VerenigingenRules.invalid("focus", "must name 1...\(Self.maximumFocus) focuses") }
        guard Set(focus).count == focus.count else { throw VerenigingenRules.invalid("focus", "names a focus twice") }
        return focus
    }

    func languages(_ languages: [String]) throws(RPCError) -> [String] {
        guard languages.count <= Self.maximumLanguages else { throw VerenigingenRules.invalid("languages", "must name at most \(Self.maximumLanguages) languages") }
        var codes: [String] = []
        for (index, language) in languages.enumerated() {
            codes.append(try AgencyFields.language(language, field: "languages[\(index)]"))
        }
        guard Set(codes).count == codes.count else { throw VerenigingenRules.invalid("languages", "names a language twice") }
        return codes
    }

    func contacts(_ contacts: [ContactPerson]) throws(RPCError) -> [ContactPerson] {
        guard contacts.count <= Self.maximumContacts else {
            throw VerenigingenRules.invalid("contactPersons", "must hold at most \(Self.maximumContacts) contact persons")
        }
        var checked: [ContactPerson] = []
        for (index, person) in contacts.enumerated() {
            let field = "contactPersons[\(index)]"
            var person = person
            person.name = try VerenigingenRules.text(person.name, field: "\(field).name", maximum: 120)
            guard person.phone != nil || person.email != nil else {
                throw VerenigingenRules.invalid("\(field).phone", "or '\(field).email' is required: the desk must be able to reach a contact person")
            }
            if let phone = person.phone {
                let allowed = Set("0123456789 +/.-")
                let digits = phone.filter(\.isASCII).filter(\.isNumber).count
                guard phone.count <= 20, phone.allSatisfy({ allowed.contains($0) }), (6...15).contains(digits) else {
                    throw VerenigingenRules.invalid("\(field).phone", "must be 6...15 digits, with spaces, '+', '/', '.' or '-' only")
                }
            }
            if let email = person.email {
                let parts = email.split(separator: "@", omittingEmptySubsequences: false)
                guard (3...120).contains(email.count), parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                      !email.contains(where: { $0.isWhitespace }) else {
                    throw VerenigingenRules.invalid("\(field).email", "is not an e-mail address (3...120 characters, one '@', a domain with a dot)")
                }
            }
            if let language = person.language { person.language = try AgencyFields.language(language, field: "\(field).language") }
            checked.append(person)
        }
        return checked
    }

    func umbrellas(_ umbrellas: [String]) throws(RPCError) -> [String] {
        guard umbrellas.count <= Self.maximumUmbrellas else {
            throw VerenigingenRules.invalid("umbrellas", "must name at most \(Self.maximumUmbrellas) umbrella organisations")
        }
        var names: [String] = []
        for (index, name) in umbrellas.enumerated() { names.append(try VerenigingenRules.text(name, field: "umbrellas[\(index)]", maximum: 120)) }
        return names
    }

    /// The kind an association has after `status`, or `failed_precondition` when the step does not follow from the
    /// current one: founded only while forming; recognised after founded or an ended recognition; recognition
    /// ended while recognised; dissolved from anything but dissolved.
    static func kind(after status: AssociationStatus, file: AssociationFile) throws(RPCError) -> AssociationKind {
        let current = file.history.last?.status
        let allowed: Bool = switch status {
        case .founded: current == nil
        case .recognised: current == .founded || current == .recognitionEnded
        case .recognitionEnded: current == .recognised
        case .dissolved: current != .dissolved
        }
        guard allowed else {
            let name = current?.rawValue ?? "forming"
            throw RPCError(.failedPrecondition, "field 'status': association \(file.associationID) cannot become \(status.rawValue) when it is \(name)",
                           details: ["field": "status", "current": name])
        }
        return switch status {
        case .founded, .recognitionEnded: .notRecognised
        case .recognised: .recognised
        case .dissolved: file.kind
        }
    }
}
