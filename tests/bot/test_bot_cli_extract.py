"""`dondoc extract FILE|- [--agency] [--received] [--json]`, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docgen

from dispatch import extract

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "dispatch" / "fixtures" / "thong_bao.txt"
AGENCY = "Sở TN&MT"  # an abbreviation, resolved like /agency does


def dondoc(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "extract", *args], input=stdin.decode() if stdin else None,
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
    )


def test_summary_in_vietnamese_with_the_agencys_task_role_and_deadline() -> None:
    run = dondoc(str(FIXTURE), "--agency", AGENCY)
    assert run.returncode == 0, run.stderr
    assert "Số: 88/TB-VPUBND" in run.stdout and "Ngày: 20/11/2024" in run.stdout
    assert "[Chủ trì] Sở Tài nguyên và Môi trường" in run.stdout
    assert "Hạn: Thứ Bảy, 30/11/2024" in run.stdout


def test_json_is_the_extraction_and_reads_stdin() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    expected = extract(text, agency="Sở Tài nguyên và Môi trường").to_dict()
    assert json.loads(dondoc(str(FIXTURE), "--agency", AGENCY, "--json").stdout) == expected
    assert json.loads(dondoc("-", "--agency", AGENCY, "--json", stdin=text.encode()).stdout) == expected


def test_a_pdf_and_a_docx_give_the_same_result_as_the_text(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    expected = json.loads(dondoc(str(FIXTURE), "--json").stdout)
    for name, data in (("cong_van.pdf", docgen.text_pdf(text)), ("cong_van.docx", docgen.docx(text))):
        (tmp_path / name).write_bytes(data)
        run = dondoc(str(tmp_path / name), "--json")
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout) == expected, name


def test_bad_input_gets_a_vietnamese_error_and_a_failing_exit(tmp_path: Path) -> None:
    missing = dondoc(str(tmp_path / "khong_co.pdf"))
    assert missing.returncode == 1 and "Không mở được tệp" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    corrupt = dondoc(str(tmp_path / "hong.pdf"))
    assert corrupt.returncode == 1 and "Không đọc được tệp" in corrupt.stderr and "Traceback" not in corrupt.stderr
    date = dondoc(str(FIXTURE), "--received", "25/12/2024")
    assert date.returncode == 2 and "YYYY-MM-DD" in date.stderr
