"""The finance area: accounts, transactions (income, expense, transfer, split), categories."""
