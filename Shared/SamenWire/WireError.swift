/// A violation of the wire protocol by the peer (or by a caller about to send something the peer would refuse).
public struct WireError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of rule was broken; each maps to the status that the peer is told.
    public enum Kind: Sendable, Equatable {
        /// The connection did not start with the Samen preface.
        case badPreface
        /// A frame or body does not follow its layout.
        case malformedFrame
        /// A frame is larger than the receiver's advertised maximum.
        case frameTooLarge
        /// A decompressed payload would exceed the receiver's maximum message size.
        case decompressedTooLarge
        /// The compressed payload is not a valid zlib stream.
        case badCompression
        /// The peer's HELLO offers no protocol version in common.
        case unsupportedVersion
        /// A frame that is not allowed in the connection's current state.
        case unexpectedFrame
    }

    public var kind: Kind
    public var message: String
    /// The field at fault, in snake case (`idempotency_key`), when the error is about one: a server passes it on
    /// as the `field` detail so a program can tell which part of its request was refused.
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    /// The status a peer is told when this error ends a call or the connection.
    public var status: StatusCode {
        switch kind {
        case .frameTooLarge, .decompressedTooLarge: .resourceExhausted
        case .unsupportedVersion: .failedPrecondition
        case .badPreface, .malformedFrame, .badCompression, .unexpectedFrame: .invalidArgument
        }
    }

    public var description: String { message }
}
