"""The foundation every stage stands on: safe XML reading (`xmlio`), coded problems (`problems`,
`codes`) and where they are in a file (`source`), atomic file writing (`files`), one writer at
a time (`locks`), the XSLT runner (`xslt`), where files are (`paths`), the reading text of a unit and the editors'
interventions in it (`text`) and the balance of bidirectional formatting characters (`bidi`), dates read in English text and normalised to ISO 8601 (`dates`, `scan`). It imports nothing else of the toolkit."""
