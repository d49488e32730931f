"""The 2008 standard: a flat rate on the whole base, brackets closed above, rounded half up to the fen."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from qizhi.dues.standard import monthly_standard, parse_base

EDGES = [
    ("serving", "0.00", "0.00"),
    ("serving", "1234.50", "6.17"),  # 6.1725 → 6.17
    ("serving", "3000.00", "15.00"),
    ("serving", "3000.01", "30.00"),  # 30.0001: the whole base at 1%, not 0.5% on the first 3,000
    ("serving", "3333.50", "33.34"),  # 33.335 → 33.34 (half up)
    ("serving", "5000.00", "50.00"),
    ("serving", "5000.01", "75.00"),  # 75.00015
    ("serving", "8888.88", "133.33"),  # 133.3332
    ("serving", "10000.00", "150.00"),
    ("serving", "10000.01", "200.00"),  # 200.0002
    ("serving", "1000000.00", "20000.00"),
    ("retired", "5000.00", "25.00"),
    ("retired", "5000.01", "50.00"),  # 50.0001
    ("retired", "2999.99", "15.00"),  # 14.99995 → 15.00
    ("fixed", "0.20", "0.20"),
    ("fixed", "1.00", "1.00"),
]


@pytest.mark.parametrize("kind,base,amount", EDGES)
def test_it_pays_the_flat_rate_of_the_bracket_at_every_edge(kind, base, amount):
    assert monthly_standard(Decimal(base), kind) == Decimal(amount)


@pytest.mark.parametrize(
    "kind,base,field",
    [
        ("serving", "-0.01", "base"),
        ("serving", "1000000.01", "base"),
        ("serving", "3000.001", "base"),
        ("fixed", "0.19", "base"),
        ("fixed", "1.01", "base"),
        ("student", "3000", "kind"),
    ],
)
def test_it_refuses_a_bad_base_or_kind_naming_the_field(kind, base, field):
    with pytest.raises(ValidationError) as caught:
        monthly_standard(Decimal(base), kind)
    assert field in caught.value.message_dict


@pytest.mark.parametrize("text", ["", "abc", "NaN", "Infinity", "1e400", "-5", "3,000.001"])
def test_it_parses_only_plausible_amounts(text):
    with pytest.raises(ValidationError) as caught:
        parse_base(text)
    assert "base" in caught.value.message_dict


def test_it_reads_a_thousands_separator():
    assert parse_base(" 3,000.01 ") == Decimal("3000.01")


# --- Against a naive reference in whole fen ------------------------------------------------------


def naive(fen: int, kind: str) -> int:
    """The rule as a clerk computes it: pick the rate by the base, multiply, round half up, in fen."""
    if kind == "serving":
        if fen <= 300000:
            per_10000 = 50
        elif fen <= 500000:
            per_10000 = 100
        elif fen <= 1000000:
            per_10000 = 150
        else:
            per_10000 = 200
    elif fen <= 500000:
        per_10000 = 50
    else:
        per_10000 = 100
    return (fen * per_10000 * 2 + 10000) // 20000  # half up: floor(x + 0.5)


fens = st.integers(min_value=0, max_value=100_000_000)
kinds = st.sampled_from(["serving", "retired"])


@given(fen=fens, kind=kinds)
def test_it_agrees_with_the_naive_reference(fen, kind):
    amount = monthly_standard(Decimal(fen) / 100, kind)
    assert amount == Decimal(naive(fen, kind)) / 100
    assert amount == amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def bracket(fen: int, kind: str) -> int:
    bounds = (300000, 500000, 1000000) if kind == "serving" else (500000,)
    return sum(fen > b for b in bounds)


@given(a=fens, b=fens, kind=kinds)
def test_it_is_monotone_in_the_base_within_a_bracket_and_never_falls_across_one(a, b, kind):
    low, high = sorted((a, b))
    low_amount = monthly_standard(Decimal(low) / 100, kind)
    high_amount = monthly_standard(Decimal(high) / 100, kind)
    assert low_amount <= high_amount
    if bracket(low, kind) < bracket(high, kind):
        assert low_amount < high_amount
