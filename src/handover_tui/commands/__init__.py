"""The quick commands of ``handover``, one module per job: ``quick`` (list, note, items,
tick, log) and ``exchange`` (export, import, backup, restore, reassign). ``cli`` parses
the arguments and hands each command its database URL; none of them imports Textual."""
