import SamenAgencyKit
import SamenHost

/// `samen-intake`: the desk's service (registration, doelgroep, new inhabitants, NT2) as a program.
public enum IntakeProgram {
    public static let name = "intake"
}
