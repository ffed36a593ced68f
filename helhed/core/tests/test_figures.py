from helhed.core.figures import MIN_CELL, Table, people, remembered, share


def test_counts_from_one_to_four_are_suppressed_and_so_are_shares_of_them():
    assert [str(people(n)) for n in (0, 1, 4, 5, 1234)] == ["0", "< 5", "< 5", "5", "1.234"]
    assert share(3, 100).suppressed and share(30, 4).suppressed and not share(0, 100).suppressed
    assert str(share(50, 200)) == "25,0 %"
    table = Table("T", ["a", "b"])
    table.add("x", people(2))
    assert list(table.export_rows()) == [["a", "b"], ["x", f"<{MIN_CELL}"]]


def test_remembered_figures_are_computed_once_until_asked_for_fresh_ones():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    first, at = remembered("test:one", compute)
    again, at_again = remembered("test:one", compute)
    fresh, _at = remembered("test:one", compute, fresh=True)
    assert (first, again, fresh) == (1, 1, 2) and at == at_again
