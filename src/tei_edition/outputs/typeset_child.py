"""The child process of `typeset.Typesetter`: one Typst compile of the print edition.

Protocol: `python -m tei_edition.outputs.typeset_child ROOT TIMESTAMP PAPER PARENT`, the Typst
source on standard input, the PDF on standard output; a Typst error is one line on standard error
and exit status 3. It imports only what the compile needs (not the toolkit's problems, not
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


def main(argv: list[str]) -> int:
    import typst

    root, timestamp, paper, parent = argv
    interrupts.leave_to_the_parent()
    interrupts.end_with_parent(int(parent))
    source = sys.stdin.buffer.read()
    try:
        # the stub ties `root` to the type of `input` (one TypeVar); Typst takes a str root with bytes input
        pdf: bytes = typst.compile(source, root=root, format="pdf",  # type: ignore[call-overload]
                                   ignore_system_fonts=True, timestamp=dt.datetime.fromisoformat(timestamp),
                                   pdf_standards=PDF_STANDARDS, pdf_tags=True, sys_inputs={"paper": paper})
    except typst.TypstError as exc:
        sys.stderr.write(" ".join(str(exc.message).split()) + "\n")
        return TYPST_ERROR
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
