"""Matching a draft to a gold registry: on value, target year, comparator and type."""

from xtforecast.drafting.score import match_goals, quote_overlap


def _g(id, value, year=2022, cmp=">=", type="level", **kw):
    return {"id": id, "value": value, "target_year": year, "comparator": cmp, "type": type} | kw


def test_match_needs_all_four_keys():
    gold = [_g("a", 500), _g("b", 2.0, type="share"), _g("c", 100, type="cumulative", window=[2020, 2022])]
    draft = [_g("x", 500, cmp=">"),                        # comparator wrong -> spurious
             _g("y", 2.0, type="share"),                    # matches b
             _g("z", 100, type="cumulative", window=[2021, 2022])]  # matches c, window disagrees
    sc = match_goals(draft, gold)
    assert (sc.matched, len(sc.missed), len(sc.spurious)) == (2, 1, 1)
    assert [m["id"] for m in sc.missed] == ["a"] and [s["id"] for s in sc.spurious] == ["x"]
    assert sc.recall == 2 / 3 and sc.precision == 2 / 3
    assert sc.fields["window"] == 0.5


def test_ties_go_to_the_same_region_and_each_goal_is_used_once():
    gold = [_g("q", -1, type="rank", region="qinghe"), _g("n", -1, type="rank", region="ningjin")]
    draft = [_g("d1", -1, type="rank", region="ningjin"), _g("d2", -1, type="rank", region="qinghe"),
             _g("d3", -1, type="rank", region="qinghe")]
    sc = match_goals(draft, gold)
    assert sorted((d["id"], g["id"]) for d, g in sc.pairs) == [("d1", "n"), ("d2", "q")]
    assert [s["id"] for s in sc.spurious] == ["d3"] and sc.fields["region"] == 1.0


def test_class_values_compare_as_labels_and_quote_overlap():
    sc = match_goals([_g("d", "B", type="class", cmp="<=")], [_g("g", "B", type="class", cmp="<=")])
    assert sc.matched == 1
    assert quote_overlap("abc", "abc") == 1.0 and 0 < quote_overlap("2020年,abc", "abc") < 1
