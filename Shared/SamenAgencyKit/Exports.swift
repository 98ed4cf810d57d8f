// An agency service builds on the kit and its contracts together; importing the kit brings the contract types
// (StaffRole, the audit, import and aggregate messages) along.
@_exported import SamenContracts
