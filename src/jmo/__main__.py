from jmo.cli.main import main

main()
