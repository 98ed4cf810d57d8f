/// The region a municipality lies in, read from its NIS code.
///
/// A NIS code's leading digits name its province (1 Antwerpen, 3 West-Vlaanderen, 4 Oost-Vlaanderen,
/// 7 Limburg, 23 and 24 Vlaams-Brabant; 21 the Brussels-Capital Region; 25 Waals-Brabant, 5, 6, 8, 9 the Walloon
/// provinces), and mergers keep the province, so the region is known for codes old and new without a list.
/// Whether the municipality exists is the municipality reference data's question, asked when facts are validated.
enum MunicipalityRegion: Sendable, Equatable {
    case flemish
    case brussels
    case walloon

    /// Nil when `nisCode` is not five ASCII digits with a province prefix.
    init?(nisCode: String) {
        let digits = Array(nisCode.utf8)
        guard digits.count == 5, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        switch (digits[0] - UInt8(ascii: "0"), digits[1] - UInt8(ascii: "0")) {
        case (1, _), (3, _), (4, _), (7, _), (2, 3), (2, 4): self = .flemish
        case (2, 1): self = .brussels
        case (2, 5), (5, _), (6, _), (8, _), (9, _): self = .walloon
        default: return nil
        }
    }
}
