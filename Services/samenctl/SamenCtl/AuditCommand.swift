import Foundation
import SamenContracts
import SamenFiles
import SamenReferenceData
import SamenRPC

/// `samenctl audit <service> --person <id> | --staff <user>`: who read or changed a person's file, or what one staff
/// member read or changed, from the service's own audit trail (`<service>/audit.query`, every page up to --limit);
/// `--export <id>` writes everything the service holds about a person (`<service>/audit.exportPerson`).
///
/// Any agency service: the method names come from `AuditAPI(service:)`. The caller chooses a dpo or admin
/// certificate (`--as dpo`, `--cert/--key`); the operator's is refused by the service, and the refusal says so.
enum AuditCommand: CtlCommand {
    static let options = Set<String>(["home", "registry", "region", "person", "staff", "from", "until", "limit", "export", "out",
                                      "timeout", "address"]).union(OperatorSession.credentialOptions)
    static let switches: Set<String> = ["json", "verbose"]

    /// Events one run prints at most, unless --limit says fewer; a page asks for at most `AuditQuery`'s 1000.
    static let defaultLimit = 1000
    static let maximumLimit = 1_000_000
    static let pageSize = 1000

    static var refusal: String {
        "the audit trail is for the roles \(AuditAPI.roles.sorted().map(\.rawValue).joined(separator: " and ")): "
            + "pass --as dpo or --as admin, or --cert/--key of a staff member holding one of them"
    }

    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput) async throws(CtlFailure) -> Int32 {
        try await run(arguments, environment: environment, output: output, pageSize: pageSize)
    }

    /// The command asking for `pageSize` events a page (tests page through a short trail with a small one).
    static func run(_ arguments: Arguments, environment: [String: String], output: TextOutput,
                    pageSize: Int) async throws(CtlFailure) -> Int32 {
        // Without a name, the agency service that keeps person files, while there is one; with more, name one.
        let agency = ServiceCatalog.personFileServices
        guard arguments.positionals.count <= 1,
              let service = arguments.positionals.first ?? (agency.count == 1 ? agency.first : nil) else {
            throw .usage("audit takes one service name (\(agency.joined(separator: ", "))), e.g. "
                             + "`samenctl audit intake --person gent-p1 --as dpo`", command: "audit")
        }
        let person = arguments.value("person")
        let staff = arguments.value("staff")
        let export = arguments.value("export")
        guard [person, staff, export].compactMap({ $0 }).count == 1 else {
            throw .usage("audit takes exactly one of --person <id>, --staff <user> and --export <id>", command: "audit")
        }
        if export == nil, arguments.value("out") != nil {
            throw .usage("--out goes with --export", command: "audit")
        }
        let limit = try arguments.wholeNumber("limit", in: 1...maximumLimit, command: "audit") ?? defaultLimit
        let from = try arguments.value("from").map { text throws(CtlFailure) in try AuditInstant.parse(text, flag: "from", endOfDay: false) }
        let until = try arguments.value("until").map { text throws(CtlFailure) in try AuditInstant.parse(text, flag: "until", endOfDay: true) }
        if let from, let until, until <= from {
            throw .usage("--until is not after --from", command: "audit")
        }
        let timeout = arguments.value("timeout") == nil ? Duration.seconds(10) : try HealthCommand.parseTimeout(arguments, command: "audit")

        let session = try OperatorSession.open(arguments, environment: environment)
        defer { session.shutdown() }
        let target = try await ServiceTarget.open(service, region: arguments.value("region"), session: session,
                                                  registry: arguments.value("registry"), address: arguments.value("address"),
                                                  timeout: timeout, command: "audit")
        let api = AuditAPI(service: service)
        let result: Result<Int32, CtlFailure>
        if let export {
            result = await exportPerson(export, api: api, target: target, file: arguments.value("out"), output: output)
        } else {
            let query = AuditQuery(personID: person, staff: staff, fromMilliseconds: from, untilMilliseconds: until)
            result = await events(query, limit: limit, pageSize: pageSize, api: api, target: target, json: arguments.has("json"), output: output)
        }
        await target.close()
        return try result.get()
    }

    /// Every page, newest first, until the trail or `limit` runs out.
    private static func events(_ query: AuditQuery, limit: Int, pageSize: Int, api: AuditAPI, target: ServiceTarget, json: Bool,
                               output: TextOutput) async -> Result<Int32, CtlFailure> {
        var collected: [AuditEvent] = []
        var query = query
        while collected.count < limit {
            query.limit = min(pageSize, limit - collected.count)
            let page: AuditPage
            do {
                page = try await target.client.call(api.query, query)
            } catch {
                return .failure(target.failure(error, refusal: refusal))
            }
            collected += page.events.prefix(limit - collected.count)
            // A cursor that does not move back would page forever.
            guard let next = page.next, !page.events.isEmpty, query.before.map({ next < $0 }) ?? true else { break }
            query.before = next
        }
        if json {
            for event in collected { output.print(AuditLine.json(event)) }
        } else if collected.isEmpty {
            output.print("no audit events in \(target.region)/\(target.service) for this query")
        } else {
            var table = Table(headers: ["TIME", "METHOD", "ACCESS", "OUTCOME", "STAFF", "CALLER", "PERSON"])
            for event in collected {
                table.rows.append([
                    .init(AuditLine.time(event.atMilliseconds)), .init(event.method), .init(event.access.rawValue),
                    .init(event.outcome, event.outcome == "ok" ? nil : .yellow), .init(event.staff ?? "-"), .init(event.caller),
                    .init(event.personID),
                ])
            }
            table.render(output)
        }
        return .success(0)
    }

    private static func exportPerson(_ personID: String, api: AuditAPI, target: ServiceTarget, file: String?,
                                     output: TextOutput) async -> Result<Int32, CtlFailure> {
        let export: PersonExport
        do {
            export = try await target.client.call(api.exportPerson, PersonExportRequest(personID: personID))
        } catch {
            return .failure(target.failure(error, refusal: refusal))
        }
        let text = encodeJSON(export)
        guard let file else {
            output.print(text)
            return .success(0)
        }
        do {
            try PrivateText.write(text + "\n", to: file)
        } catch {
            return .failure(CtlFailure("cannot write \(file): \(error)", hint: "check that its folder exists and is writable"))
        }
        output.print("wrote the export of \(target.region)/\(target.service) person \(personID) "
                         + "(\(export.audit.count) audit events) to \(file) (mode 0600: it holds personal data)")
        return .success(0)
    }
}

/// How audit events are shown.
enum AuditLine {
    /// One JSON object per line, keys sorted.
    static func json(_ event: AuditEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(event) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// UTC, to the second.
    static func time(_ milliseconds: Int64) -> String {
        let seconds = Double(max(-62_135_596_800_000, min(milliseconds, 253_402_300_799_000))) / 1000
        return ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: seconds), timeZone: TimeZone(identifier: "UTC")!,
                                           formatOptions: [.withInternetDateTime])
    }
}

/// `--from`/`--until` as the instants the audit query takes (milliseconds since 1970).
enum AuditInstant {
    /// `YYYY-MM-DD` is a day in Brussels, the agencies' time zone: `--from` its first instant, `--until` the first
    /// instant of the next day, so the day is included. A full ISO 8601 time (`2026-11-24T09:30:00Z`) is taken as it is.
    static func parse(_ text: String, flag: String, endOfDay: Bool) throws(CtlFailure) -> Int64 {
        let usage = CtlFailure.usage("--\(flag) takes a date (2026-11-24) or an ISO 8601 time (2026-11-24T09:30:00Z), found '\(text.prefix(40))'",
                                     command: "audit")
        if text.count == 10 {
            guard let day = try? CivilDate(text), let start = midnight(day, next: endOfDay) else { throw usage }
            return start
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var date = formatter.date(from: text)
        if date == nil {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = formatter.date(from: text)
        }
        guard let date else { throw usage }
        return date.millisecondsSince1970
    }

    private static func midnight(_ day: CivilDate, next: Bool) -> Int64? {
        guard let day = next ? day.adding(days: 1) : day, let zone = TimeZone(identifier: "Europe/Brussels") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return nil }
        return date.millisecondsSince1970
    }
}

/// Text written to a file only its owner may read (an export holds personal data): created 0600 through
/// `PrivateFiles`, an existing file tightened and replaced in place.
enum PrivateText {
    static func write(_ text: String, to path: String) throws {
        try PrivateFiles.createFile(path)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
    }
}
