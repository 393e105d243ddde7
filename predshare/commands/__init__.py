"""One module per ``predshare`` command. Each has ``add_command(subparsers)``, which adds
its subparser and sets ``run``, the function that runs it; ``common`` and ``setting`` hold
what several commands share."""
