import ReportingService
import SamenHost

// Thin: the shared service main parses the flags and runs the program.
await ReportingProgram.main()
