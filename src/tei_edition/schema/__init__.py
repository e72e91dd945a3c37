"""Stage 3, checking: the schemas derived from the ODD (`odd`), validation with readable messages
(`validate`, `explain`) and the encoding manual rendered from the ODD (`manual`).
Imports only `core`."""
