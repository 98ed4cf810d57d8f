// Callers of the runtime handle statuses and identities without importing the lower modules themselves.
@_exported import enum SamenWire.StatusCode
@_exported import struct SamenTLS.ServiceIdentity
