import SamenContracts

/// The warnings for regions a catalogue is missing, with each region's error: one region's failure is that
/// region's line, and the rest of the catalogue is shown as usual.
enum RegionWarnings {
    static func print(_ catalog: CatalogResponse, output: TextOutput) {
        for region in catalog.unreachableRegions.sorted() {
            let reason = catalog.regionErrors?[region].map { " (\(printable($0)))" } ?? ""
            output.printError("\(output.paint("warning:", .yellow)) the registry of region \(printable(region)) did not answer "
                                  + "usably\(reason); its instances are missing")
        }
    }

    /// Text that came from another registry, made safe for a terminal: control characters (escape sequences
    /// included) become '?', and it is cut at 500 characters.
    static func printable(_ text: String) -> String {
        let scalars = text.unicodeScalars.prefix(500).map { $0.properties.generalCategory == .control ? "?" : Character($0) }
        return String(scalars)
    }
}
