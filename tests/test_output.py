"""The table writer is tabulate's ``simple`` format (headers unpadded), exactly, only fast enough for 30,000 rows."""
from hypothesis import given, settings
from hypothesis import strategies as st
from refgraph.output import _cell, _column, _simple, _table, tabulate_simple

cells = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.text(alphabet="abcdefghij_", min_size=1, max_size=10), min_size=n, max_size=n),
    st.lists(st.lists(cells, min_size=n, max_size=n), max_size=6))))
def test_simple_table_is_tabulates(table):
    headers, body = table
    body = [row for row in body if all(c.isprintable() for c in row)]
    columns = [[row[i] for row in body] for i in range(len(headers))]
    assert _simple(headers, columns) == tabulate_simple(body, headers)


def test_table_examples():
    rows = [{"name": "Zoë Ångström", "title": " CFO ", "n": 3, "x": 0.12345, "ok": True, "none": None},
            {"name": "王小明", "title": "", "n": 12, "x": 1.0, "ok": False, "none": None}]
    assert _table(rows, ["name", "title", "n", "x", "ok", "none"]) == (
        "name          title  n   x      ok   none\n"
        "------------  -----  --  -----  ---  ----\n"
        "Zoë Ångström  CFO    3   0.123  yes\n"
        "王小明               12  1.000  no")
    # a line break in a cell is a space (a row is one line); a no-break space goes to tabulate
    assert _table([{"a": "one\ntwo", "b": "x"}], ["a", "b"]) == "a        b\n-------  -\none two  x"
    assert _table([{"a": "one\xa0two", "b": "x"}], ["a", "b"]) == tabulate_simple([["one\xa0two", "x"]], ["a", "b"])


values = st.one_of(cells, st.none(), st.floats(allow_nan=False), st.integers(), st.booleans(), st.dates(),
                   st.lists(cells, max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=8) | st.lists(st.one_of(cells, st.none()), max_size=8)
       | st.lists(st.floats(allow_nan=False), max_size=8) | st.lists(st.integers(), max_size=8))
def test_a_column_converts_as_each_cell_would(column):
    assert _column(column) == [str(_cell(v)) for v in column]
