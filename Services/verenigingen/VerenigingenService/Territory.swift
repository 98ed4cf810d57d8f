import Foundation
import SamenAgencyKit
import SamenReferenceData
import SamenRPC

/// Where a region's associations are based: some municipalities (NIS codes) and whole provinces. The support desk
/// of the city agencies serves their own city (IN-Gent: "Gentse verenigingen"), so an association's address must
/// lie in the territory of the region that records it.
public struct Territory: Sendable, Equatable, CustomStringConvertible {
    public var municipalities: Set<String>
    public var provinces: Set<Municipality.Province>

    public init(municipalities: Set<String> = [], provinces: Set<Municipality.Province> = []) {
        self.municipalities = municipalities
        self.provinces = provinces
    }

    /// The city agencies' cities and Brussels by name; any other region's desk is not bound to a city, so it takes
    /// every Flemish and Brussels municipality until `--option territory=` says otherwise.
    public static func of(region: String) -> Territory {
        switch region {
        case "gent": Territory(municipalities: ["44021"])
        case "antwerpen": Territory(municipalities: ["11002"])
        case "brussel", "brussels": Territory(provinces: [.brussels])
        default: Territory(provinces: Set(Municipality.Province.allCases))
        }
    }

    /// `44021,oost-vlaanderen`: NIS codes and province names, comma-separated.
    public static func parse(_ text: String) throws -> Territory {
        var territory = Territory()
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if let province = Municipality.Province(rawValue: part) {
                territory.provinces.insert(province)
            } else {
                territory.municipalities.insert(try Municipality(nisCode: part, field: "territory").nisCode)
            }
        }
        guard !territory.municipalities.isEmpty || !territory.provinces.isEmpty else {
            throw KitError("territory '\(text)' names no municipality (NIS code) or province (\(Municipality.Province.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return territory
    }

    public func contains(_ municipality: Municipality) -> Bool {
        municipalities.contains(municipality.nisCode) || provinces.contains(municipality.province)
    }

    public var description: String {
        (municipalities.sorted().compactMap { try? Municipality(nisCode: $0).description } + provinces.map(\.dutchName).sorted())
            .joined(separator: ", ")
    }
}
