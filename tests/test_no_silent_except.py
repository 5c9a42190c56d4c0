"""No error is dropped without a trace: a handler of every exception (``except Exception``, a bare
``except``, ``except BaseException``) raises again, or logs what it catches (tafel/crashlog.py);
``contextlib.suppress(Exception)`` is not used (``crashlog.logged`` is its logging form)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROAD = {"Exception", "BaseException"}
LOGS = {"note_error", "write_crash_log", "_crash_line"}
# The logger's own last resort: it cannot log that it failed to log.
EXEMPT = {("tafel/crashlog.py", "write_crash_log"), ("tafel/crashlog.py", "note_error")}


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return {"BaseException"}  # a bare except
    parts = node.elts if isinstance(node, ast.Tuple) else [node]
    return {p.id if isinstance(p, ast.Name) else p.attr if isinstance(p, ast.Attribute) else "" for p in parts}


def _handles(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if called in LOGS:
                return True
    return False


def _functions(tree: ast.AST) -> dict[ast.AST, str]:
    owner: dict[ast.AST, str] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if node is not fn:
                    owner.setdefault(node, fn.name)
    return owner


def test_every_broad_except_raises_or_logs() -> None:
    silent = []
    for path in sorted((ROOT / "tafel").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text("utf-8"))
        owner = _functions(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.ExceptHandler) and _names(node.type) & BROAD and not _handles(node)
                    and (where, owner.get(node, "")) not in EXEMPT):
                silent.append(f"{where}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "suppress" and (
                    BROAD & {a.id for a in node.args if isinstance(a, ast.Name)}):
                silent.append(f"{where}:{node.lineno} suppress")
    assert not silent, "broad excepts that neither raise nor log:\n" + "\n".join(silent)
