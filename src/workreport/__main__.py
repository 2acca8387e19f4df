"""``python -m workreport`` and the ``workreport`` command: see :mod:`workreport.cli`.

The command answers Ctrl-C (exit 130) and SIGTERM (exit 143) with one line from its first
moment: the handlers below are installed before pandas and jieba are imported, and
:func:`workreport.cli.main` replaces both with its own once it runs (which stop the workers
and remove temporary files before exiting).
"""

import os
import signal
import sys


def _early_exit(signum: int, frame: object) -> None:
    sys.stderr.write(
        "workreport: interrupted\n" if signum == signal.SIGINT else "workreport: terminated\n"
    )
    sys.stderr.flush()
    os._exit(128 + signum)


def run() -> int:
    """Run the command line, stopping with one line if interrupted while it loads."""
    signal.signal(signal.SIGINT, _early_exit)
    signal.signal(signal.SIGTERM, _early_exit)
    from .cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
