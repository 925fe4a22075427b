"""The error codes an API operation can answer with, read from the code itself.

Starting at a route's endpoint and its dependencies, the walk follows every function and
class the source refers to inside ``jmo`` and notes each ``DomainError`` it constructs
(``NotFound("claim")`` -> ``claim.not_found``; ``ValidationFailed`` -> ``validation_failed``).
A method called on a value whose type the source does not name (``uow.claims.add``,
``faces.match``) is followed into every ``jmo`` class defining a method of that name: the
list may hold a code an operation never meets in practice, never miss one it does. So the
document cannot drift from the code: a new ``raise`` is in the next document.

An error whose code is not a literal (``DomainError(code)``) cannot be read; such a site is
an ``Unreadable`` and tests/api/test_contract.py keeps their list empty or explained.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from types import FunctionType, MethodType, ModuleType
from typing import Any

import jmo
from jmo.domain.biometric import CODE_PRIORITY
from jmo.domain.errors import DomainError, NotFound, ValidationFailed

# Where a walk may go. The edge packages hold no use-case rule; the CLI and demo are not
# reached from a route; i18n only turns codes into sentences.
_SKIPPED_PACKAGES = ("jmo.web", "jmo.cli", "jmo.demo", "jmo.i18n", "jmo.storage.migrations")


@dataclass(frozen=True, order=True)
class RaisedError:
    code: str
    kind: type[DomainError] = field(compare=False)


@dataclass(frozen=True, order=True)
class Unreadable:
    """A ``DomainError`` built with a code that is not a string literal."""

    where: str
    line: int


@dataclass
class Findings:
    errors: set[RaisedError] = field(default_factory=set)
    unreadable: set[Unreadable] = field(default_factory=set)

    def merge(self, other: Findings) -> None:
        self.errors |= other.errors
        self.unreadable |= other.unreadable


def _ours(obj: object) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return (module == "jmo" or module.startswith("jmo.")) and not module.startswith(
        _SKIPPED_PACKAGES
    )


@cache
def _modules() -> tuple[ModuleType, ...]:
    found = []
    for info in pkgutil.walk_packages(jmo.__path__, "jmo."):
        if info.name.startswith(_SKIPPED_PACKAGES) or info.name in ("jmo.app", "jmo.__main__"):
            continue
        found.append(importlib.import_module(info.name))
    return tuple(found)


@cache
def _methods_named() -> dict[str, tuple[Callable[..., Any], ...]]:
    """Every method of every ``jmo`` class, by name (for calls on values of unknown type)."""
    index: dict[str, list[Callable[..., Any]]] = {}
    for module in _modules():
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            if issubclass(cls, BaseException):
                continue
            for name, member in vars(cls).items():
                function = _function_of(member)
                if function is not None:
                    index.setdefault(name, []).append(function)
    return {name: tuple(functions) for name, functions in index.items()}


def _function_of(member: object) -> Callable[..., Any] | None:
    if isinstance(member, (staticmethod, classmethod)):
        member = member.__func__
    if isinstance(member, property):
        member = member.fget
    if isinstance(member, MethodType):
        member = member.__func__
    if isinstance(member, FunctionType):
        unwrapped = inspect.unwrap(member)
        return unwrapped if _ours(unwrapped) else None
    return None


@cache
def _tree(function: Callable[..., Any]) -> ast.AST | None:
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    try:
        return ast.parse(source)
    except SyntaxError:  # a lambda inside a larger expression: it builds no error here
        return None


def _resolve(node: ast.expr, scope: dict[str, Any]) -> object | None:
    """The object a name or dotted name refers to at module level, if it can be known."""
    if isinstance(node, ast.Name):
        return scope.get(node.id, getattr(__builtins__, node.id, None))
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, scope)
        if base is not None:
            return getattr(base, node.attr, None)
    return None


def _literal_strings(node: ast.expr) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@dataclass
class _Node:
    """What one function does directly: the errors it builds and what it refers to."""

    findings: Findings
    edges: tuple[Callable[..., Any], ...]


_CONSTRUCTION = ("__init__", "__post_init__", "__new__", "__call__")


def _owner(function: Callable[..., Any]) -> type | None:
    path = function.__qualname__.split(".")
    if len(path) < 2 or "<locals>" in path:
        return None
    owner = inspect.getmodule(function)
    for part in path[:-1]:
        owner = getattr(owner, part, None)
    return owner if inspect.isclass(owner) else None


@cache
def _node(function: Callable[..., Any]) -> _Node:
    findings = Findings()
    edges: list[Callable[..., Any]] = []
    tree = _tree(function)
    if tree is None:
        return _Node(findings, ())
    scope: dict[str, Any] = getattr(function, "__globals__", {})
    where = f"{function.__module__}.{function.__qualname__}"
    first_line = function.__code__.co_firstlineno if hasattr(function, "__code__") else 1
    owner = _owner(function)
    site = _Site(where, first_line, _parameters(tree), _assigned_literals(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            _error_built(node, scope, findings, site)
            _code_passed(node, scope, owner, findings, site)
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load):
            edges.extend(_references(node, scope, owner))
    return _Node(findings, tuple(dict.fromkeys(edges)))


def _references(
    node: ast.Name | ast.Attribute, scope: dict[str, Any], owner: type | None
) -> list[Callable[..., Any]]:
    target = _resolve(node, scope)
    if (
        target is None
        and owner is not None
        and isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    ):
        target = getattr(owner, node.attr, None)
    if target is None:
        if isinstance(node, ast.Attribute):
            # A method on a value of unknown type: every method of that name.
            return list(_methods_named().get(node.attr, ()))
        return []
    if isinstance(target, (dict, list, tuple, set, frozenset)):
        # A table of handlers (``VALIDATORS[step](...)``): any of them may run.
        items = target.values() if isinstance(target, dict) else target
        return [f for item in items for f in _callables(item)]
    return _callables(target)


def _callables(target: object) -> list[Callable[..., Any]]:
    if inspect.isclass(target):
        if not _ours(target) or issubclass(target, BaseException):
            return []
        # Building one runs its constructor; its methods are followed where called.
        found = [_function_of(getattr(target, name, None)) for name in _CONSTRUCTION]
        return [f for f in found if f is not None]
    function = _function_of(target)
    return [function] if function is not None else []


@dataclass(frozen=True)
class _Site:
    where: str
    first_line: int
    parameters: dict[str, ast.expr | None]  # name -> default
    assigned: dict[str, list[str] | None]  # local name -> its literal values (None: not only)


def _parameters(tree: ast.AST) -> dict[str, ast.expr | None]:
    function = next(
        (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
        None,
    )
    if function is None:  # a lambda
        return {}
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults))
    found = dict(zip((a.arg for a in positional), [*defaults, *arguments.defaults], strict=True))
    found.update(zip((a.arg for a in arguments.kwonlyargs), arguments.kw_defaults, strict=True))
    return found


def _only_literals(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _only_literals(node.body) and _only_literals(node.orelse)
    return False


def _assigned_literals(tree: ast.AST) -> dict[str, list[str] | None]:
    found: dict[str, list[str] | None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                known = found.get(target.id, [])
                if known is not None and _only_literals(node.value):
                    found[target.id] = [*known, *_literal_strings(node.value)]
                else:
                    found[target.id] = None
    return found


def _code_argument(node: ast.Call, kind: type[DomainError]) -> ast.expr | None:
    argument = node.args[0] if node.args else None
    if argument is None:
        for keyword in node.keywords:
            if keyword.arg in ("code", "what"):
                argument = keyword.value
    return argument


def _error_built(node: ast.Call, scope: dict[str, Any], findings: Findings, site: _Site) -> None:
    target = _resolve(node.func, scope)
    if isinstance(node.func, ast.Attribute) and node.func.attr == "single":
        owner = _resolve(node.func.value, scope)
        if inspect.isclass(owner) and issubclass(owner, ValidationFailed):
            findings.errors.add(RaisedError("validation_failed", owner))
            return
    if not (inspect.isclass(target) and issubclass(target, DomainError)):
        return
    if issubclass(target, ValidationFailed):
        findings.errors.add(RaisedError("validation_failed", target))
        return
    argument = _code_argument(node, target)
    suffix = ".not_found" if issubclass(target, NotFound) else ""
    if argument is not None and _only_literals(argument):
        for code in _literal_strings(argument):
            findings.errors.add(RaisedError(code + suffix, target))
        return
    if (
        isinstance(argument, ast.Name)
        and argument.id not in site.parameters
        and argument.id not in site.assigned
        and isinstance(scope.get(argument.id), str)
    ):  # a module constant: ``FROZEN = "account.frozen"``
        findings.errors.add(RaisedError(scope[argument.id] + suffix, target))
        return
    if isinstance(argument, ast.Name):
        assigned = site.assigned.get(argument.id)
        if assigned:  # code = "a" if ... else "b"
            findings.errors.update(RaisedError(c + suffix, target) for c in assigned)
            return
        if argument.id in site.parameters and argument.id not in site.assigned:
            # The caller names the code (``require(raw, field, "rt.format")``): read at
            # each call site (``_code_passed``); the default is read here.
            default = site.parameters[argument.id]
            if default is not None and _only_literals(default):
                findings.errors.update(
                    RaisedError(c + suffix, target) for c in _literal_strings(default)
                )
            return
    findings.unreadable.add(Unreadable(site.where, site.first_line + node.lineno - 1))
    # Still note the literals it may take ("check.code or 'selfie.no_face'").
    for code in _literal_strings(argument) if argument is not None else ():
        if "." in code:
            findings.errors.add(RaisedError(code + suffix, target))


@cache
def _code_parameters(function: Callable[..., Any]) -> tuple[tuple[str, int, type], ...]:
    """The parameters a function builds an error code from: (name, position, error class)."""
    tree = _tree(function)
    if tree is None:
        return ()
    parameters = list(_parameters(tree))
    assigned = _assigned_literals(tree)
    scope: dict[str, Any] = getattr(function, "__globals__", {})
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = _resolve(node.func, scope)
        if not (inspect.isclass(target) and issubclass(target, DomainError)):
            continue
        argument = _code_argument(node, target)
        if (
            isinstance(argument, ast.Name)
            and argument.id in parameters
            and argument.id not in assigned
        ):
            position = parameters.index(argument.id)
            if _owner(function) is not None and not isinstance(
                inspect.getattr_static(_owner(function), function.__name__, None), staticmethod
            ):
                position -= 1  # self or cls
            found.append((argument.id, position, target))
    return tuple(found)


def _code_passed(
    node: ast.Call, scope: dict[str, Any], owner: type | None, findings: Findings, site: _Site
) -> None:
    """Codes handed to a function that builds its error from a parameter."""
    targets = []
    if isinstance(node.func, (ast.Name, ast.Attribute)):
        targets = _references(node.func, scope, owner)
    for target in targets:
        for name, position, kind in _code_parameters(target):
            passed = [k.value for k in node.keywords if k.arg == name]
            if not passed and 0 <= position < len(node.args):
                passed = [node.args[position]]
            for argument in passed:
                suffix = ".not_found" if issubclass(kind, NotFound) else ""
                if _only_literals(argument):
                    findings.errors.update(
                        RaisedError(c + suffix, kind) for c in _literal_strings(argument)
                    )
                elif not (isinstance(argument, ast.Name) and argument.id in site.parameters):
                    findings.unreadable.add(
                        Unreadable(site.where, site.first_line + node.lineno - 1)
                    )


# Sites that build a code the walk cannot read, with the codes they build, checked by hand.
# tests/api/test_contract.py fails when a reachable site is missing here (or gone).
# The face engine answers with the code of the capture rule that failed (its check's code,
# one of the domain's CODE_PRIORITY, the list the engine ranks them by).
DECLARED: dict[str, tuple[str, ...]] = {
    "jmo.biometrics.engine.FaceEngine._analyse": CODE_PRIORITY,
    "jmo.biometrics.engine.FaceEngine.describe": CODE_PRIORITY,
    "jmo.biometrics.engine.FaceEngine.enroll": (*CODE_PRIORITY, "selfie.quality"),
    # SecondFactorEnrolment names its code in its constructor (staff without a TOTP yet)
    "jmo.usecases.accounts.sessions.login": ("auth.totp_enrolment_required",),
}


def raised_by(functions: Iterable[Callable[..., Any]]) -> Findings:
    """Every ``DomainError`` the functions (and all they reach) can raise; the codes of a
    ``DECLARED`` site are added to what was read there."""
    found = Findings()
    seen: set[Callable[..., Any]] = set()
    todo = [f for f in (_function_of(f) for f in functions) if f is not None]
    while todo:
        function = todo.pop()
        if function in seen:
            continue
        seen.add(function)
        node = _node(function)
        found.merge(node.findings)
        todo.extend(node.edges)
    for site in found.unreadable:
        found.errors.update(RaisedError(code, DomainError) for code in DECLARED.get(site.where, ()))
    return found


def every_function() -> Iterator[Callable[..., Any]]:
    """Every function and method the walks can go to (to list all unreadable sites)."""
    for module in _modules():
        for obj in vars(module).values():
            if inspect.isclass(obj) and obj.__module__ == module.__name__:
                for member in vars(obj).values():
                    function = _function_of(member)
                    if function is not None:
                        yield function
            elif inspect.isfunction(obj) and obj.__module__ == module.__name__:
                yield obj
