"""Stage 2, the editor's work on the master: marking names and dates from the registers
(`annotate`, `marks`, `dates`, `registers`), inline quotations (`quotations`) and the audit of
what is not yet marked (`audit`); a rewrite of the master keeps the bytes of every block it did not
change (`splice`). Imports only `core`."""
