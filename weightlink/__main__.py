import sys

from weightlink.cli import main

sys.exit(main())
