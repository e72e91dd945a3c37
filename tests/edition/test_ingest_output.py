"""`ingest OUT` writes a draft, never over the master, its own inputs or another file
(core/output_file.py); here because ingest reads the real raw source."""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition.cli import main
from tei_edition.core import paths
from tei_edition.reconstruct.ingest import ORDER_NAME, SOURCE_NAME


def _one_refusal(result) -> None:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and "[E0114] output refused" in lines[0], result.output


def test_a_copy_of_the_master_is_not_a_draft_and_is_kept(runner, tmp_path: Path):
    copy = tmp_path / "master.xml"
    shutil.copyfile(paths.MASTER, copy)
    before = copy.read_bytes()
    _one_refusal(runner.invoke(main, ["ingest", str(copy)]))
    assert copy.read_bytes() == before


def test_ingest_never_writes_over_its_own_inputs(runner, tmp_path: Path):
    source, order = tmp_path / SOURCE_NAME, tmp_path / ORDER_NAME
    shutil.copyfile(paths.SOURCE_DIR / SOURCE_NAME, source)
    shutil.copyfile(paths.SOURCE_DIR / ORDER_NAME, order)
    for target in (source, order):
        before = target.read_bytes()
        _one_refusal(runner.invoke(main, ["ingest", str(target), "--source", str(source), "--order", str(order)]))
        assert target.read_bytes() == before


def test_a_previous_draft_is_replaced(runner, tmp_path: Path):
    draft = tmp_path / "draft.xml"
    assert runner.invoke(main, ["ingest", str(draft)]).exit_code == 0
    first = draft.read_bytes()
    result = runner.invoke(main, ["ingest", str(draft), "--plain"])
    assert result.exit_code == 0, result.output
    assert draft.read_bytes() != first and b"Draft master document built by" in draft.read_bytes()


def _order_with(tmp_path: Path, edit) -> Path:
    lines = (paths.SOURCE_DIR / ORDER_NAME).read_text(encoding="utf-8").split("\n")
    edit(lines)
    order = tmp_path / ORDER_NAME
    order.write_text("\n".join(lines), encoding="utf-8")
    return order


def test_a_bad_record_is_reported_at_its_line_of_the_reading_order(runner, tmp_path: Path):
    at = 40  # a line of the front matter's records
    order = _order_with(tmp_path, lambda lines: lines.insert(at - 1, "PARAGRAPH L1"))
    result = runner.invoke(main, ["ingest", str(tmp_path / "draft.xml"), "--order", str(order)])
    assert result.exit_code == 1 and result.output.startswith(f"{order}:{at}:1: [E0501] reading-order line {at}:"), \
        result.output


def test_source_text_left_out_of_the_reading_order_is_reported_where_it_is_in_the_source(runner, tmp_path: Path):
    order = _order_with(tmp_path, lambda lines: lines.remove("EXCLUDE L13  title-page : subtitle"))
    result = runner.invoke(main, ["ingest", str(tmp_path / "draft.xml"), "--order", str(order)])
    source = paths.SOURCE_DIR / SOURCE_NAME
    assert result.exit_code == 1 and result.output.startswith(f"{source}:13:1: [E0501] source line 13, column 1"), \
        result.output
