import Foundation

/// The one way this module compares names typed at a desk with names in a table or a file: case, accents and
/// punctuation do not count, and letters that are not an accented Latin letter but are written for one are
/// read as that letter (ß as ss, Turkish dotless ı as i, ø as o, ł as l, æ as ae, ...).
enum TextFolding {
    /// Letters that Unicode does not decompose into a base letter and a mark.
    private static let replacements: [Unicode.Scalar: String] = [
        "ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h",
        "ŧ": "t", "ĸ": "k", "ŀ": "l", "ŉ": "n", "ſ": "s", "ə": "e",
    ]

    /// The words of `text`, lowercased, without accents; anything that is not a letter or a digit separates words.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                break
            }
            if let replacement = replacements[scalar] {
                current.append(contentsOf: replacement.unicodeScalars)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// The words joined by single spaces, in their order: `Sint-Niklaas` and ` sint  niklaas` give `sint niklaas`.
    static func key(_ text: String) -> String { words(text).joined(separator: " ") }
}
