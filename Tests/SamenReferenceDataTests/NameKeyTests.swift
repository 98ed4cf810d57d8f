import SamenReferenceData
import XCTest

final class NameKeyTests: XCTestCase {
    func testOrderCaseAndDiacriticsDoNotCount() {
        XCTAssertEqual(NameKey("Ömer Yıldız"), NameKey("yildiz omer"))
        XCTAssertEqual(NameKey("Ömer Yıldız").text, "omer yildiz")
        XCTAssertEqual(NameKey("José María Aznar-López"), NameKey("aznar lopez jose maria"))
        XCTAssertEqual(NameKey("ÇELİK, Ayşe"), NameKey("ayse celik"))
        XCTAssertEqual(NameKey("Nguyễn Thị Ánh"), NameKey("anh nguyen thi"))
    }

    func testLettersThatDoNotDecomposeAreReadAsTheirLatinLetter() {
        XCTAssertEqual(NameKey("Søren Kierkegaard").text, "kierkegaard soren")
        XCTAssertEqual(NameKey("Straße").text, "strasse")
        XCTAssertEqual(NameKey("Łukasz Wałęsa").text, "lukasz walesa")
        XCTAssertEqual(NameKey("Đorđević").text, "dordevic")
        XCTAssertEqual(NameKey("IŞIK").text, "isik")
        XCTAssertEqual(NameKey("Ærøskøbing").text, "aeroskobing")
    }

    func testPunctuationAndSpacingSeparateWords() {
        XCTAssertEqual(NameKey("  van  der   Berg "), NameKey("Berg, van der"))
        XCTAssertEqual(NameKey("O'Brien-Smith").words, ["brien", "o", "smith"])
        XCTAssertTrue(NameKey(" -., ").isEmpty)
    }

    func testTheKeysTextGivesTheSameKeyAgain() {
        for name in ["Ömer Yıldız", "Abdel-Rahman Al Hassan", "Nguyễn Thị Ánh", "محمد علي"] {
            let key = NameKey(name)
            XCTAssertEqual(NameKey(key.text), key, name)
        }
    }

    func testNonLatinScriptsKeepTheirLetters() {
        XCTAssertEqual(NameKey("محمد علي").words.count, 2)
        XCTAssertEqual(NameKey("Иван Петров"), NameKey("петров иван"))
    }

    func testSimilarityIsOneForTheSameKeyAndZeroForNothing() {
        XCTAssertEqual(NameKey("Ömer Yıldız").similarity(to: NameKey("yildiz omer")), 1)
        XCTAssertEqual(NameKey("").similarity(to: NameKey("Jan")), 0)
        XCTAssertEqual(NameKey("Jan").similarity(to: NameKey("")), 0)
        XCTAssertEqual(NameKey("ab").similarity(to: NameKey("xy")), 0)
    }

    func testNearMatchesReachTheThreshold() {
        let pairs = [("Mohammed Ali", "Mohamed Ali"), ("Yildiz Omer", "Yildis Omer"), ("Abdelrahman Hassan", "Abdel Rahman Hassan"),
                     ("Aleksandra Nowak", "Alexandra Nowak"), ("Fatima Zahra El Amrani", "Fatima Zahra Amrani"),
                     ("Tesfay Gebremedhin", "Tesfaye Gebremedhin")]
        for (a, b) in pairs {
            let score = NameKey(a).similarity(to: NameKey(b))
            XCTAssertGreaterThanOrEqual(score, NameKey.likelyMatchThreshold, "\(a) / \(b): \(score)")
            XCTAssertLessThan(score, 1, "\(a) / \(b)")
        }
    }

    func testDifferentPeopleStayBelowTheThreshold() {
        let pairs = [("Jan Peeters", "Maria Janssens"), ("Ahmed Karimi", "Olga Ivanova"), ("Ali Hassan", "Ali Hussein Mahmoud"),
                     ("Anna De Smet", "Hanna Desmet Verbeke"), ("Li Wei", "Liu Wen"), ("Ali Hassan", "Ali Hussein")]
        for (a, b) in pairs {
            let score = NameKey(a).similarity(to: NameKey(b))
            XCTAssertLessThan(score, NameKey.likelyMatchThreshold, "\(a) / \(b): \(score)")
        }
    }

    func testSimilarityIsSymmetricAndWithinZeroAndOne() {
        let names = ["Ömer Yıldız", "Omer Yilmaz", "Mohammed Ali", "Ali Mohamed", "Abdelrahman", "Abdel Rahman",
                     "A", "Jan Peeters", "Peter Jansen", "Nguyễn Thị Ánh", "محمد علي", "x y z w v"]
        for a in names {
            for b in names {
                let forward = NameKey(a).similarity(to: NameKey(b))
                let backward = NameKey(b).similarity(to: NameKey(a))
                XCTAssertEqual(forward, backward, accuracy: 1e-12, "\(a) / \(b)")
                XCTAssertTrue((0...1).contains(forward), "\(a) / \(b): \(forward)")
            }
        }
    }

    func testJaroWinklerOfTheTextbookPairs() {
        // The classic examples: MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813, DWAYNE/DUANE 0.840.
        XCTAssertEqual(NameKey("martha").similarity(to: NameKey("marhta")), 0.961, accuracy: 0.001)
        XCTAssertEqual(NameKey("dixon").similarity(to: NameKey("dicksonx")), 0.813, accuracy: 0.001)
        XCTAssertEqual(NameKey("dwayne").similarity(to: NameKey("duane")), 0.840, accuracy: 0.001)
    }

    func testHugeInputIsBounded() {
        let long = String(repeating: "abcdefghij ", count: 10_000)
        let key = NameKey(long)
        XCTAssertLessThanOrEqual(key.words.count, NameKey.maximumWords)
        XCTAssertEqual(key.similarity(to: key), 1)
        XCTAssertLessThan(key.similarity(to: NameKey("abcdefghij")), 1)
    }
}
