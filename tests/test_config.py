"""The config file: defaults when missing, line and key when malformed, never fatal."""

from handover_tui.config import Settings
from handover_tui.domain.signals import Thresholds


def test_a_missing_file_gives_the_defaults(tmp_path):
    settings = Settings.load(tmp_path / "absent.toml")
    assert settings.problems == []
    assert settings.thresholds() == Thresholds()
    assert (settings.thresholds().rotation_years, settings.thresholds().quiet_days) == (3, 45)
    assert settings.start_screen == "dashboard"


def test_thresholds_are_read_from_the_signals_table(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n\n[signals]\nquiet_days = 30\nrotation_years = 5\n')
    settings = Settings.load(path)
    assert settings.problems == []
    assert settings.theme == "nord"
    assert settings.thresholds() == Thresholds(quiet_days=30, rotation_years=5)


def test_a_bad_value_names_the_line_and_the_key(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[signals]\nquiet_days = 30\nrotation_years = "three"\ncredential_days = -5\ntenure = 2\n'
    )
    settings = Settings.load(path)
    assert settings.thresholds() == Thresholds(quiet_days=30)
    assert settings.problems == [
        f"{path}, line 3: 'signals.rotation_years' must be a whole number; using the default.",
        f"{path}, line 4: 'signals.credential_days' must be at least 0; using the default.",
        f"{path}, line 5: 'signals.tenure' is not a known threshold (rotation_years, "
        "quiet_days, satisfaction_drop, credential_days, timing_margin_days, overdue_days, "
        "engagement_period_days, engagement_drop_percent, engagement_min_contacts, "
        "outgrowing_growth_percent, min_contacts); ignored.",
    ]


def test_an_unknown_start_screen_is_ignored(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('phone_region = "GB"\nstart_screen = "inbox"\n')
    settings = Settings.load(path)
    assert settings.start_screen == "dashboard" and settings.phone_region == "GB"
    assert settings.problems == [
        f"{path}, line 2: 'start_screen' must be one of dashboard, roster; ignored."
    ]


def test_broken_toml_is_reported_with_its_line_and_defaults_are_used(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[signals]\nquiet_days = 30\nrotation_years = \n")
    settings = Settings.load(path)
    assert settings.thresholds() == Thresholds()
    assert len(settings.problems) == 1
    assert "line 3" in settings.problems[0] and str(path) in settings.problems[0]


def test_the_keys_table_maps_binding_ids_to_keys(tmp_path):
    path = tmp_path / "config.toml"
    # Quoted or not: an unquoted dotted key is a nested table in TOML.
    path.write_text('[keys]\n"roster.new" = "i"\nlist.down = " ctrl+n,j "\n')
    settings = Settings.load(path)
    assert settings.problems == []
    assert settings.keys == {"roster.new": "i", "list.down": "ctrl+n,j"}


def test_a_malformed_keys_table_is_reported_and_the_defaults_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('keys = "vim"\n')
    settings = Settings.load(path)
    assert settings.keys == {}
    assert settings.problems == [
        f"{path}, line 1: 'keys' must be a table ([keys]); using the default keys."
    ]
    path.write_text('[keys]\n"roster.new" = 3\n"roster.edit" = ""\n"roster.sort" = "o"\n')
    settings = Settings.load(path)
    assert settings.keys == {"roster.sort": "o"}
    assert [problem.split(":")[0] for problem in settings.problems] == [
        f"{path}, line 2",
        f"{path}, line 3",
    ]
    assert "'keys.roster.new' must be keys in quotes" in settings.problems[0]


def test_the_chosen_theme_is_written_and_the_rest_of_the_file_kept(tmp_path):
    path = tmp_path / "config.toml"
    original = '# my settings\ncurrency = "EUR"\n\n[signals]\nquiet_days = 30\n'
    path.write_text(original)
    settings = Settings.load(path)
    settings.remember_theme("nord")
    assert path.read_text() == 'theme = "nord"\n' + original
    settings.remember_theme("gruvbox")
    assert path.read_text() == 'theme = "gruvbox"\n' + original
    again = Settings.load(path)
    assert (again.theme, again.currency, again.problems) == ("gruvbox", "EUR", [])
    assert again.thresholds().quiet_days == 30


def test_a_theme_is_written_into_a_new_file_in_a_new_folder(tmp_path):
    path = tmp_path / "handover" / "config.toml"
    settings = Settings.load(path)
    settings.remember_theme("handover-high-contrast")
    assert path.read_text() == 'theme = "handover-high-contrast"\n'


def test_settings_made_in_code_write_nowhere(tmp_path):
    settings = Settings()
    settings.remember_theme("nord")
    assert settings.theme == "nord" and settings.path is None


def test_who_the_user_is_comes_from_the_top_level(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'name = " Maya Okafor "\nemail = "maya@example.com"\nphone = "+1 212 555 0199"\n'
        'title = "Account director"\nme = "maya@example.com"\n'
    )
    settings = Settings.load(path)
    assert settings.problems == []
    identity = settings.identity()
    assert (identity.name, identity.email, identity.title, identity.me) == (
        "Maya Okafor",
        "maya@example.com",
        "Account director",
        "maya@example.com",
    )
    assert identity.phone == "+1 212 555 0199"


def test_a_bad_name_is_ignored_with_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('name = 42\ntitle = "two\\nlines"\n')
    settings = Settings.load(path)
    assert settings.identity().name == "" and settings.title == ""
    assert settings.problems == [
        f"{path}, line 1: 'name' must be a text value in quotes; ignored.",
        f"{path}, line 2: 'title' must be one line of at most 200 characters; ignored.",
    ]
