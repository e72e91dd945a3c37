"""The child process of `typeset.Typesetter`: one Typst compile of the print edition.

Protocol: `python -m tei_edition.outputs.typeset_child ROOT TIMESTAMP PAPER LINKS PARENT`, the Typst
source on standard input, the PDF on standard output; a Typst error is one line on standard error
(UTF-8) and exit status 3. It imports only what the compile needs (not the toolkit's problems, not
subprocess): it starts on the build's longest path, which the parent's imports lengthened by 15 ms.
"""

from __future__ import annotations

import datetime as dt
import sys

from tei_edition.core import interrupts

TYPE_CHECKING = False  # mypy takes it as true; the module `typing` would cost the child 5 ms
if TYPE_CHECKING:
    from typing import Literal

# Typst 0.15 writes this content as PDF/UA-1 (tagged, accessible) and PDF/A-2a (archival) at once.
PDF_STANDARDS: list[Literal["ua-1", "a-2a"]] = ["ua-1", "a-2a"]
TYPST_ERROR = 3
# The faces the edition sets, in a few words each
WARM_UP = b'#set text(font: "Libertinus Serif")\nA *b* _c_ #smallcaps[d] 1'


def main(argv: list[str]) -> int:
    import typst

    root, timestamp, paper, links, parent = argv
    interrupts.leave_to_the_parent()
    interrupts.end_with_parent(int(parent))
    compiler = typst.Compiler(root=root, ignore_system_fonts=True, sys_inputs={"paper": paper, "links": links})
    try:  # while the source is made: Typst's fonts found and loaded (~15 ms of the compile)
        compiler.compile(WARM_UP, format="svg")
    except typst.TypstError:  # only a head start
        pass
    source = sys.stdin.buffer.read()
    try:
        # the stub's list of every standard is invariant: ours, of two of them, is not taken for one
        pdf = compiler.compile(source, format="pdf", timestamp=dt.datetime.fromisoformat(timestamp),
                               pdf_standards=PDF_STANDARDS, pdf_tags=True)  # type: ignore[arg-type]
        assert isinstance(pdf, bytes)
    except typst.TypstError as exc:
        # UTF-8, as the parent reads it: in the stream's encoding (PYTHONIOENCODING=ascii, latin-1)
        # a message naming `café` arrived escaped or with U+FFFD
        sys.stderr.buffer.write((" ".join(str(exc.message).split()) + "\n").encode("utf-8", "replace"))
        sys.stderr.flush()
        return TYPST_ERROR
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
