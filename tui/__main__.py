"""`python -m tui` runs the same CLI as `minusma-tui`."""

from tui.cli import main

raise SystemExit(main())
