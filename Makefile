# The two commands the README gives: `make run` and `make test`. Each sets up what it needs first.
.PHONY: run test bench lint screenshot clean

run:
	@tools/bootstrap.sh run
	.venv/bin/python -m ui

test:
	@tools/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q
	.venv/bin/ruff check .

bench:
	@tools/bootstrap.sh bench
	@for b in tests/perf/bench_*.py; do QT_QPA_PLATFORM=offscreen .venv/bin/python $$b || exit 1; done

lint:
	.venv/bin/ruff check .

screenshot:
	@tools/bootstrap.sh screenshot
	xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot.py

clean:
	rm -rf .venv build dist *.egg-info
