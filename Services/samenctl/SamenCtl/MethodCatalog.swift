import Foundation
import SamenContracts
import SamenReferenceData
import SamenRPC
import SamenSchema

/// Every method of the mesh's contracts: the unary ones `samenctl call` can call (each able to turn JSON into its
/// typed request, call it, and turn the typed response back into JSON), and all of them for the reference
/// `samenctl docs methods` writes.
///
/// Built from `UnaryMethod<Request, Response>` values: `add(_:)` captures the two types in a closure, so adding a
/// contract's method is one line and the JSON shape is exactly the contract's `Codable` shape.
public struct MethodCatalog: Sendable {
    /// Why a JSON call did not produce a response.
    public enum CallError: Error, Sendable {
        /// The JSON is not a valid request of the method's type; exit code 2.
        case badRequest(String)
        /// The call failed with a status; exit code 1.
        case rpc(RPCError)
    }

    public struct Entry: Sendable {
        public let name: String
        public let requestType: String
        public let responseType: String
        /// An example request body, as JSON, for help and error messages.
        public let example: String?
        let invoke: @Sendable (_ json: Data, _ channel: any RPCChannel, _ options: CallOptions) async throws(CallError) -> String
    }

    /// A method as the reference describes it: its contract, and its message shapes learnt from the Swift types.
    public struct Description: Sendable {
        public let name: String
        public let isStreaming: Bool
        public let requestType: String
        public let responseType: String
        public let contract: MethodContract
        public let schemas: @Sendable () throws(SchemaError) -> (request: Schema, response: Schema)
    }

    public private(set) var entries: [String: Entry] = [:]
    public private(set) var descriptions: [Description] = []

    public init() {}

    /// Adds `method`; `example` is shown when a request does not decode.
    public mutating func add<Request, Response>(_ method: UnaryMethod<Request, Response>, example: Request? = nil) {
        descriptions.append(Description(name: method.name, isStreaming: false, requestType: "\(Request.self)",
                                        responseType: "\(Response.self)", contract: method.contract) { () throws(SchemaError) in
            (try SchemaRecorder.schema(of: Request.self), try SchemaRecorder.schema(of: Response.self))
        })
        let example = example.map { encodeJSON($0) }
        entries[method.name] = Entry(name: method.name, requestType: "\(Request.self)", responseType: "\(Response.self)",
                                     example: example) { json, channel, options throws(CallError) in
            let request: Request
            do {
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                request = try decoder.decode(Request.self, from: json)
            } catch {
                throw .badRequest("the JSON is not a valid \(Request.self): \(MethodCatalog.describe(error))")
            }
            let response: Response
            do {
                response = try await channel.call(method, request, options: options)
            } catch let error as RPCError {
                throw .rpc(error)
            } catch {
                throw .rpc(RPCError(.internal, "\(error)"))
            }
            return encodeJSON(response)
        }
    }

    /// Adds a service's two figure methods (`FigureMethods`), with `figure` over 2019 as the example, and over 2019
    /// and 2018 in one batch.
    mutating func addFigures(_ single: UnaryMethod<AggregateRequest, AggregateTable>, _ batch: UnaryMethod<AggregateBatchRequest, AggregateBatch>,
                             example figure: String) {
        let years = [2019, 2018].map { year in
            AggregateRequest(figure: figure, from: try! CivilDate(year: year, month: 1, day: 1), through: try! CivilDate(year: year, month: 12, day: 31))
        }
        add(single, example: years[0])
        add(batch, example: AggregateBatchRequest(requests: years))
    }

    /// Adds a server-streaming `method` to the reference (`samenctl call` makes unary calls only).
    public mutating func add<Request, Item>(_ method: ServerStreamingMethod<Request, Item>) {
        descriptions.append(Description(name: method.name, isStreaming: true, requestType: "\(Request.self)",
                                        responseType: "\(Item.self)", contract: method.contract) { () throws(SchemaError) in
            (try SchemaRecorder.schema(of: Request.self), try SchemaRecorder.schema(of: Item.self))
        })
    }

    /// The entry for `name`: the full method name, or a unique `service/method` or `method` suffix
    /// (`registry/lookup`, `lookup`).
    public func entry(named name: String) -> Entry? {
        if let exact = entries[name] { return exact }
        let matches = entries.values.filter { $0.name.hasSuffix("." + name) || $0.name.hasSuffix("/" + name) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The entry for `name` called on `service`: that service's own method first, so a name several services share
    /// (`figures`, `audit.query`) means the target's (`gent/verenigingen figures` is `verenigingen/figures`); else
    /// `entry(named:)`.
    public func entry(named name: String, on service: String) -> Entry? {
        entries["\(service)/\(name)"] ?? entry(named: name)
    }

    public var names: [String] { entries.keys.sorted() }

    /// Health, admin, every registry, intake, trajectory, tolkdienst and verenigingen method, and the benchmark echo: every method of the mesh's contracts.
    public static let standard: MethodCatalog = {
        var catalog = MethodCatalog()
        catalog.add(Health.check, example: HealthCheckRequest(service: "registry"))
        catalog.add(Admin.drain, example: DrainRequest(graceSeconds: 10))
        let address = Endpoint(host: "127.0.0.1", port: 7101)
        catalog.add(RegistryAPI.register, example: RegisterRequest(service: "intake", region: "gent", instance: "1",
                                                                   address: address, version: "0.1.0", ttlSeconds: 15))
        catalog.add(RegistryAPI.heartbeat, example: HeartbeatRequest(service: "intake", region: "gent", instance: "1"))
        catalog.add(RegistryAPI.deregister, example: DeregisterRequest(service: "intake", region: "gent", instance: "1"))
        catalog.add(RegistryAPI.lookup, example: LookupRequest(service: "registry", region: "gent"))
        catalog.add(RegistryAPI.catalog, example: CatalogRequest(region: nil, allRegions: true))
        catalog.add(RegistryAPI.regions)
        catalog.add(RegistryAPI.watch)
        catalog.add(BenchAPI.echo, example: EchoMessage(data: Data("hello".utf8)))
        catalog.addIntake()
        catalog.addTrajectory()
        catalog.addMOCourses()
        catalog.addTrajectoryRecords()
        catalog.addExemption()
        catalog.addTransfers()
        catalog.addTolkdienst()
        catalog.addVerenigingen()
        catalog.addReporting()
        return catalog
    }()

    /// A decoding error in words: which field, what was expected.
    static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the top level" : "'" + codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "'"
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))"
            return "missing field '\(key.stringValue)'\(parent)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null but should be \(describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "not valid JSON (\(context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription))"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type, is UInt.Type, is Int64.Type: "a number"
        default: "\(type)".contains("Dictionary") ? "an object" : "\(type)".contains("Array") ? "an array" : "a \(type)"
        }
    }
}
