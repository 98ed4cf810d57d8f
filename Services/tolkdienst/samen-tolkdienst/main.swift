import TolkdienstService
import SamenHost

// Thin: the shared service main parses the flags and runs the program.
await TolkdienstProgram.main()
