"""The finance area: accounts (with credit card details), transactions (income,
expense, transfer, split), categories in a hierarchy; an hledger/CSV export.

This module is the area's whole declaration (kit/entity.py says what feeds from it).
It stays light: the services and the screens are named by import path and loaded
when first needed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard_tui.kit.entity import Area, Entity, Reading, Show

MODELS = "dashboard_tui.models.finance"
REPOSITORIES = "dashboard_tui.finance.repository"
MINUS = "−"  # U+2212: what a person reads; the parser takes it back too


# -- how stored values read -------------------------------------------------------------
def yes_no(value: Any, reading: Reading) -> str:
    return "yes" if value else "no"


def parts(value: Any, reading: Reading) -> str:
    """A split's parts, one a line: "Groceries −8.00 EUR (milk)"."""
    if not isinstance(value, list) or not value:
        return "none"
    lines = []
    for part in value:
        if not isinstance(part, dict):
            lines.append(str(part))
            continue
        memo = f" ({part['memo']})" if part.get("memo") else ""
        lines.append(f"{part.get('category') or 'Uncategorised'} {part.get('amount', '')}{memo}")
    return "\n".join(lines)


# -- titles: one record named from its audit image ------------------------------------------
def transaction_title(image: Mapping[str, Any]) -> str:
    """ "Groceries −12.50 EUR at Lidl, Main checking"."""
    what = image.get("category") or ("Transfer" if image.get("transfer_id") else "")
    if image.get("splits"):
        what = "Split"
    at = f" at {image['payee']}" if image.get("payee") else ""
    account = f", {image['account']}" if image.get("account") else ""
    return f"{what or 'Uncategorised'} {image['amount']}{at}{account}"


def account_title(image: Mapping[str, Any]) -> str:
    return f"Account {image['name']}"


def card_title(image: Mapping[str, Any]) -> str:
    return f"Card details of {image['account']}"


def category_title(image: Mapping[str, Any]) -> str:
    return f"Category {image['name']}"


def schedule_title(image: Mapping[str, Any]) -> str:
    """ "Schedule Rent −950.00 EUR monthly on day 1, Main checking"."""
    what = image.get("payee") or image.get("category") or "Uncategorised"
    to = f" to {image['transfer_to']}" if image.get("transfer_to") else ""
    account = f", {image['account']}" if image.get("account") else ""
    return f"Schedule {what} {image['amount']}{to} {image['rule']}{account}"


def budget_title(image: Mapping[str, Any]) -> str:
    """ "Groceries, March 2026: budget 300.00 EUR → 350.00 EUR" (a change's after
    image keeps what it was in `was`)."""
    amount = f"{image['was']} → {image['amount']}" if image.get("was") else image["amount"]
    return f"{image['category']}, {image['month_label']}: budget {amount}"


ACCOUNT = Entity(
    "financial_account",
    "finance",
    "account",
    "Account",
    f"{MODELS}:FinancialAccount",
    fields=(
        Show("name", "Name"),
        Show("kind", "Kind"),
        Show("currency", "Currency"),
        Show("opening_balance", "Opening balance"),
        Show("archived", "Archived", yes_no),
        # finance.account.imported: one entry per CSV import into the account
        Show("file", "Imported file"),
        Show("profile", "Import profile"),
        Show("added", "Rows added"),
        Show("duplicates", "Duplicates skipped"),
        Show("categorised", "Categorised by rule"),
        Show("total", "Total added"),
    ),
    title=account_title,
    repository=f"{REPOSITORIES}:AccountRepository",
)
CREDIT_CARD = Entity(
    "credit_card",
    "finance",
    "card",
    "Credit card",
    f"{MODELS}:CreditCard",
    fields=(
        Show("limit", "Limit"),
        Show("statement_day", "Statement day"),
        Show("due_day", "Due day"),
    ),
    title=card_title,
)
TRANSACTION = Entity(
    "transaction",
    "finance",
    "transaction",
    "Transaction",
    f"{MODELS}:Transaction",
    fields=(
        Show("date", "Date"),
        Show("account", "Account"),
        Show("payee", "Payee"),
        Show("category", "Category"),
        Show("amount", "Amount"),
        Show("splits", "Split", parts),
        Show("transfer_with", "Transfer with"),
        Show("status", "Status"),
        Show("memo", "Notes"),
        Show("tags", "Tags"),
    ),
    title=transaction_title,
    repository=f"{REPOSITORIES}:TransactionRepository",
)
CATEGORY = Entity(
    "finance_category",
    "finance",
    "category",
    "Category",
    "dashboard_tui.models.shared:CatalogItem",
    fields=(
        Show("name", "Category"),
        Show("kind", "Kind"),
        Show("merged_into", "Merged into"),
        Show("moved", "Re-categorised"),
    ),
    title=category_title,
)

SCHEDULE = Entity(
    "scheduled_transaction",
    "finance",
    "schedule",
    "Scheduled transaction",
    f"{MODELS}:ScheduledTransaction",
    fields=(
        Show("account", "Account"),
        Show("transfer_to", "Transfer to"),
        Show("payee", "Payee"),
        Show("category", "Category"),
        Show("amount", "Amount"),
        Show("rule", "Repeats"),
        Show("rrule", "RRULE"),
        Show("dtstart", "Starts"),
        Show("next_due", "Next due"),
        Show("active", "Active", yes_no),
        Show("memo", "Notes"),
    ),
    title=schedule_title,
)
BUDGET = Entity(
    "budget",
    "finance",
    "budget",
    "Budget",
    f"{MODELS}:Budget",
    fields=(
        Show("category", "Category"),
        Show("month_label", "Month"),
        Show("amount", "Budget"),
    ),
    title=budget_title,
)


def rate_title(image: Mapping[str, Any]) -> str:
    """ "Rate 1 USD = 0.9234 EUR on 2026-11-28"."""
    return (
        f"Rate 1 {image['from_currency']} = {image['rate']} {image['to_currency']} "
        f"on {image['date']}"
    )


EXCHANGE_RATE = Entity(
    "exchange_rate",
    "finance",
    "rate",
    "Exchange rate",
    f"{MODELS}:ExchangeRate",
    fields=(Show("pair", "Currencies"), Show("rate", "Rate"), Show("date", "Date")),
    title=rate_title,
)


def mapping_lines(value: Any, reading: Reading) -> str:
    """An import profile's mapping, one "key: value" a line (empty ones left out)."""
    if not isinstance(value, dict):
        return str(value)
    return "\n".join(f"{k}: {v}" for k, v in value.items() if v not in ("", None, 0)) or "none"


IMPORT_PROFILE = Entity(
    "import_profile",
    "finance",
    "import_profile",
    "Import profile",
    f"{MODELS}:ImportProfile",
    fields=(Show("name", "Name"), Show("mapping", "Mapping", mapping_lines)),
    title=lambda image: f"Import profile {image['name']}",
)
PAYEE_RULE = Entity(
    "payee_rule",
    "finance",
    "payee_rule",
    "Payee rule",
    f"{MODELS}:PayeeRule",
    fields=(
        Show("contains", "Payee contains"),
        Show("category", "Category"),
        Show("recategorised", "Transactions re-categorised"),
    ),
    title=lambda image: f"Rule {image['contains']} → {image['category']}",
)


def lot_title(image: Mapping[str, Any]) -> str:
    """ "Bought 10 VWCE at 102.50 EUR" (fees, when there are any, after)."""
    verb = "Bought" if image.get("kind") == "buy" else "Sold"
    fees = f", fees {image['fees']}" if image.get("fees_minor") else ""
    return f"{verb} {image['units']} {image['symbol']} at {image['price']}{fees}"


INVESTMENT_LOT = Entity(
    "investment_lot",
    "finance",
    "lot",
    "Investment lot",
    f"{MODELS}:InvestmentLot",
    fields=(
        Show("account", "Account"),
        Show("date", "Date"),
        Show("kind", "Buy or sell"),
        Show("symbol", "Symbol"),
        Show("units", "Units"),
        Show("price", "Price per unit"),
        Show("fees", "Fees"),
    ),
    title=lot_title,
)
INVESTMENT_PRICE = Entity(
    "investment_price",
    "finance",
    "price",
    "Investment price",
    f"{MODELS}:InvestmentPrice",
    fields=(Show("symbol", "Symbol"), Show("date", "Date"), Show("price", "Price per unit")),
    title=lambda image: f"Price of {image['symbol']} on {image['date']}: {image['price']}",
)

AREA = Area(
    "finance",
    "Finance",
    entities=(
        ACCOUNT,
        CREDIT_CARD,
        TRANSACTION,
        CATEGORY,
        SCHEDULE,
        BUDGET,
        IMPORT_PROFILE,
        PAYEE_RULE,
        EXCHANGE_RATE,
        INVESTMENT_LOT,
        INVESTMENT_PRICE,
    ),
    key="2",
    summary="Accounts, transactions, categories",
    audit_groups={"finance": "Finance"},
    services="dashboard_tui.finance.services:FinanceService",
    search="dashboard_tui.finance.services.search:search",
    ui="dashboard_tui.finance.ui.navigate:AREA_UI",
    week="dashboard_tui.finance.week:tile",
    stored_rules="dashboard_tui.finance.rules:STORED_RULES",
)
