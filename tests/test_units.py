"""tzcli.units: metric values to the precision of the stated value, per-person units."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tzcli.cli import cli
from tzcli.units import (
    format_metric,
    format_quantity,
    significant_figures,
    to_metric,
    to_significant,
)

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")


@pytest.mark.parametrize(
    ("value", "unit", "metric", "metric_unit"),
    [
        ("2626", "mu", "175.1", "ha"),  # four significant figures, as 2626 has
        ("280", "mu", "18.7", "ha"),
        ("600", "mu", "40", "ha"),
        ("100", "mu", "6.67", "ha"),
        ("0.077", "mu_per_person", "0.0051", "ha_per_person"),
        ("113340000", "yuan", "113.34", "million_yuan"),  # a shift of the point: exact
        ("142500", "yuan", "0.1425", "million_yuan"),
        ("2000", "yuan_per_person", "2000", "yuan_per_person"),  # never CNY millions a head
        ("1.46", "people_per_household", "1.46", "people_per_household"),
    ],
)
def test_to_metric(value: str, unit: str, metric: str, metric_unit: str) -> None:
    assert to_metric(Decimal(value), unit) == (Decimal(metric), metric_unit)
    assert str(to_metric(Decimal(value), unit)[0]) == metric


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=4))
def test_hectares_keep_the_significant_figures_of_the_mu(number: int, places: int) -> None:
    mu = Decimal(number).scaleb(-places)
    hectares, unit = to_metric(mu, "mu")
    assert unit == "ha" and hectares is not None
    assert significant_figures(hectares) <= significant_figures(mu)
    exact = mu / 15
    step = Decimal(1).scaleb(exact.adjusted() - significant_figures(mu) + 1)
    assert abs(hectares - exact) <= step / 2


def test_to_significant_rounds_half_away_from_zero() -> None:
    assert to_significant(Decimal("0.005146666"), 2) == Decimal("0.0051")
    assert to_significant(Decimal("18.65"), 3) == Decimal("18.7")
    assert to_significant(Decimal("46.875"), 1) == 50
    assert to_significant(Decimal(0), 3) == 0


@pytest.mark.parametrize(
    ("value", "unit", "en", "zh"),
    [
        ("2000", "yuan_per_person", "CNY 2,000/person", "2000元/人"),
        ("0.077", "mu_per_person", "0.077 mu/person", "0.077亩/人"),
        ("1.46", "people_per_household", "1.46 per household", "1.46人/户"),
    ],
)
def test_per_person_units_are_named(value: str, unit: str, en: str, zh: str) -> None:
    assert format_quantity(Decimal(value), unit) == en
    assert format_quantity(Decimal(value), unit, lang="zh") == zh


def test_metric_per_person_and_stated_in_words() -> None:
    assert format_metric(Decimal("0.077"), "mu_per_person") == "0.0051 ha/person"
    assert format_metric(Decimal("0.077"), "mu_per_person", lang="zh") == "0.0051公顷/人"
    assert format_metric(Decimal("2000"), "yuan_per_person") == "CNY 2,000/person"
    assert format_metric(Decimal("2626"), "mu") == "175.1 ha"
    assert format_metric(Decimal("113340000"), "yuan") == "CNY 113.34 million"


#: A number with more digits after the point than any figure of the data is given to.
_LONG = re.compile(r"\d\.\d{7,}")


@pytest.mark.parametrize(
    "args",
    [
        ["facts"],
        ["indicators"],
        ["stats"],
        ["projects"],
        ["plans"],
        ["poverty"],
        ["show", "profile.arable_land"],
        ["show", "profile.arable_land_per_rural_resident"],
        ["show", "economy.tax_revenue_per_resident"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "markdown"])
def test_metric_output_is_rounded_everywhere(args: list[str], fmt: str) -> None:
    """--units metric never prints 0.005146666666666666666666666667 ha."""
    result = CliRunner().invoke(cli, ["--units", "metric", *args, "-f", fmt])
    assert result.exit_code == 0, result.output
    assert not _LONG.search(result.stdout), _LONG.search(result.stdout)


def test_per_person_amounts_are_not_in_millions() -> None:
    rows = json.loads(
        CliRunner()
        .invoke(cli, ["--units", "metric", "indicators", "--topic", "economy", "-f", "json"])
        .stdout
    )
    tax = next(r for r in rows if r["id"] == "economy.tax_revenue_per_resident")
    assert (tax["value_metric"], tax["unit_metric"]) == (1800, "yuan_per_person")
