"""enquiries 0001 and storefront 0011 move the request models between apps without touching
their tables: rows, content types (so permissions and group grants) survive, both ways."""

from tests.conftest import run_roundtrip


def test_requests_rows_content_types_and_permissions_survive_the_move(fresh_database_url):
    seen = run_roundtrip("tests.enquiries.requests_move_roundtrip", fresh_database_url)
    before, after = seen["before"], seen["after"]

    assert before["quote"][0] == "DV-2026-00001" and before["quote"][1] is not None
    assert before["lines"] == [["REF-1", 12]]
    assert before["group_permissions"] == ["storefront.change_accountrequest"]
    # Same rows, and the same content type rows under the new app label.
    for key in ("quote", "lines", "account"):
        assert after[key] == before[key]
    assert after["content_types"] == {
        model: ["enquiries", pk] for model, (_, pk) in before["content_types"].items()
    }
    assert after["group_permissions"] == ["enquiries.change_accountrequest"]
    assert seen["current"] == {
        "quote_lines": ["REF-1"],
        "accounts": 1,
        "may_change": True,
        "may_still_change_as_storefront": False,
    }
    # Back to storefront 0010 and forward again: the reverse renames back.
    assert seen["back"] == before
    assert seen["again"] == after
