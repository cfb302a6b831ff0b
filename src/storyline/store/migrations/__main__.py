"""Write a new migration: `python -m storyline.store.migrations revision "what changed"`.

Alembic compares `schema.py` with a scratch SQLite store brought to the current head and writes the
difference as the next numbered revision in `versions/`.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from storyline.store.migrations import alembic_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["revision"])
    parser.add_argument("message")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        with engine.begin() as conn:
            config = alembic_config(conn)
            command.upgrade(config, "head")
            head = ScriptDirectory.from_config(config).get_current_head() or "0000"
            number = f"{int(head) + 1:04d}"
            slug = "_".join(args.message.lower().split())[:40]
            command.revision(config, message=args.message, autogenerate=True, rev_id=number)
        engine.dispose()
    print(
        f"wrote versions/{number}_{slug}.py: check it, then set HEAD = {number!r} in migrations/__init__.py"
    )


if __name__ == "__main__":
    main()
