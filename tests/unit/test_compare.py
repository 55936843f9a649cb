"""tests/conformance/compare.py: what the side-by-side comparison lets through and what not."""

from __future__ import annotations

from tests.conformance.compare import differences


def _job(start: int, name: str = "a") -> dict[str, object]:
    return {"jobs": [{"job_id": 7, "name": name, "start_time": start, "end_time": start + 600}]}


def test_values_differ_without_a_second_reading() -> None:
    assert sorted(differences(_job(100), _job(102))) == [
        ".jobs[0].end_time: 700 != 702",
        ".jobs[0].start_time: 100 != 102",
    ]


def test_a_value_between_the_references_two_readings_stands() -> None:
    assert differences(_job(100), _job(102), after=_job(103)) == []
    assert differences(_job(100), _job(103), after=_job(103)) == []


def test_a_value_outside_the_references_readings_does_not() -> None:
    assert sorted(differences(_job(100), _job(104), after=_job(103))) == [
        ".jobs[0].end_time: 700 != 704",
        ".jobs[0].start_time: 100 != 104",
    ]
    assert differences(_job(100), _job(99), after=_job(103)) != []


def test_a_value_the_reference_did_not_move_must_be_equal() -> None:
    # The second reading moved start_time only: name is still compared exactly.
    assert differences(_job(100, "a"), _job(102, "b"), after=_job(103, "a")) == [
        '.jobs[0].name: "a" != "b"'
    ]


def test_strings_stand_only_as_one_of_the_readings() -> None:
    assert differences({"state": "PENDING"}, {"state": "RUNNING"}, after={"state": "RUNNING"}) == []
    assert differences({"state": "PENDING"}, {"state": "FAILED"}, after={"state": "RUNNING"}) != []


def test_a_list_that_grew_between_the_readings() -> None:
    assert differences({"jobs": [1]}, {"jobs": [1, 2]}, after={"jobs": [1, 2]}) == []
    assert differences({"jobs": [1]}, {"jobs": [1, 2]}) == [".jobs: 1 items != 2"]


def test_true_is_not_one() -> None:
    assert differences({"t": 1}, {"t": True}) == [".t: 1 != true"]


def test_a_type_change_is_never_in_between() -> None:
    assert differences({"t": 1}, {"t": "2"}, after={"t": 3}) != []
    assert differences({"t": 1}, {"t": True}, after={"t": 3}) != []
