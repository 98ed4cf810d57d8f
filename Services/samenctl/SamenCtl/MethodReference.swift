import SamenRPC
import SamenSchema

/// `docs/METHODS.md`: every method of every contract with its messages, policy and errors, written from the Swift
/// declarations (`samenctl docs methods`), so a client in another language need not guess.
public enum MethodReference {
    /// The command that regenerates the file; the freshness test quotes it.
    public static let command = "swift run samenctl docs methods > docs/METHODS.md"

    /// The reference for `catalog`, as Markdown.
    public static func markdown(_ catalog: MethodCatalog = .standard) throws(SchemaError) -> String {
        var out: [String] = [
            "# Samen methods",
            "",
            "Generated from the contracts (`Shared/SamenContracts`, `Shared/SamenRPC/Health`) by `\(command)`;",
            "do not edit by hand. `MethodReferenceTests` fails when this file and the contracts disagree.",
            "",
            "Messages are encoded as in [PROTOCOL.md §11](PROTOCOL.md#11-message-encoding-the-codec): a structure is a",
            "keyed container (tag 0x0B) of its fields by name; an *optional* field is omitted when absent; unknown fields",
            "are skipped. The tag column is the tag of the field's value (Bool: 0x01 false, 0x02 true). Besides the",
            "errors listed, every call can end with the runtime's statuses ([PROTOCOL.md §6, §7](PROTOCOL.md#6-status-codes)):",
            "`permission_denied` when the caller is outside the policy, `invalid_argument` when the request does not",
            "decode (the message names the field), `deadline_exceeded`, `cancelled`, `unavailable` while draining,",
            "`resource_exhausted`, `unimplemented` for an unknown method, and `internal`.",
            "",
            "Who may call: a policy names the callers' services (from their certificate) and their region, and the staff",
            "roles it admits (from a staff certificate's `samen-role:` names) and the staff's region; *the same region*",
            "means the server's own region. A staff certificate is never *any mesh service*: a method without staff roles",
            "refuses every staff member ([PROTOCOL.md §7](PROTOCOL.md#7-calls-deadlines-cancellation-limits), *Policy*).",
            "",
            "The types in the tables, as values on the wire ([PROTOCOL.md §11.1](PROTOCOL.md#111-values)):",
            "",
            "| type | tag | value |",
            "|---|---|---|",
        ]
        out += Scalar.allCases.map { "| \($0.rawValue) | \(scalarTags($0)) | \(scalarForm($0)) |" }
        out += [
            "| [T] | 0x0C | an unkeyed container of the elements, in order |",
            "| {String: T} | 0x0B | a keyed container: one entry per key, the key as the entry's name |",
            "| T? | | the field is omitted when absent |",
            "",
            "| method | kind | who may call |",
            "|---|---|---|",
        ]
        let methods = catalog.descriptions.sorted { $0.name < $1.name }
        for method in methods {
            out.append("| [`\(method.name)`](#\(anchor(method.name))) | \(method.isStreaming ? "server streaming" : "unary") | \(method.contract.policy) |")
        }
        var types: [String: Schema] = [:]
        for method in methods {
            let (request, response) = try method.schemas()
            out += ["", "## \(method.name)", ""]
            if !method.contract.summary.isEmpty { out += [method.contract.summary, ""] }
            out.append("- **Kind**: \(method.isStreaming ? "server streaming: one request, then a stream of items, then an end status" : "unary")")
            out.append("- **Who may call**: \(method.contract.policy)")
            for (title, schema) in [("**Request** ", request), (method.isStreaming ? "**Stream item** " : "**Response** ", response)] {
                out += ["", title + describeTop(schema)]
                let table = fieldTable(schema, into: &types)
                if !table.isEmpty { out += [""] + table }
            }
            out += ["", "**Errors**", ""]
            if method.contract.errors.isEmpty {
                out.append("None of its own; the runtime's statuses above.")
            } else {
                out += ["| status | when |", "|---|---|"]
                for error in method.contract.errors {
                    out.append("| `\(error.status.name)` (\(error.status.rawValue)) | \(error.when) |")
                }
            }
        }
        out += ["", "## Types", "", "The structures, enums and single-value types the messages above refer to."]
        var listed: Set<String> = []
        var queue = types.keys.sorted()
        while let name = queue.first {
            queue.removeFirst()
            guard !listed.contains(name), let schema = types[name] else { continue }
            listed.insert(name)
            out += ["", "### \(name)", ""]
            switch schema {
            case .structure:
                out.append("A structure (keyed container, 0x0B):")
                out.append("")
                out += fieldTable(schema, into: &types)
            case .enumeration(_, let raw, let cases):
                out.append("An enum, encoded as its \(raw.rawValue) raw value (tag \(hex(raw.tag))), one of: "
                           + cases.map { "`\($0)`" }.joined(separator: ", ") + ".")
            case .alias(let aliasName, let inner):
                out.append("Encoded as one \(typeName(inner)) (tag \(hex(inner.tag))), not as a structure"
                           + (textForms[aliasName].map { ": \($0)" } ?? "."))
                collect(inner, into: &types)
            default:
                break
            }
            queue = types.keys.filter { !listed.contains($0) }.sorted()
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// What a client must know of a single-value type's text beyond its tag.
    private static let textForms: [String: String] = [
        "Endpoint": "the address as text, `host:port`, or `[ipv6]:port` for an IPv6 literal (`127.0.0.1:7100`, "
            + "`[::1]:7100`, `registry-gent:7100`), which must round-trip exactly; the rules are in "
            + "[REGISTRY.md, Addresses](REGISTRY.md#addresses).",
    ]

    private static func scalarTags(_ scalar: Scalar) -> String {
        scalar == .bool ? "0x01, 0x02" : hex(scalar.tag)
    }

    /// Each scalar's value as PROTOCOL.md §11.1 defines it; a new scalar must say how it is written.
    private static func scalarForm(_ scalar: Scalar) -> String {
        switch scalar {
        case .bool: "false (0x01) or true (0x02), nothing after the tag"
        case .int: "Int and its sized forms: a zigzag varint"
        case .uint: "UInt and its sized forms: a varint"
        case .double: "8 bytes, IEEE 754 binary64, big-endian"
        case .float: "4 bytes, IEEE 754 binary32, big-endian"
        case .string: "a varint byte count, then UTF-8"
        case .bytes: "a varint byte count, then the bytes"
        case .date: "8 bytes, IEEE 754 binary64, big-endian: seconds since 1970-01-01T00:00:00Z, fractions included"
        case .uuid: "16 bytes, in the order of its text form"
        }
    }

    private static func describeTop(_ schema: Schema) -> String {
        if case .structure(let name, let fields) = schema, fields.isEmpty { return "`\(name)`: no fields (`0B 00`)." }
        return "`\(typeName(schema))`"
    }

    /// The fields of a structure as a table, noting every named type they use in `types`.
    private static func fieldTable(_ schema: Schema, into types: inout [String: Schema]) -> [String] {
        guard case .structure(_, let fields) = schema, !fields.isEmpty else { return [] }
        var rows = ["| field | type | tag | |", "|---|---|---|---|"]
        for field in fields {
            var inner = field.schema
            var presence = "required"
            if case .optional(let wrapped) = inner {
                inner = wrapped
                presence = "optional"
            }
            collect(inner, into: &types)
            rows.append("| `\(field.name)` | \(typeName(inner, linked: true)) | \(hex(inner.tag)) | \(presence) |")
        }
        return rows
    }

    private static func collect(_ schema: Schema, into types: inout [String: Schema]) {
        switch schema {
        case .scalar: break
        case .enumeration(let name, _, _): types[name] = schema
        case .alias(let name, _): types[name] = schema
        case .structure(let name, let fields):
            types[name] = schema
            for field in fields { collect(field.schema, into: &types) }
        case .optional(let inner), .array(let inner): collect(inner, into: &types)
        case .dictionary(let key, let value):
            collect(key, into: &types)
            collect(value, into: &types)
        }
    }

    private static func typeName(_ schema: Schema, linked: Bool = false) -> String {
        func named(_ name: String) -> String { linked ? "[\(name)](#\(anchor(name)))" : name }
        switch schema {
        case .scalar(let scalar): return scalar.rawValue
        case .enumeration(let name, _, _), .alias(let name, _), .structure(let name, _): return named(name)
        case .optional(let inner): return typeName(inner, linked: linked) + "?"
        case .array(let inner): return "[" + typeName(inner, linked: linked) + "]"
        case .dictionary(let key, let value): return "{" + typeName(key, linked: linked) + ": " + typeName(value, linked: linked) + "}"
        }
    }

    /// GitHub's heading anchor: lowercase, punctuation other than '-' dropped, spaces as '-'.
    private static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { $0 == " " ? "-" : ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : nil })
    }

    private static func hex(_ tag: UInt8) -> String {
        let digits = String(tag, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }
}
