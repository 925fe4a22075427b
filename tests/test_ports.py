"""The ports hold contracts, not data (docs/decisions/ports-by-concept.md): every class a
module of ``jmo.usecases.ports`` defines is a Protocol or an exception its contract raises;
the values the ports pass live in the domain. The package re-exports nothing, so each
port has one import path."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

import jmo.usecases.ports as ports_package

# Wiring, not a domain value: the senders (ports) by channel and the retry policy.
WIRING = {"jmo.usecases.ports.notices.Delivery"}


def port_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{ports_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(ports_package.__path__)
    ]


def is_protocol(cls: type) -> bool:
    return Protocol in cls.__mro__[1:] and bool(getattr(cls, "_is_protocol", False))


def test_port_modules_define_only_protocols_and_their_exceptions() -> None:
    modules = port_modules()
    assert len(modules) >= 10  # the walk found the package's modules
    data = [
        f"{module.__name__}.{name}"
        for module in modules
        for name, cls in vars(module).items()
        if inspect.isclass(cls)
        and cls.__module__ == module.__name__
        and not is_protocol(cls)
        and not issubclass(cls, Exception)
    ]
    assert sorted(data) == sorted(WIRING)


def test_the_package_re_exports_nothing() -> None:
    public = [name for name in vars(ports_package) if not name.startswith("_")]
    # Only the submodules the walk above imported appear as attributes.
    assert set(public) <= {info.name for info in pkgutil.iter_modules(ports_package.__path__)}


def test_a_dataclass_in_a_port_module_is_caught() -> None:
    @dataclass(frozen=True)
    class Value:
        amount: int

    class Port(Protocol):
        def get(self) -> Value: ...

    assert not is_protocol(Value)
    assert is_protocol(Port)
