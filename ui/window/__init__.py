"""The main window: its session and log tabs, what it keeps between starts, its log actions, the settings banner."""
