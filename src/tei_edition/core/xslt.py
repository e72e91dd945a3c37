"""XSLT 3.0 through saxonche: one processor per process, each stylesheet compiled once.

Saxon holds Python's global lock for the whole of a transform (seconds in a large edition), so a
process running one could not take a Ctrl-C until it ended. A command's transforms therefore run
in a process of their own, `xslt_worker`, which the command waits on (taking a signal at once) and
kills when it is interrupted; it also compiles ahead the stylesheets a build will use while the
build checks the master. Saxon runs in the process itself (`run_here`) only where another process
decides about interruptions: in that worker, and in the build's forked copy (`core.forked`).
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from tei_edition.core.paths import XSLT_DIR
from tei_edition.core.problems import EditionError, Problem

if TYPE_CHECKING:  # saxonche itself only where Saxon runs: its import is 40 ms of a command's start
    from saxonche import PySaxonProcessor, PyXdmNode, PyXdmValue, PyXsltExecutable

_processor: PySaxonProcessor | None = None
_compiled: dict[Path, PyXsltExecutable] = {}
_WRITE_FAILURE = re.compile(r"Failure writing to (file:\S+)")
_CAUSE = re.compile(r"Caused by\s+\S+?(?:Exception|Error): ([^\n]+)")
_STDERR = threading.Lock()
_here = False  # Saxon in this process (the worker, the build's copy), not in the worker
# In the worker: what Saxon printed during a transform that succeeded, for its command to print
relayed: list[bytes] | None = None


# The JDK parser's limits, which Saxon meets when it reads a document: a master lxml accepts
# (up to 256 levels deep, any number of escaped characters) must reach Saxon whole. Saxon reads
# only what lxml parsed safely (and the toolkit's own files): no DTD, so no entity to expand.
_PARSER_LIMITS = ("maxElementDepth",  # 100 levels
                  "maxGeneralEntitySizeLimit", "totalEntitySizeLimit")  # ~100,000 &amp; &lt; …
_PARSER_PROPERTY = "http://saxon.sf.net/feature/parserProperty?uri=http://www.oracle.com/xml/jaxp/properties/"


def processor() -> PySaxonProcessor:
    global _processor
    if _processor is None:
        from saxonche import PySaxonProcessor

        made = PySaxonProcessor(license=False)
        for limit in _PARSER_LIMITS:
            made.set_configuration_property(_PARSER_PROPERTY + limit, "0")  # 0: none
        _processor = made
    return _processor


def started() -> bool:
    """Whether Saxon may have run in this process: ours started, or saxonche loaded by anyone (a
    script or a library before a build in it). A forked copy of such a process cannot start Saxon:
    Graal's isolate fails ("Failed to enter the specified IsolateThread context") once one was
    used and released here."""
    return _processor is not None or "saxonche" in sys.modules


def stylesheet(name: str) -> PyXsltExecutable:
    """The compiled executable for `xslt/<name>`, compiled on first use."""
    path = (XSLT_DIR / name).resolve()
    if path not in _compiled:
        from saxonche import PySaxonApiError

        try:
            _compiled[path] = processor().new_xslt30_processor().compile_stylesheet(
                stylesheet_file=str(path)
            )
        except PySaxonApiError as exc:
            raise EditionError([Problem(str(path), 1, 1, "E0100", f"stylesheet does not compile: {exc}")]) from None
    return _compiled[path]


class Document:
    """An XML document (already safely parsed) for a transform: its text and base URI, and its
    Saxon node once a transform in this process has needed it."""

    _ids = itertools.count(1)

    def __init__(self, text: str, base_uri: str | None = None) -> None:
        self.text, self.base_uri, self.id = text, base_uri, next(Document._ids)
        self._node: PyXdmNode | None = None

    def node(self) -> PyXdmNode:
        if self._node is None:
            kwargs = {"xml_text": self.text}
            if self.base_uri:
                kwargs["base_uri"] = self.base_uri
            self._node = processor().parse_xml(**kwargs)
        return self._node


def to_xdm(tree: etree._ElementTree | etree._Element, base_uri: str | None = None) -> Document:
    """Hand an (already safely parsed) lxml tree to Saxon as an XDM document."""
    return Document(etree.tostring(tree, encoding="unicode"), base_uri)


def run_here() -> None:
    """From now on this process runs its transforms itself (it is the worker, or a copy of the
    build that the build kills when interrupted): a worker it inherited is its parent's."""
    global _here
    _here = True
    from tei_edition.core import xslt_worker

    xslt_worker.drop()


def compile_ahead(names: Sequence[str], beside: bool = False) -> None:
    """Have the worker (`beside`: the second, `transform_beside`'s) compile the stylesheets `names`
    now, while this process goes on; a stylesheet that does not compile is reported by the
    transform that uses it."""
    if names and not _here:  # nothing to compile (every stage taken from the previous build): no process
        from tei_edition.core import xslt_worker

        try:
            xslt_worker.worker(1 if beside else 0).compile_ahead(list(names))
        except Exception:  # noqa: BLE001 - only a head start: the transform starts it again, or says why not
            pass


def _value(v: Any) -> PyXdmValue:
    """A stylesheet parameter: an XDM value as it is (e.g. a document from `to_xdm`), a Python
    bool, int or string as the atomic value."""
    if isinstance(v, Document):
        return v.node()
    from saxonche import PyXdmValue

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
    doc: Document,
    *,
    params: dict[str, Any] | None = None,
    output_dir: Path | None = None,
    source_path: str = "",
) -> str:
    """Run stylesheet `name` on `doc`; `xsl:result-document`s land under `output_dir`.

    Returns the principal result as a string.
    """
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
    if not _here:
        from tei_edition.core import xslt_worker

        return xslt_worker.worker().transform(name, doc, params or {}, output_dir, source_path)
    from saxonche import PySaxonApiError

    exe = stylesheet(name)
    exe.clear_parameters()
    for key, val in (params or {}).items():
        exe.set_parameter(key, _value(val))
    if output_dir is not None:
        exe.set_base_output_uri(output_dir.resolve().as_uri() + "/")
    node = doc.node()
    exe.set_global_context_item(xdm_item=node)
    try:
        with _stderr_held() as printed:
            result = exe.apply_templates_returning_string(xdm_value=node)
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


def beside_possible() -> bool:
    """Whether `transform_beside` runs its two transforms at once (else in turn)."""
    return not _here and len(os.sched_getaffinity(0)) > 1


def end_beside() -> None:
    """Stop `transform_beside`'s second worker, if it runs (the memory of its documents back)."""
    if not _here:
        from tei_edition.core import xslt_worker

        xslt_worker.end(1)


def transform_beside(name: str, doc: Document, first: dict[str, Any],
                     second: dict[str, Any] | Callable[[], dict[str, Any]], *,
                     output_dir: Path | None = None, source_path: str = "",
                     then: dict[str, Any] | None = None) -> tuple[str, str]:
    """`transform` of `name` with the parameters `first` and `second` at once, for a reader
    waiting on a result both make: the first in a second worker, begun at once, the second here,
    its parameters (`second()`, when they are a function) made while the first runs. `then`: a
    third part, the second's parameters with these instead, run in the second worker once the
    first has ended (its result after the first's). In turn where Saxon runs in this process or
    the command has one CPU. Any part's failure ends them all, the second worker's reported
    first; an interruption ends them all at once."""
    if not beside_possible():
        result = transform(name, doc, params=first, output_dir=output_dir, source_path=source_path)
        params = second() if callable(second) else second
        here = transform(name, doc, params=params, output_dir=output_dir, source_path=source_path)
        if then is not None:
            result += transform(name, doc, params={**params, **then}, output_dir=output_dir, source_path=source_path)
        return result, here
    from tei_edition.core import xslt_worker

    beside = xslt_worker.worker(1)
    beside.start()  # here, with the interruptions held, not in the thread
    outcome: list[str | BaseException] = []
    made: list[dict[str, Any]] = []  # the second part's parameters, once made here
    settled = threading.Event()  # made, or never to be

    def run_beside() -> None:
        try:
            result = beside.transform(name, doc, first, output_dir, source_path)
            if then is not None:
                settled.wait()
                if made:
                    result += beside.transform(name, doc, {**made[0], **then}, output_dir, source_path)
            outcome.append(result)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            outcome.append(exc)

    thread = threading.Thread(target=run_beside, name="xslt-beside", daemon=True)
    thread.start()
    try:
        try:
            params = second() if callable(second) else second
            made.append(params)
            settled.set()
            result = transform(name, doc, params=params, output_dir=output_dir, source_path=source_path)
        except Exception:
            made.clear()  # no third part begins
            settled.set()
            thread.join()  # the second worker's failure, if it fails too, is the one reported
            if isinstance(outcome[0], BaseException):
                raise outcome[0] from None
            raise
        thread.join()
    except BaseException:
        made.clear()  # no third part begins
        settled.set()
        beside.cancel()  # interrupted: the other transforms end too (or never begin), writing nothing more
        thread.join()
        raise
    done = outcome[0]
    if isinstance(done, BaseException):
        raise done
    return done, result


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
                    if succeeded and relayed is not None:
                        relayed.append(chunk)
                    elif succeeded:
                        os.write(2, chunk)
                    else:
                        printed.append(chunk.decode("utf-8", "replace"))
            finally:
                os.close(held)
