/// The matching key of a person's name, for the desk's search for people without an INSZ: the name's words
/// without case, accents or punctuation, in sorted order, so that "Ömer Yıldız" and "yildiz omer" have one key.
///
/// Folding is `TextFolding`'s (é → e, ç → c, ø → o, ß → ss, Turkish ı → i, ...). The key is the words joined
/// by single spaces (`text`); folding a key's text again gives the same key, so the text can be stored and
/// compared as is. `similarity(to:)` scores near matches for the likely-match list. Input beyond
/// `maximumCharacters` characters and words beyond `maximumWords` are ignored: no name is that long, and the
/// bound keeps a hostile search cheap.
public struct NameKey: Hashable, Sendable, CustomStringConvertible {
    public static let maximumCharacters = 200
    public static let maximumWords = 12
    /// A similarity from which two keys are worth showing the desk as a likely match: a typing error, a doubled
    /// or dropped letter in a longer word, or words run together still reach it; two names that share one
    /// word and differ in another ("Ali Hassan", "Ali Hussein") do not.
    public static let likelyMatchThreshold = 0.9

    /// The folded words, sorted.
    public let words: [String]

    public init(_ name: String) {
        let folded = TextFolding.words(String(name.prefix(Self.maximumCharacters)))
        words = Array(folded.prefix(Self.maximumWords)).sorted()
    }

    /// The words joined by single spaces.
    public var text: String { words.joined(separator: " ") }
    public var description: String { text }
    public var isEmpty: Bool { words.isEmpty }

    /// How alike two names are, 0 (nothing alike, or either empty) to 1 (the same key).
    ///
    /// Each word is paired with its most similar word of the other name (Jaro-Winkler, best pairs first, each word
    /// used once); the score is the mean over the words of both names, unpaired words counting 0. Because people
    /// write compound names together or apart ("Abdel Rahman", "Abdelrahman"), the score is at least the
    /// Jaro-Winkler similarity of the two names written without spaces.
    public func similarity(to other: NameKey) -> Double {
        if words.isEmpty || other.words.isEmpty { return 0 }
        if self == other { return 1 }
        let left = words.map { Array($0.unicodeScalars) }
        let right = other.words.map { Array($0.unicodeScalars) }
        var pairs: [(score: Double, left: Int, right: Int)] = []
        for (i, a) in left.enumerated() {
            for (j, b) in right.enumerated() {
                pairs.append((JaroWinkler.similarity(a, b), i, j))
            }
        }
        pairs.sort { $0.score > $1.score }
        var usedLeft = Set<Int>()
        var usedRight = Set<Int>()
        var total = 0.0
        for pair in pairs where !usedLeft.contains(pair.left) && !usedRight.contains(pair.right) {
            usedLeft.insert(pair.left)
            usedRight.insert(pair.right)
            total += 2 * pair.score
        }
        let wordScore = total / Double(left.count + right.count)
        let joined = JaroWinkler.similarity(Array(words.joined().unicodeScalars), Array(other.words.joined().unicodeScalars))
        return min(1, max(wordScore, joined))
    }
}

/// Jaro-Winkler similarity of two sequences: Jaro's matching characters within a window and transpositions,
/// raised for a common prefix of up to four characters (scale 0.1), as names typed twice differ most at the end.
enum JaroWinkler {
    static func similarity(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        if a == b { return 1 }
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
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in a.indices where matchedA[i] {
            while !matchedB[j] { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
