"""XSLT 3.0 through saxonche: one processor per process, each stylesheet compiled once."""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXdmNode, PyXdmValue, PyXsltExecutable

from tei_edition.core.paths import XSLT_DIR
from tei_edition.core.problems import EditionError, Problem

_processor: PySaxonProcessor | None = None
_compiled: dict[Path, PyXsltExecutable] = {}
_WRITE_FAILURE = re.compile(r"Failure writing to (file:\S+)")
_CAUSE = re.compile(r"Caused by\s+\S+?(?:Exception|Error): ([^\n]+)")
_STDERR = threading.Lock()


# The JDK parser's limits, which Saxon meets when it reads a document: a master lxml accepts
# (up to 256 levels deep, any number of escaped characters) must reach Saxon whole. Saxon reads
# only what lxml parsed safely (and the toolkit's own files): no DTD, so no entity to expand.
_PARSER_LIMITS = ("maxElementDepth",  # 100 levels
                  "maxGeneralEntitySizeLimit", "totalEntitySizeLimit")  # ~100,000 &amp; &lt; …
_PARSER_PROPERTY = "http://saxon.sf.net/feature/parserProperty?uri=http://www.oracle.com/xml/jaxp/properties/"


def processor() -> PySaxonProcessor:
    global _processor
    if _processor is None:
        made = PySaxonProcessor(license=False)
        for limit in _PARSER_LIMITS:
            made.set_configuration_property(_PARSER_PROPERTY + limit, "0")  # 0: none
        _processor = made
    return _processor


def started() -> bool:
    """Whether this process has started Saxon (a forked copy of it must not use it)."""
    return _processor is not None


def stylesheet(name: str) -> PyXsltExecutable:
    """The compiled executable for `xslt/<name>`, compiled on first use."""
    path = (XSLT_DIR / name).resolve()
    if path not in _compiled:
        try:
            _compiled[path] = processor().new_xslt30_processor().compile_stylesheet(
                stylesheet_file=str(path)
            )
        except PySaxonApiError as exc:
            raise EditionError([Problem(str(path), 1, 1, "E0100", f"stylesheet does not compile: {exc}")]) from None
    return _compiled[path]


def to_xdm(tree: etree._ElementTree | etree._Element, base_uri: str | None = None) -> PyXdmNode:
    """Hand an (already safely parsed) lxml tree to Saxon as an XDM document."""
    text = etree.tostring(tree, encoding="unicode")
    kwargs = {"xml_text": text}
    if base_uri:
        kwargs["base_uri"] = base_uri
    return processor().parse_xml(**kwargs)


def _value(v: Any) -> PyXdmValue:
    """A stylesheet parameter: an XDM value as it is (e.g. a document from `to_xdm`), a Python
    bool, int or string as the atomic value."""
    if isinstance(v, PyXdmValue):
        return v
    proc = processor()
    if isinstance(v, bool):
        return proc.make_boolean_value(v)
    if isinstance(v, int):
        return proc.make_integer_value(v)
    return proc.make_string_value(str(v))


def transform(
    name: str,
    doc: PyXdmNode,
    *,
    params: dict[str, Any] | None = None,
    output_dir: Path | None = None,
    source_path: str = "",
) -> str:
    """Run stylesheet `name` on XDM `doc`; `xsl:result-document`s land under `output_dir`.

    Returns the principal result as a string.
    """
    exe = stylesheet(name)
    exe.clear_parameters()
    for key, val in (params or {}).items():
        exe.set_parameter(key, _value(val))
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        exe.set_base_output_uri(output_dir.resolve().as_uri() + "/")
    exe.set_global_context_item(xdm_item=doc)
    try:
        with _stderr_held() as printed:
            result = exe.apply_templates_returning_string(xdm_value=doc)
    except PySaxonApiError as exc:
        failed = _WRITE_FAILURE.search(str(exc))
        if failed:  # the disk, not the stylesheet: say why the file could not be written
            from urllib.parse import unquote, urlsplit

            from tei_edition.core.output_folder import why_not_written

            cause = _CAUSE.search("".join(printed))  # Saxon names the cause only in what it printed
            raise why_not_written(Path(unquote(urlsplit(failed.group(1)).path)),
                                  cause.group(1).strip() if cause else None) from None
        raise EditionError([Problem(source_path or name, 0, 0, "E0100", f"{name}: {exc}")]) from None
    return str(result or "")


@contextmanager
def _stderr_held() -> Iterator[list[str]]:
    """Saxon prints a failed transform's trace (a dozen lines) on standard error itself, where the
    toolkit reports one coded line: what it prints goes to a file in memory, passed on to
    standard error only when the transform succeeds. One transform at a time (standard error
    is the process's). What it printed before a failure is handed back in the list yielded."""
    printed: list[str] = []
    with _STDERR:
        try:
            held = os.memfd_create("tei-edition-saxon-stderr", os.MFD_CLOEXEC)
        except (AttributeError, OSError):  # not Linux: Saxon's lines stay
            yield printed
            return
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(held, 2)
        succeeded = False
        try:
            yield printed
            succeeded = True
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            try:
                os.lseek(held, 0, os.SEEK_SET)
                while chunk := os.read(held, 1 << 16):
                    if succeeded:
                        os.write(2, chunk)
                    else:
                        printed.append(chunk.decode("utf-8", "replace"))
            finally:
                os.close(held)
