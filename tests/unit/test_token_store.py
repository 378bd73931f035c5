"""Where the login token is kept: a real keyring, or fail closed."""

from __future__ import annotations

import stat

import keyring
import pytest
from keyring.backends import fail, null

from dashboard_tui.account.token_store import (
    NO_KEYRING_NOTICE,
    FileTokenStore,
    KeyringTokenStore,
    MemoryTokenStore,
    choose_token_store,
)


def choose(tmp_path, remember=False):
    return choose_token_store(
        "sqlite:///x", remember_insecurely=remember, file_path=tmp_path / "s" / "token"
    )


def test_a_real_keyring_backend_is_used(tmp_path, _isolated):
    choice = choose(tmp_path)
    assert isinstance(choice.store, KeyringTokenStore) and choice.notice is None
    choice.store.set("tok")
    assert choice.store.get() == "tok"
    assert "tok" in _isolated.secrets.values()
    choice.store.delete()
    assert choice.store.get() is None and not _isolated.secrets


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring], ids=["fail", "null"])
def test_no_real_keyring_means_memory_and_one_notice(tmp_path, backend):
    keyring.set_keyring(backend())
    choice = choose(tmp_path)
    assert isinstance(choice.store, MemoryTokenStore)
    assert choice.notice == NO_KEYRING_NOTICE
    assert not (tmp_path / "s").exists()


def test_plaintext_keyring_counts_as_no_keyring(tmp_path):
    class PlaintextKeyring(null.Keyring):  # stands in for keyrings.alt's backend
        priority = 1

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    assert isinstance(choose(tmp_path).store, MemoryTokenStore)


def test_opt_in_file_is_private_atomic_and_removed_on_delete(tmp_path):
    keyring.set_keyring(fail.Keyring())
    choice = choose(tmp_path, remember=True)
    store = choice.store
    assert isinstance(store, FileTokenStore) and "private file" in choice.notice
    store.set("first")
    store.set("second")
    assert store.get() == "second"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert [p.name for p in store.path.parent.iterdir()] == [store.path.name]  # no temp left
    store.delete()
    assert store.get() is None and not store.path.exists()
