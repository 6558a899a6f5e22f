from qmsctl.cli.main import run

run()
