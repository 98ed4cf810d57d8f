import SamenCodec

/// Anything that can carry calls: one endpoint (`RPCClient`) or a service found through discovery.
/// Typed clients in SamenContracts are written against this, so they work over either.
public protocol RPCChannel: Sendable {
    /// Sends an encoded request and returns the encoded response, or throws `RPCError`.
    func unary(method: String, payload: [UInt8], options: CallOptions) async throws -> [UInt8]
    /// Sends an encoded request and yields encoded items until the server ends the stream.
    func serverStreaming(method: String, payload: [UInt8], options: CallOptions) -> AsyncThrowingStream<[UInt8], any Error>
}

extension RPCChannel {
    /// Calls a unary method with typed values: `try await channel.call(Health.check, HealthCheckRequest())`.
    public func call<Request, Response>(_ method: UnaryMethod<Request, Response>, _ request: Request,
                                        options: CallOptions = CallOptions()) async throws -> Response {
        let payload: [UInt8]
        do {
            payload = try BinaryEncoder().encode(request)
        } catch {
            throw RPCError(.invalidArgument, "cannot encode the request for \(method.name): \(error)")
        }
        let response = try await unary(method: method.name, payload: payload, options: options)
        do {
            return try BinaryDecoder().decode(Response.self, from: response)
        } catch {
            throw RPCError(.internal, "the response from \(method.name) is not a valid \(Response.self): \(error)")
        }
    }

    /// Calls a server-streaming method; the stream ends when the server ends it, or throws its error status.
    public func stream<Request, Item>(_ method: ServerStreamingMethod<Request, Item>, _ request: Request,
                                      options: CallOptions = CallOptions()) -> AsyncThrowingStream<Item, any Error> {
        let payload: [UInt8]
        do {
            payload = try BinaryEncoder().encode(request)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: RPCError(.invalidArgument, "cannot encode the request for \(method.name): \(error)")) }
        }
        // Decoded as the consumer asks: nothing is held here beyond what the channel holds (`ClientStreamLimits`).
        return AsyncThrowingStream(pulling: serverStreaming(method: method.name, payload: payload, options: options)) { item in
            do {
                return try BinaryDecoder().decode(Item.self, from: item)
            } catch {
                throw RPCError(.internal, "an item from \(method.name) is not a valid \(Item.self): \(error)")
            }
        }
    }
}
