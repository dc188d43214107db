"""``python -m openrouter_stt.cli``: the same command as ``openrouter-stt``."""

from . import main

main()
