"""Users, roles and what each role may do (pure; no Streamlit here, so the CLI and the tests use it too).

A users file is TOML, one table per user::

    [users."zhang"]
    display = "张三"
    role = "审查专家"
    hash = "$2b$12$…"   # bcrypt

``pingshen users add NAME --role 审查专家`` writes it (the password is prompted, never taken from the
command line). Roles: 审查专家 upload, override and ask; 工作人员 read, ask and compare; 管理员 also
manage the corpus and users. Every function that changes something checks the role again
(:func:`require`), whatever the navigation showed.
"""
from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from extraction.errors import BadInput, PingshenError

ROLES = ("审查专家", "工作人员", "管理员")
PERMISSIONS: dict[str, frozenset[str]] = {
    "审查专家": frozenset({"read", "upload", "override", "ask", "search"}),
    "工作人员": frozenset({"read", "ask", "compare", "search"}),
    "管理员": frozenset({"read", "upload", "override", "ask", "compare", "search", "corpus", "users"}),
}
ACTION_NAMES = {"read": "查看申报材料", "upload": "上传申报材料", "override": "复核调整判定", "ask": "智能问答",
                "compare": "政策对比", "search": "检索政策", "corpus": "管理政策库", "users": "管理用户"}
MIN_PASSWORD = 8


class Forbidden(PingshenError):
    """The signed-in user's role may not do this."""

    exit_code = 2


@dataclass(frozen=True)
class User:
    name: str
    display: str
    role: str

    def can(self, action: str) -> bool:
        return action in PERMISSIONS.get(self.role, frozenset())


def require(user: Optional[User], action: str) -> User:
    """The user, if their role allows ``action``; otherwise :class:`Forbidden` (checked again behind every change)."""
    if user is None:
        raise Forbidden("请先登录", "not signed in")
    if not user.can(action):
        raise Forbidden(f"“{user.role}”角色无权{ACTION_NAMES.get(action, action)}",
                        f"role {user.role} may not {action}")
    return user


def load_users(path: Path) -> dict[str, dict]:
    """The users file as {name: {display, role, hash}}; a file that cannot be read is a clear error."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"用户文件不存在：{path}", f"users file not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise BadInput(f"用户文件无法读取：{path}（{type(e).__name__}）", f"users file unreadable: {e}") from None
    users = data.get("users", {})
    if not isinstance(users, dict):
        raise BadInput(f"用户文件格式有误：{path}", "users file: [users] is not a table")
    for name, u in users.items():
        if not isinstance(u, dict) or u.get("role") not in ROLES or not str(u.get("hash", "")).startswith("$2"):
            raise BadInput(f"用户文件中“{name}”的条目不完整（需要 role 与 bcrypt hash）",
                           f"users file: bad entry {name!r}")
    return users


def hash_password(password: str) -> str:
    import bcrypt

    if len(password) < MIN_PASSWORD:
        raise BadInput(f"密码至少 {MIN_PASSWORD} 个字符", "password too short")
    return bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt()).decode("ascii")


def verify(users: dict[str, dict], name: str, password: str) -> Optional[User]:
    """The user when name and password match; None otherwise (the same answer for either mistake)."""
    import bcrypt

    entry = users.get((name or "").strip())
    if entry is None or not password:
        return None
    try:
        ok = bcrypt.checkpw(password.encode("utf-8")[:72], entry["hash"].encode("ascii"))
    except ValueError:
        return None
    return User(name.strip(), entry.get("display") or name.strip(), entry["role"]) if ok else None


def _toml_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a TOML basic string


def users_to_toml(users: dict[str, dict]) -> str:
    lines = ["# pingshen 用户文件：pingshen users add NAME --role 审查专家|工作人员|管理员", ""]
    for name, u in users.items():
        lines += [f"[users.{_toml_string(name)}]", f"display = {_toml_string(u.get('display') or name)}",
                  f"role = {_toml_string(u['role'])}", f"hash = {_toml_string(u['hash'])}", ""]
    return "\n".join(lines)


def add_user(path: Path, name: str, role: str, password: str, display: Optional[str] = None) -> User:
    """Add or replace a user in the users file (created if absent), written atomically, readable by its owner only."""
    name = (name or "").strip()
    if not name or any(c in name for c in "\n\r\t") or len(name) > 64:
        raise BadInput("用户名不能为空，不能含换行或制表符，最多 64 个字符", "bad user name")
    if role not in ROLES:
        raise BadInput(f"未知角色：{role}（可选：{'、'.join(ROLES)}）", f"unknown role: {role}")
    path = Path(path)
    users = load_users(path) if path.exists() else {}
    users[name] = {"display": (display or name).strip(), "role": role, "hash": hash_password(password)}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".users-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(users_to_toml(users))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return User(name, users[name]["display"], role)
