import Foundation

/// A text form of a decoded value in which two values are equal exactly when they carry the same data:
/// floating point compared bit for bit (so NaN equals itself), dictionaries and sets in sorted order
/// (so the order a dictionary happens to iterate in does not matter).
func canonical(_ value: Any) -> String {
    switch value {
    case let v as Double: return "d\(v.bitPattern)"
    case let v as Float: return "f\(v.bitPattern)"
    case let v as Date: return "t\(v.timeIntervalSinceReferenceDate.bitPattern)"
    case let v as UUID: return "u\(v.uuidString)"
    case let v as Data: return "b\(Array(v))"
    case let v as String: return v.debugDescription
    case let v as Bool: return "\(v)"
    case let v as any BinaryInteger: return "i\(v)"
    default: break
    }
    let mirror = Mirror(reflecting: value)
    let children = mirror.children.map { child in "\(child.label ?? ""):\(canonical(child.value))" }
    switch mirror.displayStyle {
    case .dictionary, .set:
        return "{\(children.sorted().joined(separator: ","))}"
    case .enum where children.isEmpty:
        return "\(mirror.subjectType).\(value)"
    default:
        return "\(mirror.subjectType)(\(children.joined(separator: ",")))"
    }
}
