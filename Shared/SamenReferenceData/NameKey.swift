/// A person's name as the desk's likely-match search compares it: case, accents, punctuation and the order of the
/// names do not count ("Ömer Yıldız" is "yildiz omer"), and names that differ by a typing error stay close.
///
/// Stored next to a file as `text`, so a search compares keys without folding every stored name again.
public struct NameKey: Hashable, Sendable, CustomStringConvertible {
    /// The folded words, sorted.
    public let tokens: [String]

    public init(_ name: String) {
        tokens = TextFolding.words(name).sorted()
    }

    /// Rebuilds a key from its stored `text`.
    public init(key: String) {
        tokens = key.split(separator: " ").map(String.init)
    }

    public var text: String { tokens.joined(separator: " ") }
    public var isEmpty: Bool { tokens.isEmpty }
    public var description: String { text }

    /// 1 for the same words in any order, towards 0 as they differ: each word of the longer name is paired with
    /// its closest word of the other (Jaro-Winkler), and a word without a partner counts 0.
    public func similarity(to other: NameKey) -> Double {
        guard !tokens.isEmpty, !other.tokens.isEmpty else { return 0 }
        let (longer, shorter) = tokens.count >= other.tokens.count ? (tokens, other.tokens) : (other.tokens, tokens)
        var unused = shorter.map { Array($0.unicodeScalars) }
        var total = 0.0
        for word in longer {
            let scalars = Array(word.unicodeScalars)
            guard let best = unused.indices.max(by: { Self.jaroWinkler(scalars, unused[$0]) < Self.jaroWinkler(scalars, unused[$1]) }) else {
                continue
            }
            total += Self.jaroWinkler(scalars, unused[best])
            unused.remove(at: best)
        }
        return total / Double(longer.count)
    }

    /// Jaro-Winkler similarity of two words, 0...1.
    static func jaroWinkler(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        if a == b { return 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var matchedA = [Bool](repeating: false, count: a.count)
        var matchedB = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !matchedB[j] && a[i] == b[j] {
                matchedA[i] = true
                matchedB[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in a.indices where matchedA[i] {
            while !matchedB[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions) / 2) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
