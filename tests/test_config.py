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
        "quiet_days, satisfaction_drop, credential_days, timing_margin_days, overdue_days); "
        "ignored.",
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
