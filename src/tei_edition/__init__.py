"""tei-edition: build and check the TEI edition of Lawson's 'The Most Intransigent of Bolsheviks'.

The package follows the pipeline, each subpackage importing only those before it:

    core          safe XML, coded problems, files, XSLT runner, paths      (imports nothing)
    reconstruct   raw source + reading order -> draft TEI                  (core)
    curation      names, dates, quotations marked; the editor's audit     (core)
    schema        ODD -> RELAX NG + Schematron; validation; manual         (core)
    citation      citation trees, anchor lock, citations in every style    (core)
    outputs       published TEI, HTML, PDF, EPUB, DTS, exports, manifest   (core, schema, citation)
    build         the build: validate, then every output, swapped in whole (all but serve, cli)
    serve         the build folder's answers over HTTP, DTS Level 1        (core, citation, outputs)
    serve_http    its sockets: connections, time-outs, worker threads     (core, serve)
    watch         serve --watch: rebuild on save, reload the open page     (all but cli)
    cli           the `tei-edition` command                                (everything)

Stylesheets, the Typst layout, the schemas and the web assets are package data in `data/`.
"""

__version__ = "0.1.0"
