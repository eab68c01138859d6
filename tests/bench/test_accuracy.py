"""The bench's accuracy columns: field precision / recall / F1 and the values held back as suggestions."""

from bench.accuracy import field_f1, field_scores, held_counts


def test_field_scores_count_a_wrong_value_against_precision_and_a_missing_one_against_recall():
    expected = {"first_name": "Nadia", "city": "Lille", "age": 41}
    scores = field_scores([(expected, {"first_name": "Nadia", "city": "Lens"})])
    assert scores == {"precision": 0.5, "recall": 1 / 3, "f1": 0.4}
    assert field_f1([(expected, {"first_name": "Nadia", "city": "Lens"})]) == 0.4
    assert field_scores([(expected, {})]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_held_values_are_counted_right_or_wrong_by_the_expected_card():
    expected = {"city": "Lille", "age": 41}
    assert held_counts([(expected, {"city": "Lille", "age": 14, "company": "Acmo"})]) == {"right": 1, "wrong": 2}
    assert held_counts([(expected, {})]) == {"right": 0, "wrong": 0}
