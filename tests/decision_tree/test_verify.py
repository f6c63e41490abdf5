"""``models verify`` against recorded Hub answers, through the real ``huggingface_hub`` client.

Nothing here reaches the Hub: a loopback server answers from tests/fixtures/hub/.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from decision_tree.catalogue import load_catalogue
from decision_tree.catalogue_model import Catalogue
from decision_tree.verify import accepted_licences, quant_files, text_config, verify_catalogue

ROOT = Path(__file__).resolve().parents[2]
HUB = ROOT / "tests" / "fixtures" / "hub"
MODELS = HUB / "models"
SLOW_SECONDS = 2.0

# Repositories the server answers itself rather than from a file.
RENAMED = {"example/Old-Name-1B": "example/New-Name-1B"}
FAILING = {
    "example/Broken-1B": (500, {}),
    "example/Busy-1B": (429, {"Retry-After": "30"}),
}


class RecordedHub(ThreadingHTTPServer):
    """The Hub's API and file paths, answered from tests/fixtures/hub/."""

    daemon_threads = True
    gone_status = 404

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.paths: list[str] = []

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: RecordedHub
    timeout = 10  # seconds; no request may hold a server thread longer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        path = urlsplit(self.path).path
        self.server.paths.append(path)
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "models"] and len(parts) == 4:
            self._model_info("/".join(parts[2:]), head)
        elif len(parts) == 5 and parts[2] == "resolve":
            self._file("/".join(parts[:2]), parts[3], parts[4], head)
        else:
            self._send(404, {"error": "Not Found"}, head=head)

    def _model_info(self, repo: str, head: bool) -> None:
        if repo in RENAMED:
            # The Hub redirects a renamed or transferred repository to its new name.
            self.send_response(307)
            self.send_header("Location", f"/api/models/{RENAMED[repo]}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if repo in FAILING:
            status, headers = FAILING[repo]
            self._send(status, {"error": "recorded failure"}, headers, head=head)
            return
        if repo == "example/Slow-1B":
            time.sleep(SLOW_SECONDS)
            self._send(504, {"error": "Gateway Timeout"}, head=head)
            return
        path = HUB / "api" / f"{repo}.json"
        if not path.is_file():
            self._send(
                self.server.gone_status,
                {"error": "Repository not found"},
                {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"},
                head=head,
            )
            return
        self._send(200, json.loads(path.read_text(encoding="utf-8")), head=head)

    def _file(self, repo: str, revision: str, filename: str, head: bool) -> None:
        info_path = HUB / "api" / f"{repo}.json"
        if not info_path.is_file():
            self._send(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
            return
        info = json.loads(info_path.read_text(encoding="utf-8"))
        if revision not in (info["sha"], "main"):
            self._send(404, {"error": "Invalid rev id"}, {"X-Error-Code": "RevisionNotFound"})
            return
        if info["gated"]:
            message = f"Access to model {repo} is restricted. You must be authenticated."
            self._send(
                401,
                {"error": message},
                {"X-Error-Code": "GatedRepo", "X-Error-Message": message},
                head=head,
            )
            return
        path = HUB / "config" / f"{repo}.json"
        if filename != "config.json" or not path.is_file():
            self._send(
                404,
                {"error": "Entry not found"},
                {"X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found"},
                head=head,
            )
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{abs(hash(body)):x}"')
        self.send_header("X-Repo-Commit", info["sha"])
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _send(
        self,
        status: int,
        data: object,
        headers: dict[str, str] | None = None,
        *,
        head: bool = False,
    ) -> None:
        body = json.dumps(data).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the time-out test)


@pytest.fixture
def hub() -> Iterator[RecordedHub]:
    server = RecordedHub()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(MODELS)


def run(
    catalogue: Catalogue, hub: RecordedHub, *ids: str, tolerance: float = 0.02, timeout: float = 5
) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = verify_catalogue(
        catalogue, list(ids), tolerance, out, endpoint=hub.url, token=False, timeout=timeout
    )
    return status, out.getvalue().splitlines()


def test_entries_that_match_the_hub_print_nothing(catalogue: Catalogue, hub: RecordedHub) -> None:
    status, lines = run(
        catalogue, hub, "match-8b", "tagged-3b", "hybrid-vl-9b", "windowed-12b", "listener"
    )
    assert (status, lines) == (0, [])
    # config.json is read at the revision model_info reported, and not at all for a model
    # with neither a context length nor an attention block.
    sha = json.loads((HUB / "api" / "example" / "Match-8B.json").read_text())["sha"]
    assert f"/example/Match-8B/resolve/{sha}/config.json" in hub.paths
    assert "/api/models/example/Listener" in hub.paths
    assert not any(p.startswith("/example/Listener/") for p in hub.paths)


def test_parameters_are_reported_beyond_the_tolerance(
    catalogue: Catalogue, hub: RecordedHub
) -> None:
    assert run(catalogue, hub, "heavy-27b") == (
        1,
        ["heavy-27b: params_b 27.8 in the catalogue, 27.2 on the Hub (2.2% apart)"],
    )
    assert run(catalogue, hub, "heavy-27b", tolerance=0.05) == (0, [])


def test_context_is_read_from_a_vlms_text_config(catalogue: Catalogue, hub: RecordedHub) -> None:
    assert run(catalogue, hub, "long-vl-4b") == (
        1,
        ["long-vl-4b: context_tokens 262144 in the catalogue, 131072 on the Hub (100.0% apart)"],
    )


def test_attention_differences_are_reported_exactly(catalogue: Catalogue, hub: RecordedHub) -> None:
    status, lines = run(catalogue, hub, "drifted-14b", "latent-moe")
    assert status == 1
    assert lines == [
        "drifted-14b: attention.layers (all kinds) 40 in the catalogue, 48 on the Hub "
        "(num_hidden_layers)",
        "drifted-14b: attention.kv_heads 8 in the catalogue, 4 on the Hub (num_key_value_heads)",
        "latent-moe: attention.kv_lora_rank 512 in the catalogue, 256 on the Hub (kv_lora_rank)",
    ]


def test_a_different_licence_is_reported(catalogue: Catalogue, hub: RecordedHub) -> None:
    assert run(catalogue, hub, "relicensed-7b") == (
        1,
        ["relicensed-7b: licence mit in the catalogue, apache-2.0 on the Hub"],
    )


def test_a_gated_repository_is_reported_unless_its_notes_say_so(
    catalogue: Catalogue, hub: RecordedHub
) -> None:
    note = "config.json is gated: set HF_TOKEN (terms accepted) to check context and attention"
    assert run(catalogue, hub, "gated-2b") == (
        1,
        [
            "gated-2b: gated on the Hub (readers must accept its terms first), "
            "but its notes do not say so",
            f"gated-2b: {note}",
        ],
    )
    # Notes that say "gated" agree with the Hub; the unreadable config.json is only a note.
    assert run(catalogue, hub, "noted-1b") == (0, [f"noted-1b: {note}"])


def test_a_repository_without_config_json_gets_a_note(
    catalogue: Catalogue, hub: RecordedHub
) -> None:
    assert run(catalogue, hub, "params-json-24b") == (
        0,
        ["params-json-24b: no config.json on the Hub, so context and attention are unchecked"],
    )
    assert not any(p.startswith("/example/Params-Json-24B/") for p in hub.paths)


@pytest.mark.parametrize("status", [404, 401])
def test_a_repository_that_is_gone_is_reported(
    catalogue: Catalogue, hub: RecordedHub, status: int
) -> None:
    hub.gone_status = status  # 401 is what the Hub answers anonymous callers for a missing repo
    assert run(catalogue, hub, "gone-3b") == (
        1,
        ["gone-3b: example/Gone-3B is no longer on the Hub"],
    )


def test_a_renamed_repository_is_reported_and_checked_under_its_new_name(
    catalogue: Catalogue, hub: RecordedHub
) -> None:
    assert run(catalogue, hub, "old-name-1b") == (
        1,
        [
            "old-name-1b: hf_repo example/Old-Name-1B in the catalogue, example/New-Name-1B "
            "on the Hub (renamed or moved)"
        ],
    )
    assert any(p.startswith("/example/New-Name-1B/resolve/") for p in hub.paths)


def test_server_errors_and_rate_limits_are_reported_per_model(
    catalogue: Catalogue, hub: RecordedHub, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = run(catalogue, hub, "broken-1b", "busy-1b", "match-8b")
    assert status == 2  # nothing differs, but not everything could be checked
    assert lines == [
        "broken-1b: not checked: the Hub answered 500 Internal Server Error",
        "busy-1b: not checked: rate limited by the Hub (429) (retry after 30 s); try again later",
    ]
    assert "2 not checked" in capsys.readouterr().err
    # A difference elsewhere still makes it exit 1.
    assert run(catalogue, hub, "broken-1b", "heavy-27b")[0] == 1


def test_a_time_out_is_reported_for_that_model(catalogue: Catalogue, hub: RecordedHub) -> None:
    started = time.monotonic()
    status, lines = run(catalogue, hub, "match-8b", "slow-1b", timeout=0.5)
    assert time.monotonic() - started < SLOW_SECONDS + 1
    assert (status, lines) == (2, ["slow-1b: not checked: the Hub did not answer within 0.5 s"])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_an_unreachable_hub_exits_2_with_one_message(
    catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    status = verify_catalogue(catalogue, [], 0.02, out, endpoint=endpoint, token=False)
    assert status == 2
    assert out.getvalue() == ""
    err = capsys.readouterr().err
    assert err.startswith("models verify: the Hub cannot be reached: cannot connect to ")
    assert err.count("\n") == 1


def test_an_unknown_model_id_is_a_usage_error(
    catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    assert verify_catalogue(catalogue, ["match-8"], 0.02, out, endpoint="http://127.0.0.1:9") == 2
    assert "no model 'match-8' in the catalogue" in capsys.readouterr().err


def test_licence_ids_map_to_the_hubs() -> None:
    assert "llama3.1" in accepted_licences("llama-3.1")
    assert "openrail++" in accepted_licences("openrail-plus-plus")
    assert accepted_licences("apache-2.0") == ("apache-2.0", "other")


def test_text_config_overrides_the_top_level() -> None:
    config = {"model_type": "vlm", "max_position_embeddings": 4096, "text_config": {"a": 1}}
    assert text_config(config) == {"model_type": "vlm", "max_position_embeddings": 4096, "a": 1}
    assert text_config({"a": 2}) == {"a": 2}


def _cli(endpoint: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(
        HF_ENDPOINT=endpoint, HF_HOME=str(tmp_path / "hf"), HF_HUB_DISABLE_IMPLICIT_TOKEN="1"
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "decision_tree",
            "models",
            "verify",
            "--models-dir",
            str(MODELS),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_cli_end_to_end(hub: RecordedHub, tmp_path: Path) -> None:
    result = _cli(hub.url, tmp_path=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    gguf = _line_of("repo: example/Packaged-8B-GGUF")
    fp8 = _line_of("repo: example/Packaged-8B-FP8")
    shown = "tests/fixtures/hub/models/catalogue.yaml"
    assert result.stdout.splitlines() == [
        f"packaged-8b: {shown}:{gguf}:9: gguf artifact example/Packaged-8B-GGUF has no .gguf "
        "file for Q6_K",
        f"packaged-8b: {shown}:{fp8}:9: fp8 artifact example/Packaged-8B-FP8 is no longer on "
        "the Hub",
        "noted-1b: config.json is gated: set HF_TOKEN (terms accepted) to check context and "
        "attention",
        "params-json-24b: no config.json on the Hub, so context and attention are unchecked",
        "heavy-27b: params_b 27.8 in the catalogue, 27.2 on the Hub (2.2% apart)",
        "long-vl-4b: context_tokens 262144 in the catalogue, 131072 on the Hub (100.0% apart)",
        "drifted-14b: attention.layers (all kinds) 40 in the catalogue, 48 on the Hub "
        "(num_hidden_layers)",
        "drifted-14b: attention.kv_heads 8 in the catalogue, 4 on the Hub (num_key_value_heads)",
        "latent-moe: attention.kv_lora_rank 512 in the catalogue, 256 on the Hub (kv_lora_rank)",
        "relicensed-7b: licence mit in the catalogue, apache-2.0 on the Hub",
        "gated-2b: gated on the Hub (readers must accept its terms first), "
        "but its notes do not say so",
        "gated-2b: config.json is gated: set HF_TOKEN (terms accepted) to check context and "
        "attention",
        "old-name-1b: hf_repo example/Old-Name-1B in the catalogue, example/New-Name-1B "
        "on the Hub (renamed or moved)",
        "gone-3b: example/Gone-3B is no longer on the Hub",
        "broken-1b: not checked: the Hub answered 500 Internal Server Error",
        "busy-1b: not checked: rate limited by the Hub (429) (retry after 30 s); try again later",
        "slow-1b: not checked: the Hub answered 504 Gateway Timeout",
    ]
    assert result.stderr == "models verify: 11 differences in 19 models; 3 not checked\n"


def test_cli_selected_models_that_match_exit_0(hub: RecordedHub, tmp_path: Path) -> None:
    result = _cli(hub.url, "match-8b", "windowed-12b", "--tolerance", "0.01", tmp_path=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_cli_without_a_hub_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = _cli(f"http://127.0.0.1:{_closed_port()}", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "the Hub cannot be reached" in result.stderr
    assert "Traceback" not in result.stderr


def _line_of(text: str) -> int:
    for number, line in enumerate((MODELS / "catalogue.yaml").read_text().splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(text)


def test_artifact_repositories_and_gguf_quants_are_checked_at_their_line(
    catalogue: Catalogue, hub: RecordedHub
) -> None:
    status, lines = run(catalogue, hub, "packaged-8b")
    assert status == 1
    assert len(lines) == 2, lines
    gguf, fp8 = lines
    # Located at the artifact's own line, like a `models check` error.
    assert f"catalogue.yaml:{_line_of('repo: example/Packaged-8B-GGUF')}:" in gguf
    assert gguf.endswith("gguf artifact example/Packaged-8B-GGUF has no .gguf file for Q6_K")
    assert f"catalogue.yaml:{_line_of('repo: example/Packaged-8B-FP8')}:" in fp8
    assert fp8.endswith("fp8 artifact example/Packaged-8B-FP8 is no longer on the Hub")
    # Every artifact repository was asked for, the MLX one (present) included.
    for repo in ("Packaged-8B-GGUF", "Packaged-8B-4bit", "Packaged-8B-FP8"):
        assert f"/api/models/example/{repo}" in hub.paths


def test_a_quant_tag_must_stand_alone_in_a_gguf_file_name() -> None:
    files = {"m-Q4_K_M.gguf", "Q8_0/m-00001-of-00002.gguf", "m-q6_k.gguf", "notes-Q5_K_M.txt"}
    assert quant_files("Q4_K_M", files) == ["m-Q4_K_M.gguf"]
    assert quant_files("Q4_K", files) == []  # not the Q4_K_M file
    assert quant_files("Q8_0", files) == ["Q8_0/m-00001-of-00002.gguf"]
    assert quant_files("Q6_K", files) == ["m-q6_k.gguf"]
    assert quant_files("Q5_K_M", files) == []  # not a .gguf file
