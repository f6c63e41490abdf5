"""The built catalogue: the page lists every model, models.json matches its schema and the data."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from jsonschema import Draft7Validator

from decision_tree.catalogue import load_catalogue
from decision_tree.catalogue_model import TYPE_NAMES
from decision_tree.catalogue_view import model_anchor
from decision_tree.export import EXPORT_SCHEMA_PATH, export

CATALOGUE = load_catalogue()


class _Rows(HTMLParser):
    """Collect the model rows (ids, anchors, data attributes) and headings of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "tr" and "data-types" in found:
            self.rows[found["data-dt-model"]] = found
        self._in_h2 = tag == "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2 and data.strip():
            self.h2.append(data.strip())
            self._in_h2 = False


def _page(site: Path) -> _Rows:
    parser = _Rows()
    parser.feed((site / "models" / "index.html").read_text(encoding="utf-8"))
    return parser


def test_the_catalogue_page_lists_every_model_with_an_anchor(built_site: Path) -> None:
    page = _page(built_site)
    assert set(page.rows) == set(CATALOGUE.models)
    for model in CATALOGUE:
        row = page.rows[model.id]
        assert row["id"] == model_anchor(model.id)
        assert row["data-commercial"] == model.licence.commercial
        assert model.type in row["data-types"].split()


def test_the_page_is_grouped_by_type(built_site: Path) -> None:
    page = _page(built_site)
    present = {m.type for m in CATALOGUE}
    assert [h for h in page.h2 if h in TYPE_NAMES.values()] == [
        TYPE_NAMES[t] for t in TYPE_NAMES if t in present
    ]


def test_non_commercial_models_are_marked_in_words(built_site: Path) -> None:
    html = (built_site / "models" / "index.html").read_text(encoding="utf-8")
    banned = [m for m in CATALOGUE if m.licence.commercial == "no"]
    assert banned
    for model in banned:
        row = html[html.index(f'id="{model_anchor(model.id)}"') :]
        row = row[: row.index("</tr>")]
        assert "Not for commercial use" in row, model.id


def test_models_json_is_the_catalogue_and_matches_its_published_schema(built_site: Path) -> None:
    data = json.loads((built_site / "models.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "models.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(EXPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema).iter_errors(data))
    assert not errors, errors[:3]
    assert data == json.loads(json.dumps(export(CATALOGUE)))
    qwen = next(m for m in data if m["id"] == "qwen3-32b")
    assert qwen["weights_gb"]["bf16"] == round(qwen["params_b"] * 2, 1)
    assert qwen["kv_gb_per_1k_tokens"] > 0


def test_type_pages_draw_their_tables_from_the_catalogue(built_site: Path) -> None:
    page = (built_site / "model-types" / "speech-to-text-models" / "index.html").read_text(
        encoding="utf-8"
    )
    ids = re.findall(r'<tr data-dt-model="([^"]+)"', page)
    assert ids, "the speech-to-text page has no generated model table"
    for model_id in ids:
        model = CATALOGUE.models[model_id]
        row = page[page.index(f'<tr data-dt-model="{model_id}"') :]
        row = row[: row.index("</tr>")]
        assert model.name in row
        assert model.licence.name in row
        assert f"../../models/#{model_anchor(model_id)}" in row
