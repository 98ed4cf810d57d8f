// Intake's contract: methods and types. See docs/INTAKE.md.
