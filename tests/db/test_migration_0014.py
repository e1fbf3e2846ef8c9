"""Revision 0014 (relationship fit): a database made by 0013 is upgraded with its rows
intact, clients weighing 1 and profiles empty."""

from handover_tui.db import migrations
from handover_tui.db.engine import open_database
from tests.db.test_migrations import insert_client


def test_revision_0013_clients_weigh_one_and_keep_their_name_index(tmp_path):
    """0014 adds a client's complexity and the profiles: old clients weigh 1 with no
    answers, so every load reads as before, profiles are empty, and the columns added in
    place keep the name index's triggers."""
    from handover_tui.db.engine import create_engine
    from handover_tui.services import clients, complexity, people, search

    path = tmp_path / "v13.db"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to(engine, "0013")
    stamp = "'2025-01-01 09:00:00'"
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO person (id, name, email, phone, role, capacity, created_at, updated_at,"
            f" version) VALUES (1, 'Maya', '', '', '', 2, {stamp}, {stamp}, 1)"
        )
        insert_client(connection)
        connection.exec_driver_sql(
            "INSERT INTO client (id, name, industry, segment, lifecycle_stage, status,"
            " previous_status, currency, tags, overview, owner_id, created_at, updated_at,"
            f" version) VALUES (2, 'Bluefin', 'Banking', '', 'growth', 'active', '', 'USD', '',"
            f" '', 1, {stamp}, {stamp}, 4)"
        )
        connection.exec_driver_sql("UPDATE client SET owner_id = 1 WHERE id = 1")
    engine.dispose()
    database = open_database(f"sqlite:///{path}")
    try:
        assert migrations.current_revision(database.engine) == migrations.HEAD
        bluefin = clients.get_client(database, 2).client
        assert (bluefin.name, bluefin.industry, bluefin.version) == ("Bluefin", "Banking", 4)
        assert bluefin.complexity == 1
        assert complexity.answers_of(bluefin) == dict.fromkeys(complexity.ANSWER_NAMES)
        assert (bluefin.languages, bluefin.time_zone) == ("", "")
        [maya] = people.list_people(database)
        assert (maya.active_clients, maya.load, maya.over_capacity) == (2, 2, False)
        profile = (maya.department, maya.skills, maya.industries, maya.languages, maya.time_zone)
        assert profile == ("",) * 5
        people.update_person(database, 1, {"languages": "German"}, expected_version=1)
        complexity.assess_complexity(database, 2, {"complexity_geography": "3"}, expected_version=4)
        [maya] = people.list_people(database)
        assert (maya.load, maya.over_capacity) == (4, True)
        clients.update_client(database, 2, {"name": "Bluefin Capital"}, expected_version=None)
        assert [h.client_id for h in search.search(database, "bluefin cap")] == [2]
    finally:
        database.close()
