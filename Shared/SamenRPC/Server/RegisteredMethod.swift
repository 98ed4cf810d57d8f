import SamenCodec

/// How a handler finished, before it is turned into frames.
enum HandlerOutcome: Sendable {
    case response([UInt8])
    case failure(RPCError)
    case streamFinished
}

/// A method as the server dispatches it: the name, who may call it, and the handler with its types erased.
struct RegisteredMethod: Sendable {
    let name: String
    let policy: CallerPolicy
    let isStreaming: Bool
    let invoke: @Sendable (_ payload: ArraySlice<UInt8>, _ context: CallContext, _ stream: ServerStreamSink?) async -> HandlerOutcome

    static func unary<Request, Response>(_ method: UnaryMethod<Request, Response>, policy: CallerPolicy,
                                         handler: @escaping @Sendable (Request, CallContext) async throws -> Response) -> RegisteredMethod {
        RegisteredMethod(name: method.name, policy: policy, isStreaming: false) { payload, context, _ in
            let request: Request
            switch decodeRequest(Request.self, of: method.name, from: payload) {
            case .success(let decoded): request = decoded
            case .failure(let error): return .failure(error)
            }
            do {
                let response = try await handler(request, context)
                return .response(try BinaryEncoder().encode(response))
            } catch {
                return .failure(RegisteredMethod.status(for: error, context: context))
            }
        }
    }

    static func unaryEncoded<Request, Response>(_ method: UnaryMethod<Request, Response>, policy: CallerPolicy,
                                                handler: @escaping @Sendable (Request, CallContext) async throws -> EncodedResponse<Response>) -> RegisteredMethod {
        RegisteredMethod(name: method.name, policy: policy, isStreaming: false) { payload, context, _ in
            let request: Request
            switch decodeRequest(Request.self, of: method.name, from: payload) {
            case .success(let decoded): request = decoded
            case .failure(let error): return .failure(error)
            }
            do {
                return .response(try await handler(request, context).bytes)
            } catch {
                return .failure(RegisteredMethod.status(for: error, context: context))
            }
        }
    }

    static func serverStreaming<Request, Item>(_ method: ServerStreamingMethod<Request, Item>, policy: CallerPolicy,
                                               handler: @escaping @Sendable (Request, CallContext, StreamSender<Item>) async throws -> Void) -> RegisteredMethod {
        RegisteredMethod(name: method.name, policy: policy, isStreaming: true) { payload, context, sink in
            let request: Request
            switch decodeRequest(Request.self, of: method.name, from: payload) {
            case .success(let decoded): request = decoded
            case .failure(let error): return .failure(error)
            }
            do {
                try await handler(request, context, StreamSender(sink: sink!))
                return .streamFinished
            } catch {
                return .failure(RegisteredMethod.status(for: error, context: context))
            }
        }
    }

    /// A request payload as the method's request type, or `invalid_argument` saying why it is not one.
    static func decodeRequest<Request: Decodable>(_ type: Request.Type, of method: String,
                                                  from payload: ArraySlice<UInt8>) -> Result<Request, RPCError> {
        do {
            return .success(try BinaryDecoder().decode(Request.self, from: payload))
        } catch {
            return .failure(RPCError(.invalidArgument, "request to \(method) is not a valid \(Request.self): \(error)"))
        }
    }

    /// Maps what a handler threw to what the caller is told. Unknown errors become `internal`, logged by type
    /// and description on the server, and the caller gets the request id to quote instead of the error text.
    static func status(for error: any Error, context: CallContext) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case is CancellationError:
            return RPCError(.cancelled, "the call was cancelled")
        default:
            context.logger.error("handler failed", [("error_type", "\(type(of: error))"), ("error", "\(error)")])
            return RPCError(.internal, "internal error in \(context.method); the server log has details under request id \(context.requestID)")
        }
    }
}

/// A response in the codec's wire form (PROTOCOL.md §11): what `RPCServer.registerEncoded` handlers answer with.
public struct EncodedResponse<Response: Codable & Sendable>: Sendable {
    let bytes: [UInt8]

    /// Encodes `response`.
    public init(_ response: Response) throws {
        bytes = try BinaryEncoder().encode(response)
    }

    /// Bytes that are already a `Response` in the codec's form, e.g. a file stored as `BinaryEncoder` wrote it.
    /// The caller vouches for them: they go to the client unchecked.
    public init(encoded bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// Sends the items of a server-streaming call; `send` waits while the connection's output is backed up.
public struct StreamSender<Item: Codable & Sendable>: Sendable {
    let sink: ServerStreamSink

    public func send(_ item: Item) async throws {
        try await sink.send(BinaryEncoder().encode(item))
    }
}
