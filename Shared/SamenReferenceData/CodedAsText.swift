/// A reference value that travels as its canonical text (an INSZ's 11 digits, a country or language code, a
/// NIS code) and is validated again when decoded, so that a stored or received record cannot hold a value the
/// parser would refuse.
public protocol CodedAsText: Codable {
    /// Parses `text` as user input would be parsed.
    init(codedText text: String) throws
    /// The canonical text.
    var codedText: String { get }
}

extension CodedAsText {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(codedText: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: String(describing: error))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codedText)
    }
}
