"""The network staff's commands: export, import, report, diff, ownership, new member."""
