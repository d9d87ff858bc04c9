"""``models download`` against a local HTTP server: success, bad checksum, truncated and corrupt
archives, path traversal. The server runs on 127.0.0.1 inside each test and is shut down after it."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.cli import main
from game.speech.download import DownloadError, install_model
from game.speech.engines import is_vosk_model_dir

NAME = "vosk-model-tiny-test"


def model_zip(extra: dict[str, bytes] | None = None, top: str = NAME) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in ("am/final.mdl", "conf/model.conf", "graph/HCLG.fst", "README"):
            zf.writestr(f"{top}/{part}", f"fake {part}\n" * 50)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


class Files:
    """What the server serves: path -> (body, Content-Length to announce)."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[bytes, int]] = {}


@pytest.fixture
def server() -> Iterator[tuple[str, Files]]:
    files = Files()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in files.items:
                self.send_error(404)
                return
            body, length = files.items[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            return None

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", files
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def leftovers(dest: Path) -> list[str]:
    return sorted(p.name for p in dest.iterdir()) if dest.exists() else []


def test_download_installs_a_checked_model_atomically(server: tuple[str, Files], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    base, files = server
    body = model_zip()
    files.items["/m.zip"] = (body, len(body))
    digest = hashlib.sha256(body).hexdigest()
    code = main(["models", "download", NAME, "--url", f"{base}/m.zip", "--sha256", digest,
                 "--dest", str(tmp_path)])
    assert code == 0
    folder = tmp_path / NAME
    assert is_vosk_model_dir(folder)
    assert (folder / "am" / "final.mdl").read_text().startswith("fake am/final.mdl")
    assert digest in (folder / "SOURCE.json").read_text()
    assert leftovers(tmp_path) == [NAME]  # no partial folder left
    assert "Installed" in capsys.readouterr().out
    # A second run sees the model and does nothing.
    assert main(["models", "download", NAME, "--url", f"{base}/m.zip", "--dest", str(tmp_path)]) == 0
    assert "already installed" in capsys.readouterr().out


def test_bad_checksum_installs_nothing(server: tuple[str, Files], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    base, files = server
    body = model_zip()
    files.items["/m.zip"] = (body, len(body))
    code = main(["models", "download", NAME, "--url", f"{base}/m.zip", "--sha256", "0" * 64,
                 "--dest", str(tmp_path)])
    assert code == 1
    assert "checksum mismatch" in capsys.readouterr().err
    assert leftovers(tmp_path) == []


def test_truncated_download_installs_nothing(server: tuple[str, Files], tmp_path: Path) -> None:
    base, files = server
    body = model_zip()
    files.items["/cut.zip"] = (body[: len(body) // 2], len(body))  # announces more than it sends
    with pytest.raises(DownloadError, match=r"cut short|failed"):
        install_model(NAME, f"{base}/cut.zip", tmp_path)
    assert leftovers(tmp_path) == []


def test_corrupt_archive_installs_nothing(server: tuple[str, Files], tmp_path: Path) -> None:
    base, files = server
    junk = b"PK\x03\x04" + bytes(range(256)) * 40
    files.items["/junk.zip"] = (junk, len(junk))
    with pytest.raises(DownloadError, match="corrupt"):
        install_model(NAME, f"{base}/junk.zip", tmp_path)
    assert leftovers(tmp_path) == []


def test_archive_without_a_model_is_refused(server: tuple[str, Files], tmp_path: Path) -> None:
    base, files = server
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("notes/readme.txt", "no model here")
    files.items["/empty.zip"] = (buffer.getvalue(), len(buffer.getvalue()))
    with pytest.raises(DownloadError, match="no Vosk model"):
        install_model(NAME, f"{base}/empty.zip", tmp_path)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("evil", ["../escaped.txt", f"{NAME}/../../escaped.txt", "/tmp/escaped-abs.txt"])
def test_path_traversal_entry_is_refused_before_anything_is_written(
    server: tuple[str, Files], tmp_path: Path, evil: str
) -> None:
    base, files = server
    body = model_zip({evil: b"gotcha"})
    files.items["/evil.zip"] = (body, len(body))
    dest = tmp_path / "models"
    with pytest.raises(DownloadError, match="unsafe archive entry"):
        install_model(NAME, f"{base}/evil.zip", dest)
    assert leftovers(dest) == []
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path("/tmp/escaped-abs.txt").exists()


def test_a_broken_previous_install_is_replaced(server: tuple[str, Files], tmp_path: Path) -> None:
    base, files = server
    body = model_zip()
    files.items["/m.zip"] = (body, len(body))
    broken = tmp_path / NAME
    (broken / "am").mkdir(parents=True)  # conf/ and graph/ missing: not a model
    folder = install_model(NAME, f"{base}/m.zip", tmp_path)
    assert folder == broken and is_vosk_model_dir(folder)
    assert leftovers(tmp_path) == [NAME]


def test_unreachable_server_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["models", "download", NAME, "--url", "http://127.0.0.1:9/none.zip", "--dest", str(tmp_path)])
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot reach" in err and "Traceback" not in err
    assert leftovers(tmp_path) == []


def test_models_list_names_the_default_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "vosk-model-small-en-us-0.15" in out and "Speech:" in out
