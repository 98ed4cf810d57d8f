import SamenReferenceData
import XCTest

final class NameKeyTests: XCTestCase {
    func testOrderCaseAndAccentsDoNotCount() {
        XCTAssertEqual(NameKey("Ömer Yıldız"), NameKey("yildiz omer"))
        XCTAssertEqual(NameKey("José-María  Núñez").text, "jose maria nunez")
        XCTAssertEqual(NameKey("Søren Strauß").text, "soren strauss")
        XCTAssertEqual(NameKey(key: NameKey("B A").text), NameKey("a b"))
    }

    func testSimilarityIsOneForTheSameWordsAndLowerForOthers() {
        XCTAssertEqual(NameKey("Omer Yildiz").similarity(to: NameKey("Yildiz Omer")), 1)
        let typo = NameKey("Omer Yildiz").similarity(to: NameKey("Omer Yildis"))
        XCTAssertGreaterThan(typo, 0.9)
        XCTAssertLessThan(typo, 1)
        XCTAssertLessThan(NameKey("Omer Yildiz").similarity(to: NameKey("Fatima Zahra")), 0.6)
        XCTAssertLessThan(NameKey("Omer Yildiz Kaya").similarity(to: NameKey("Omer Yildiz")), 0.7)
        XCTAssertEqual(NameKey("").similarity(to: NameKey("a")), 0)
    }
}
