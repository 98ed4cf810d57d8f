import Foundation
import SamenAgencyKit
import SamenContracts
import SamenReferenceData
import SamenRPC

/// What organisations, interpreters and requests must satisfy before they reach the store; each refusal names its
/// field (docs/TOLKDIENST.md).
enum TolkdienstRules {
    static let nameLength = 1...120
    static let placeLength = 1...200
    static let linkLength = 1...500
    static let reasonLength = 1...200
    static let duration = 15...480
    static let minutesInterpreted = 1...720

    static func invalid(_ field: String, _ problem: String) -> RPCError {
        RPCError.invalidField(field, problem)
    }

    /// Trimmed text within `length` characters.
    static func text(_ value: String, field: String, length: ClosedRange<Int>) throws(RPCError) -> String {
        try AgencyFields.text(value, field: field, length: length)
    }

    static func reason(_ value: String?) throws(RPCError) -> String {
        try text(value ?? "", field: "reason", length: reasonLength)
    }

    /// A region the service plans for.
    static func region(_ name: String, field: String, served: Set<String>) throws(RPCError) -> String {
        guard served.contains(name) else {
            throw invalid(field, "'\(name.prefix(40))' is not a region this tolkdienst serves (\(served.sorted().joined(separator: ", ")))")
        }
        return name
    }

    /// An id of this service's kind `<region>-<letter><n>`; anything else never reaches SQL, a log or the audit trail.
    static func id(_ text: String, kind: Character, field: String) throws(RPCError) {
        try AgencyFields.checkID(text, prefix: kind, kind: "tolkdienst", field: field)
    }

    static func check(_ contact: OrganisationContact) throws(RPCError) -> OrganisationContact {
        let name = try text(contact.name, field: "contact.name", length: nameLength)
        let email = try text(contact.email, field: "contact.email", length: 3...254)
        guard email.filter({ $0 == "@" }).count == 1, !email.hasPrefix("@"), !email.hasSuffix("@"), !email.contains(" ") else {
            throw invalid("contact.email", "is not an e-mail address")
        }
        let phone = try text(contact.phone, field: "contact.phone", length: 6...20)
        guard phone.allSatisfy({ $0.isASCII && ($0.isNumber || " +/.()-".contains($0)) }) else {
            throw invalid("contact.phone", "may hold only digits, spaces and + / . ( ) -")
        }
        return OrganisationContact(name: name, email: email, phone: phone)
    }

    /// An organisation with its text in canonical form and its region settled.
    static func check(_ input: OrganisationInput, ownRegion: String, served: Set<String>) throws(RPCError) -> OrganisationInput {
        var input = input
        input.name = try text(input.name, field: "name", length: nameLength)
        input.contact = try check(input.contact)
        input.region = try region(input.region ?? ownRegion, field: "region", served: served)
        if let until = input.agreementUntil, until < input.agreementFrom {
            throw invalid("agreementUntil", "(\(until)) is before 'agreementFrom' (\(input.agreementFrom))")
        }
        return input
    }

    /// A profile with languages in canonical form, sorted and without repeats.
    static func check(_ profile: InterpreterProfile, served: Set<String>) throws(RPCError) -> InterpreterProfile {
        var profile = profile
        profile.name = try text(profile.name, field: "name", length: nameLength)
        guard (1...20).contains(profile.languages.count) else { throw invalid("languages", "must name 1...20 languages") }
        var languages: [String] = []
        for (index, code) in profile.languages.enumerated() { languages.append(try AgencyFields.language(code, field: "languages[\(index)]")) }
        profile.languages = Array(Set(languages)).sorted()
        guard (1...InterpretingMode.allCases.count).contains(profile.modes.count) else {
            throw invalid("modes", "must name 1...\(InterpretingMode.allCases.count) modes")
        }
        profile.modes = InterpretingMode.allCases.filter(profile.modes.contains)
        guard (1...20).contains(profile.regions.count) else { throw invalid("regions", "must name 1...20 regions") }
        for (index, name) in profile.regions.enumerated() { _ = try region(name, field: "regions[\(index)]", served: served) }
        profile.regions = Array(Set(profile.regions)).sorted()
        guard profile.weekly.count <= 50 else { throw invalid("weekly", "holds \(profile.weekly.count) blocks; at most 50") }
        for (index, block) in profile.weekly.enumerated() {
            guard (1...7).contains(block.weekday) else { throw invalid("weekly[\(index)].weekday", "must be 1 (Monday)...7 (Sunday), not \(block.weekday)") }
            try minutes(from: block.fromMinute, until: block.untilMinute, field: "weekly[\(index)]")
        }
        guard profile.exceptions.count <= 200 else { throw invalid("exceptions", "holds \(profile.exceptions.count) exceptions; at most 200") }
        for (index, exception) in profile.exceptions.enumerated() {
            switch (exception.fromMinute, exception.untilMinute) {
            case (nil, nil): break
            case (let from?, let until?): try minutes(from: from, until: until, field: "exceptions[\(index)]")
            default: throw invalid("exceptions[\(index)].untilMinute", "give both fromMinute and untilMinute, or neither for the whole day")
            }
        }
        guard profile.translationPairs.count <= 40 else { throw invalid("translationPairs", "holds \(profile.translationPairs.count) pairs; at most 40") }
        var pairs: [LanguagePair] = []
        for (index, pair) in profile.translationPairs.enumerated() {
            let checked = LanguagePair(from: try AgencyFields.language(pair.from, field: "translationPairs[\(index)].from"),
                                       to: try AgencyFields.language(pair.to, field: "translationPairs[\(index)].to"))
            guard checked.from != checked.to else { throw invalid("translationPairs[\(index)].to", "is the same language as 'from'") }
            if !pairs.contains(checked) { pairs.append(checked) }
        }
        profile.translationPairs = pairs
        if profile.sworn, pairs.isEmpty { throw invalid("sworn", "needs at least one translation pair") }
        return profile
    }

    /// A span of minutes within one day: 0 <= from < until <= 1440.
    static func minutes(from: Int, until: Int, field: String) throws(RPCError) {
        guard (0..<CalendarMinute.perDay).contains(from) else { throw invalid("\(field).fromMinute", "must be 0...1439, not \(from)") }
        guard (1...CalendarMinute.perDay).contains(until) else { throw invalid("\(field).untilMinute", "must be 1...1440, not \(until)") }
        guard until > from else { throw invalid("\(field).untilMinute", "(\(until)) must be after fromMinute (\(from))") }
    }

    /// A request with its text and language in canonical form; `today` is the earliest date it may be for.
    static func check(_ input: InterpretingRequestInput, today: CivilDate) throws(RPCError) -> InterpretingRequestInput {
        var input = input
        try id(input.organisationID, kind: "o", field: "organisationID")
        input.language = try AgencyFields.language(input.language, field: "language")
        guard input.date >= today else { throw invalid("date", "(\(input.date)) is before today (\(today))") }
        guard (0..<CalendarMinute.perDay).contains(input.startMinute) else {
            throw invalid("startMinute", "must be 0...1439 (minutes after midnight), not \(input.startMinute)")
        }
        guard duration.contains(input.durationMinutes) else {
            throw invalid("durationMinutes", "must be \(duration.lowerBound)...\(duration.upperBound), not \(input.durationMinutes)")
        }
        guard input.startMinute + input.durationMinutes <= CalendarMinute.perDay else {
            throw invalid("durationMinutes", "runs past midnight; book the part after midnight as a request of the next day")
        }
        input.place = try input.place.map { value throws(RPCError) in try text(value, field: "place", length: placeLength) }
        input.link = try input.link.map { value throws(RPCError) in try text(value, field: "link", length: linkLength) }
        if input.mode.isOnSite, input.place == nil { throw invalid("place", "is required for mode \(input.mode.rawValue)") }
        if input.mode == .webcam, input.link == nil { throw invalid("link", "is required for mode webcam") }
        if let person = input.personID { try id(person, kind: "p", field: "personID") }
        return input
    }
}
