import SamenContracts
import SamenReferenceData
import SamenRPC

/// Trajectory's MO course-supply methods with an example request each, for `samenctl call` and docs/METHODS.md.
extension MethodCatalog {
    mutating func addMOCourses() {
        add(MOCoursesAPI.createGroup, example: MOGroupPlan(language: "prs", place: "Gent, Wolterslaan 16", from: try! CivilDate("2019-09-02"),
                                                           through: try! CivilDate("2019-11-29"), capacity: 16))
        add(MOCoursesAPI.listGroups, example: MOGroupQuery(language: "prs", limit: 20))
        add(MOCoursesAPI.group, example: MOGroupRequest(groupID: "gent-g1"))
        add(MOCoursesAPI.enrol, example: MOEnrolmentRequest(groupID: "gent-g1", personID: "gent-p1"))
        add(MOCoursesAPI.cancel, example: MOEnrolmentRequest(groupID: "gent-g1", personID: "gent-p1"))
    }
}
