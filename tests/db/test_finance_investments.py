"""Investments on both engines: holdings by average cost with hand-computed figures
(buys at two prices, fees, a partial sell, a price), half-even rounding once, the
refusals (a sell of more than is held on its day, before or after the change; a
non-investment account), and every change audited in human terms."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dashboard_tui.finance import INVESTMENT_LOT, INVESTMENT_PRICE
from dashboard_tui.finance.services import FinanceService
from dashboard_tui.finance.services.investments import parse_units, shown_units
from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.models.shared import AuditLog
from tests.conftest import TEST_CLIENT


@pytest.fixture
def fin(db, clock) -> FinanceService:
    return FinanceService(db, clock=clock, client=TEST_CLIENT)


def portfolio(fin, who):
    """Buy 10 VWCE at 100.00 + 5.00 fees (cost 1005.00); buy 5 at 110.50 + 2.50 fees
    (cost 555.00: 15 units, 1560.00, average 104.00); sell 6 at 120.00 − 3.00 fees
    (proceeds 717.00, cost removed 6 × 104.00 = 624.00, realised 93.00; left 9 units,
    936.00); price 125.00 on 31 March (market value 1125.00, unrealised 189.00)."""
    broker = fin.accounts.create_account(who, name="Broker", kind="investment", currency="EUR")
    inv = fin.investments
    inv.add_lot(
        who,
        account_id=broker.id,
        symbol="vwce",
        kind="buy",
        units="10",
        price="100",
        fees="5",
        date="2026-01-10",
    )
    inv.add_lot(
        who,
        account_id=broker.id,
        symbol="VWCE",
        kind="buy",
        units="5",
        price="110.50",
        fees="2,50",
        date="2026-02-10",
    )
    inv.add_lot(
        who,
        account_id=broker.id,
        symbol="VWCE",
        kind="sell",
        units="6",
        price="120.00",
        fees="3",
        date="2026-03-10",
    )
    inv.set_price(who, symbol="VWCE", price="125", currency="EUR", date="2026-03-31")
    return broker


def test_average_cost_holdings_by_hand(fin, make_user):
    ana = make_user("Ana")
    broker = portfolio(fin, ana)
    (vwce,) = fin.investments.holdings(ana, broker.id)
    assert vwce.symbol == "VWCE" and vwce.units_micro == 9_000_000
    assert vwce.avg_cost_minor == 10400
    assert vwce.cost_basis_minor == 93600
    assert vwce.realised_minor == 9300
    assert (vwce.price_minor, vwce.price_date) == (12500, date(2026, 3, 31))
    assert vwce.market_value_minor == 112500
    assert vwce.unrealised_minor == 18900
    # An older price does not replace the latest; a newer one does, a second on one day
    # replaces that day's.
    fin.investments.set_price(ana, symbol="VWCE", price="90", currency="EUR", date="2026-03-01")
    assert fin.investments.holdings(ana, broker.id)[0].price_minor == 12500
    fin.investments.set_price(ana, symbol="VWCE", price="130", currency="EUR", date="2026-04-01")
    fin.investments.set_price(ana, symbol="VWCE", price="100", currency="EUR", date="2026-04-01")
    now = fin.investments.holdings(ana, broker.id)[0]
    assert (now.price_minor, now.market_value_minor, now.unrealised_minor) == (10000, 90000, -3600)
    lots = fin.investments.lots(ana, broker.id, "vwce")
    assert [(x.kind, x.units_micro, x.price_minor, x.fees_minor) for x in lots] == [
        ("buy", 10_000_000, 10000, 500),
        ("buy", 5_000_000, 11050, 250),
        ("sell", 6_000_000, 12000, 300),
    ]


def test_rounding_half_even_once(fin, make_user):
    """0.5 units at 0.05 cost 0.025 EUR: 2.5 cents, rounded half-even to 2 (not 3);
    without a price there is no market value. Selling it all leaves a zero holding with
    its realised gain: proceeds 0.5 × 0.07 = 0.035, less 0.025 = 0.01 exactly."""
    ana = make_user("Ana")
    acc = fin.accounts.create_account(ana, name="B", kind="investment", currency="EUR")
    fin.investments.add_lot(
        ana,
        account_id=acc.id,
        symbol="ABC",
        kind="buy",
        units="0.5",
        price="0.05",
        date="2026-01-01",
    )
    (abc,) = fin.investments.holdings(ana, acc.id)
    assert (abc.units_micro, abc.cost_basis_minor, abc.avg_cost_minor) == (500_000, 2, 5)
    assert abc.market_value_minor is None and abc.unrealised_minor is None
    fin.investments.add_lot(
        ana,
        account_id=acc.id,
        symbol="ABC",
        kind="sell",
        units="0.5",
        price="0.07",
        date="2026-01-02",
    )
    (abc,) = fin.investments.holdings(ana, acc.id)
    assert (abc.units_micro, abc.cost_basis_minor, abc.avg_cost_minor) == (0, 0, None)
    assert abc.realised_minor == 1


def test_refusals(fin, make_user):
    ana = make_user("Ana")
    broker = portfolio(fin, ana)
    inv = fin.investments
    with pytest.raises(ValidationError) as exc:  # 9 held
        inv.add_lot(
            ana,
            account_id=broker.id,
            symbol="VWCE",
            kind="sell",
            units="9.000001",
            price="1",
            date="2026-04-01",
        )
    assert exc.value.errors["units"] == (
        "Selling 9.000001 on 2026-04-01: more than the 9 VWCE held then."
    )
    with pytest.raises(ValidationError):  # 15 held later, only 10 on 1 February
        inv.add_lot(
            ana,
            account_id=broker.id,
            symbol="VWCE",
            kind="sell",
            units="12",
            price="1",
            date="2026-02-01",
        )
    first = inv.lots(ana, broker.id)[0]
    with pytest.raises(ValidationError):  # the sell of 6 would exceed the 5 left
        inv.delete_lot(ana, first.id)
    with pytest.raises(ValidationError):
        inv.edit_lot(ana, first.id, units="0.5")
    with pytest.raises(ValidationError):  # moved after the sell: only 5 held then
        inv.edit_lot(ana, first.id, date="2026-03-11")
    with pytest.raises(ValidationError) as exc:
        inv.add_lot(
            ana,
            account_id=broker.id,
            symbol="bad sym!",
            kind="hold",
            units="-1",
            price="-2",
            fees="x",
        )
    assert set(exc.value.errors) == {"symbol", "kind", "units", "price", "fees"}
    giro = fin.accounts.create_account(ana, name="Giro", currency="EUR")
    with pytest.raises(ValidationError) as exc:
        inv.add_lot(ana, account_id=giro.id, symbol="X", kind="buy", units="1", price="1")
    assert "investment account" in exc.value.errors["account"]
    assert inv.holdings(ana, broker.id)[0].units_micro == 9_000_000  # nothing kept
    assert len(inv.lots(ana, broker.id)) == 3
    with pytest.raises(ValidationError):
        inv.holdings(make_user("Ben"), broker.id)  # not Ben's account


def test_units_parse_and_show():
    assert parse_units("2,5") == 2_500_000 and parse_units("0.000001") == 1
    assert shown_units(12_345_600_000) == "12,345.6" and shown_units(10_000_000) == "10"
    for bad in ("0", "1e3", "1.0000001", "", "-1", "1.2.3"):
        with pytest.raises(ValidationError):
            parse_units(bad)


def test_changes_audited_in_human_terms(fin, db, make_user):
    ana = make_user("Ana")
    broker = portfolio(fin, ana)
    sell = fin.investments.lots(ana, broker.id)[-1]
    fin.investments.edit_lot(ana, sell.id, units="5")
    fin.investments.edit_lot(ana, sell.id, units="5.0")  # no change: no row
    fin.investments.delete_lot(ana, sell.id)
    fin.investments.set_price(ana, symbol="VWCE", price="126", currency="EUR", date="2026-03-31")
    with db.transaction(read_only=True) as s:
        rows = list(
            s.scalars(
                select(AuditLog)
                .where(AuditLog.entity.in_(("investment_lot", "investment_price")))
                .order_by(AuditLog.seq)
            )
        )
    entities = {"investment_lot": INVESTMENT_LOT, "investment_price": INVESTMENT_PRICE}
    said = [(r.action, entities[r.entity].title_of(r.after or r.before)) for r in rows]
    assert said == [
        ("finance.lot.created", "Bought 10 VWCE at 100.00 EUR, fees 5.00 EUR"),
        ("finance.lot.created", "Bought 5 VWCE at 110.50 EUR, fees 2.50 EUR"),
        ("finance.lot.created", "Sold 6 VWCE at 120.00 EUR, fees 3.00 EUR"),
        ("finance.price.created", "Price of VWCE on 2026-03-31: 125.00 EUR"),
        ("finance.lot.edited", "Sold 5 VWCE at 120.00 EUR, fees 3.00 EUR"),
        ("finance.lot.deleted", "Sold 5 VWCE at 120.00 EUR, fees 3.00 EUR"),
        ("finance.price.edited", "Price of VWCE on 2026-03-31: 126.00 EUR"),
    ]
    assert all(r.user_id == ana.user.id for r in rows)
