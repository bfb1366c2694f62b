"""Models that moved into core keep their rows, their content type and its permissions on a
database migrated before the move (core/model_moves.py)."""

from tests.conftest import run_roundtrip


def test_models_moved_to_core_keep_their_rows_content_types_and_permissions(
    fresh_database_url,
):
    seen = run_roundtrip("tests.core.moved_models_roundtrip", fresh_database_url)
    assert set(seen["before"]) == {"contentgeneration", "schedulerheartbeat"}
    for model, before in seen["before"].items():
        after = seen["after"][model]
        assert after["row"] == before["row"]
        # The same content type row, renamed: permissions and grants follow it.
        assert after["content_type"] == ["core", before["content_type"][1]]
        assert before["group_permissions"] == [f"{before['content_type'][0]}.view_{model}"]
        assert after["group_permissions"] == [f"core.view_{model}"]
