from dashboard_tui.cli import main

raise SystemExit(main())
