"""Stage 4, the outputs, one module each: the published TEI (`tei`), the web edition (`html`,
`html_search`, `html_extras`), the print edition (`pdf`), the DTS export (`dts`, `dts_ranges`),
data exports (`exports`), the manifest (`manifest`) and the deposit package (`package`,
`deposit`, `package_folder`). Imports `core`, `schema` and `citation`,
never `curation`, `reconstruct`, `build`, `serve` or `cli`."""
