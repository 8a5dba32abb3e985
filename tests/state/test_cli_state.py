"""The serve options of state: refusals name the problem and the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.engine.store.sqlite import DataDirBusy, claim


@pytest.mark.parametrize("where", [[], ["--data-dir", "DIR"]])
def test_workers_need_redis(
    where: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(tmp_path) if arg == "DIR" else arg for arg in where]
    assert main(["serve", "--workers", "2", *args]) == 2
    assert "--redis-url to share state between workers" in capsys.readouterr().err


def test_a_data_dir_serves_one_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    held = claim(tmp_path)
    try:
        with pytest.raises(DataDirBusy):
            claim(tmp_path)
        assert main(["serve", "--data-dir", str(tmp_path)]) == 2
        assert "in use by another circuithub-mock process" in capsys.readouterr().err
    finally:
        held.close()


def test_an_unreachable_redis_is_named_at_start(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--redis-url", "redis://127.0.0.1:1/0"]) == 2
    assert "Redis at redis://127.0.0.1:1/0) is unreachable" in capsys.readouterr().err
