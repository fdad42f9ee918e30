from layout.cli import main

raise SystemExit(main())
