"""A process that writes notes in a loop and logs each one after its commit returned.

Run by tests/fault/test_crash.py, which kills it at random moments: every note named in
the log must be in the database afterwards, and the file must pass integrity_check.
"""

from __future__ import annotations

import os
import sys

from handover_tui.db.engine import open_database
from handover_tui.services import clients, notes


def main(url: str, log_path: str) -> None:
    db = open_database(url)
    found = clients.find_clients(db, "Crash Test Co")
    client_id = found[0].id if found else clients.create_client(db, {"name": "Crash Test Co"}).id
    with open(log_path, "a", encoding="utf-8") as log:
        number = 0
        while True:
            number += 1
            title = f"{os.getpid()}-{number}"
            notes.create_note(db, client_id, {"title": title, "body": "x" * (number % 300)})
            log.write(title + "\n")  # only once the commit has returned: "confirmed"
            log.flush()
            os.fsync(log.fileno())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
