import SamenContracts

/// What `samenctl --help` and `samenctl help <command>` print.
enum Help {
    static let overview = """
    samenctl: operate a Samen mesh

    usage: samenctl <command> [options]

    commands:
      health     check every instance directly (exit 0 all passing, 1 some not, 2 registry unreachable)
      services   list the registry's catalogue
      call       call a method with a JSON request and print the JSON response
      drain      ask one instance to drain gracefully
      pki init   create the development CA and certificates
      pki issue-staff  issue a staff member's certificate (identity and roles) from the mesh CA
      docs methods  print the reference of every method (docs/METHODS.md)
      audit      who read or changed a person's file, or what a staff member did; a person's export (dpo, admin)
      import     feed a previous system's records (JSON lines) to a service's historical import (admin)
      report     the annual report of a region or all regions, as JSON, CSV or HTML (analyst, admin)
      demo       load a small fictional data set into every region's intake, trajectory, tolkdienst and verenigingen (also `samen up --demo`)
      backup     copy a service's SQLite file while it runs (online backup API); restore with --replace

    every command takes:
      --home DIR            the mesh home (default: $SAMEN_HOME, then ./.samen): pki/, mesh.json
    the commands that call the mesh also take:
      --registry host:port  the registry to ask (default: from <home>/mesh.json)
                            (mesh.json's "published" maps advertised addresses to ones this machine reaches:
                            compose/mesh.json for the compose mesh from the host)
      --verbose             show the RPC runtime's logs on standard error
      --cert FILE --key FILE  the certificate to call with, any mesh or staff certificate
                            (default: the operator's, pki/<target region>/operator.pem)
      --as ROLE             call as the development staff member of ROLE, pki/<target region>/staff/dev-ROLE.pem
                            (`samen up` makes one per role: \(StaffRoleArgument.known))

    `samenctl help <command>` describes one command.
    """

    static let commands: [String: String] = [
        "health": """
        usage: samenctl health [<service>] [--all-regions] [--region R] [--json] [--timeout S]
               samenctl health --address host:port [--service NAME] [--json]

        Asks the registry (of the first region in mesh.json, or of --region) for its catalogue, then checks every
        instance directly with samen.health/check over mutual TLS as the operator, concurrently, each within
        --timeout seconds (default 2; above 0 and up to 3600).

          SERVICE REGION INSTANCE ADDRESS STATUS LATENCY VERSION UPTIME

        STATUS is passing, critical (the registry stopped getting its heartbeats), not_serving (draining) or
        unreachable. LATENCY is the measured round trip of the health call, connection set-up included.

          --all-regions   every region the registry knows
          --region R      only region R (and ask R's registry when mesh.json lists it)
          --json          a JSON array of {service, region, instance, address, status, latency_ms, version,
                          uptime_seconds}
          --address A     check one address directly, without the registry (for container health checks):
                          exit 0 serving, 1 not serving, 2 unreachable

        exit: 0 all passing, 1 any critical, not serving or unreachable, 2 the registry cannot be reached
        """,
        "services": """
        usage: samenctl services [--all-regions] [--region R] [--json]

        The registry's catalogue: each instance's service, region, instance, address, health and version, as the
        registry sees it (no direct checks; `samenctl health` does those).

          --all-regions   every region the registry knows
          --json          a JSON array of {service, region, instance, address, health, version}
        """,
        "call": """
        usage: samenctl call <region>/<service> <method> [--json '<request>'] [--timeout S] [--address host:port]

        Finds a passing instance of <service> in <region> through the registry, decodes the JSON into the method's
        request type, calls it as the operator, and prints the response as JSON (sorted keys, ISO 8601 dates).
        <method> is a full name (samen.registry/lookup) or a unique short one (registry/lookup, lookup). The request
        defaults to {}. --address calls that address instead of asking the registry.

        example:
          samenctl call gent/registry samen.registry/lookup --json '{"service":"registry","region":"antwerpen"}'

        methods:
        \(MethodCatalog.standard.names.map { "  " + $0 }.joined(separator: "\n"))

        exit: 0 answered, 1 the call failed (its status and message are printed), 2 bad request JSON or usage
        """,
        "drain": """
        usage: samenctl drain <region>/<service>/<instance> [--grace S]
               samenctl drain samen://<region>/<service>/<instance>

        Looks the instance up in its region's registry and calls samen.admin/drain on it as that region's operator
        (pki/<region>/operator.pem, or --cert and --key): it refuses new calls, reports not_serving, lets calls in
        flight finish within --grace seconds (0 to 86400; default: the server's own), then stops. Under `samen up`
        it is then started again.
        """,
        "pki": """
        usage: samenctl pki init [--regions gent,antwerpen] [--services registry,...] [--operator NAME] [--dns NAME]...
                                 [--compose DIR [--owner UID:GID]] [--force]

        Creates a development CA (pki/ca.pem, ca-key.pem) and, signed by it, a certificate for every service in every
        region (pki/<region>/<service>.pem, -key.pem; identity samen://<region>/<service>/1; DNS localhost and every
        --dns name; IPs 127.0.0.1 and ::1) and an operator certificate per region (pki/<region>/operator.pem,
        identity samen://<region>/operator/<NAME>, NAME defaulting to $USER): administrative methods admit
        operators of the server's own region only. Folders are 0700, keys 0600, certificates 0644.

        Existing files are kept, so running it twice changes nothing; --force issues everything anew.
        --compose DIR (compose's one-shot pki step): each service certificate also names the host <service>-<region>,
        and every folder DIR/<service>-<region> (one volume per service) gets ca.pem, <service>.pem and
        <service>-key.pem, owned by --owner (default \(ComposeKeys.defaultOwner)), the folder 0700, the key 0600.
        The default services are every service of the mesh: \(MeshDefaults.services.joined(separator: ", ")).

        usage: samenctl pki issue-staff --region R --user ID --role ROLE [--role ROLE]... [--days N] [--out DIR] [--force]

        Issues a staff member's certificate from the mesh CA (pki/ca.pem and ca-key.pem): identity
        samen://<R>/staff/<ID> and one URI SAN samen-role:<ROLE> per role. Servers read the roles from the
        certificate at the handshake; a method admits the roles its policy names, for staff of its own region
        unless it says otherwise. Roles: \(StaffRoleArgument.known) (repeat --role, or separate with commas).
        ID is 1...63 characters of a-z, 0-9 and '-', not starting or ending with '-'.

          --days N    validity in days, 1 to \(DevelopmentPKI.maximumStaffDays) (default \(DevelopmentPKI.defaultStaffDays))
          --out DIR   write <ID>.pem and <ID>-key.pem into DIR (default pki/<R>/staff/)
          --force     replace existing files

        Both files are 0600 (the certificate names a person). Use it with `samenctl <command> --cert FILE --key FILE`;
        `samen up` issues dev-<role> with one role each for every region, which `--as <role>` uses.
        """,
        "audit": """
        usage: samenctl audit [<service>] --person <id> | --staff <user> [--region R] [--from T] [--until T] [--limit N] [--json]
               samenctl audit [<service>] --export <personID> [--out FILE]

        <service> may be left out while one agency service keeps person files; name one of: \(ServiceCatalog.personFileServices.joined(separator: ", ")).

        Reads an agency service's audit trail (<service>/audit.query, e.g. intake/audit.query): every read and change
        of a person's file, newest first, by person (--person, the service's own person id) or by staff member
        (--staff, a user id of the service's region or samen://<region>/staff/<user>). Pages through the whole trail,
        at most --limit events in all (1 to 1000000, default 1000):

          TIME METHOD ACCESS OUTCOME STAFF CALLER PERSON

        TIME is UTC; ACCESS is read or change; OUTCOME ok or the status of a refused change; STAFF the staff member
        the call was made by or for; CALLER the certificate that called (a staff member, or a service acting for one).

          --region R      the service of region R (default: the first region of mesh.json)
          --from T        events at or after T: a date (2026-11-24, from the start of that day in Brussels) or an
                          ISO 8601 time (2026-11-24T09:30:00Z)
          --until T       events before T; a date includes that whole day
          --json          one JSON object per event and line (id, atMilliseconds, service, region, caller, staff,
                          staffRoles, method, personID, access, outcome, requestID)
          --export ID     everything the service holds about person ID and every access to it (<service>/audit.exportPerson,
                          the GDPR's right of access), as pretty JSON; --out FILE writes it to FILE, mode 0600

        Only staff with the role \(AuditAPI.roles.sorted().map(\.rawValue).joined(separator: " or ")) may read the trail: pass
        --as dpo (or --as admin) for the development staff, or --cert/--key; the operator's certificate is refused.
        Reading a person's trail or export is itself recorded.

        exit: 0 answered, 1 the service refused or failed (status and message printed), 2 usage
        """,
        "report": """
        usage: samenctl report --year Y (--region R | --all-regions) [--format json|csv|html] [--out FILE] [--suppress-below N]

        The annual report of year Y next to Y-1 (docs/REPORTING.md), built by the reporting service of region R (with
        --all-regions, of R or the first region of mesh.json) from every region's services' figures: every table with
        both years, the difference and a rising/falling/equal mark; a table whose service could not be asked says so.

          --year Y        1891...2199
          --region R      region R's report
          --all-regions   every region summed
          --format F      json (the tables, default), csv (one line per row) or html (one self-contained page)
          --out FILE      write it to FILE (mode 0600) instead of printing it
          --suppress-below N  for the public: figures from 1 to N-1 shown as <N (0...1000; default 0, all shown)

        Only staff with the role analyst or admin may build it (a region's report only that region's): pass --as
        analyst or --as admin, or --cert/--key.

        exit: 0 written, 1 the service refused or failed (status and message printed), 2 usage
        """,
        "import": """
        usage: samenctl import <service> <file.jsonl> [--type TYPE] [--region R] [--batch N]

        Sends a previous system's records to the service's historical import, one record a line:

          {"externalID": "old-0001", "record": { ...the record, as `samenctl docs methods` describes its type... }}

        The external id is the record's id in the previous system: importing it again answers "already imported".
        Each record is validated like a live write and answered on its own. Types (the first is the default):
        \(ImportMethod.all.map { "  \($0.service) --type \($0.type)  \($0.method) (\($0.recordType))" }.joined(separator: "\n"))

          --batch N   records per call, 1 to \(ImportBatch<Registration>.maximumRecords) (default \(ImportCommand.defaultBatch))
          --region R  the service of region R (default: the first region of mesh.json)

        Every batch carries an idempotency key made of the file's SHA-256, the type, the batch size and the batch's
        index, so running the command again (after a crash, say) is safe. On a terminal a progress line shows the
        records sent and what became of them; at the end a summary counts accepted, already imported and rejected
        records and lists each rejected one by line number, external id, field and problem, never its content. A
        line that is not a record of the type (bad JSON, a missing field) is rejected there and not sent.
        Historical imports are for the admin role: pass --as admin, or --cert/--key.

        exit: 0 every record accepted or already imported, 1 some rejected or a batch failed, 2 usage
        """,
        "backup": """
        usage: samenctl backup <database> <copy> [--replace]

        Copies a SQLite database with SQLite's online backup API: one consistent snapshot, taken while the service
        keeps running and writing (copying a live WAL database's file can miss committed writes). The copy is new
        (0600) unless --replace, and is checked (PRAGMA quick_check) before the command reports success. Restoring is
        the same copy the other way, into the service's data folder, with --replace, while the service is stopped.

          samenctl backup /samen/data/intake.sqlite /samen/data/intake-2026-11-24.sqlite
          samenctl backup /backups/intake-2026-11-24.sqlite /samen/data/intake.sqlite --replace   (service stopped)
        """,
        "demo": """
        usage: samenctl demo [--region R]...

        Loads a small, clearly fictional data set into the intake of each region (default: every region of
        mesh.json) through the public API, as the development staff of `samen up` (--as desk and --as admin):
        \(DemoData.settlements) settlements reported by the population register, then \(DemoData.registrations) registrations ("Demo Voorbeeld-1", ...;
        valid INSZ numbers drawn from a fixed seed, some people without one, \(DemoData.minors) minors referred to OKAN), and NT2
        records of every kind with the region's providers; into its verenigingen service \(DemoAssociations.count) associations ("Demo Vereniging 1",
        ...; women's organisations and the gender network among them) with support contacts, a network event and a
        subsidy call; where trajectory runs, \(DemoTrajectories.contracts) contracts at different stages, counsellors and MO groups (--as
        counsellor and --as planner). When both gent and antwerpen are loaded, one of gent's trajectories is
        transferred to antwerpen (requested and accepted as each region's dev-counsellor), and the demo waits until
        gent shows its tombstone. As --as planner, into the tolkdienst serving the region (its own, or the central
        instance its registry routes to), 3 organisations with agreements, \(DemoTolkdienst.interpreterCount) interpreters, 3 requests (one
        assigned) and a translation order. Registrations and settlements are dated \(DemoData.year); the MO groups
        start next month and the interpreting bookings fall in a fixed week of March 2030, since both must be in the future.

        Every write has a fixed idempotency key and every settlement a fixed external id: running it again adds
        nothing. It prints what each region holds and three commands to try. `samen up --demo` runs it once the
        mesh is healthy.
        """,
        "docs": """
        usage: samenctl docs methods

        Prints the reference of every method of every contract: its request and response fields with their types
        and wire tags, who may call it and its errors, learnt from the Swift contracts. docs/METHODS.md is this
        output: `swift run samenctl docs methods > docs/METHODS.md`.
        """,
    ]

    static func text(for command: String) -> String? {
        commands[["pki init", "pki issue-staff"].contains(command) ? "pki" : command]
    }
}
