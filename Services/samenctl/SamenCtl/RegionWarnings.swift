import SamenContracts

/// The warnings for regions a catalogue is missing, with each region's error: one region's failure is that
/// region's line, and the rest of the catalogue is shown as usual.
enum RegionWarnings {
    static func print(_ catalog: CatalogResponse, output: TextOutput) {
        for region in catalog.unreachableRegions.sorted() {
            let reason = catalog.regionErrors?[region].map { " (\(TextOutput.printable($0)))" } ?? ""
            output.printError("\(output.paint("warning:", .yellow)) the registry of region \(TextOutput.printable(region)) did not answer "
                                  + "usably\(reason); its instances are missing")
        }
    }
}
