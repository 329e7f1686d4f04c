"""The fault-injection run behind RELIABILITY.md, in its quick form: every input and fault handled."""
from __future__ import annotations

import pytest

from bench.reliability import run as reliability


@pytest.mark.slow
def test_every_hostile_input_and_fault_is_handled_and_no_search_fails_during_kills(tmp_path, capsys):
    status = reliability.main(["--quick", "--work", str(tmp_path)])
    report = capsys.readouterr().out
    assert "**NO**" not in report, report
    assert status == 0, report
    assert "failed: 0; wrong: 0" in report
    assert "## Web requests" in report and "the servers' logs after every request above" in report
