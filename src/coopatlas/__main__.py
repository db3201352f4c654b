from coopatlas.cli import main

main()
