"""Write the book's configuration for a build that knows its GitHub repository.

    python .ci/publish_config.py OWNER/NAME OUTPUT_YML [--branch BRANCH]

_config.yml names no repository, so a local build shows no source, issue or Binder button
and links to no placeholder. A publishing build (`make book-only BOOK_REPOSITORY=owner/name`;
the GitHub Actions workflow passes its own repository) uses the copy written here: the same
configuration with the repository URL and branch filled in, the repository and issue
buttons on, and Binder launch buttons for the notebooks.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def publish_config(config: dict, repository: str, *, branch: str = "main") -> dict:
    """``config`` (a parsed _config.yml) with the buttons for ``repository`` turned on."""
    if not REPO.match(repository):
        raise ValueError(f"not a GitHub repository name (owner/name): {repository!r}")
    out = dict(config)
    out["repository"] = {
        **(config.get("repository") or {}),
        "url": f"https://github.com/{repository}",
        "branch": branch,
    }
    out["html"] = {
        **(config.get("html") or {}),
        "use_repository_button": True,
        "use_issues_button": True,
    }
    out["launch_buttons"] = {
        **(config.get("launch_buttons") or {}),
        "binderhub_url": "https://mybinder.org",
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repository", help="owner/name on GitHub")
    parser.add_argument("output", type=Path, help="configuration file to write")
    parser.add_argument("--branch", default="main", help="branch for links (default: main)")
    parser.add_argument("--config", type=Path, default=ROOT / "_config.yml")
    args = parser.parse_args(argv)
    try:
        config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
        out = publish_config(config, args.repository.strip().strip("/"), branch=args.branch)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"publish_config: error: {exc}", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    header = f"# Written by .ci/publish_config.py from {args.config.name}; do not edit.\n"
    args.output.write_text(
        header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    print(f"wrote {args.output} (repository https://github.com/{args.repository})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
