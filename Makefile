# The two commands the README gives: `make run` and `make test`. Each sets up what it needs first.
.PHONY: run test bench lint screenshot translations icons package package-test clean

run:
	@tools/bootstrap.sh run
	.venv/bin/python -m ui

test:
	@tools/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q
	@echo "== again with the module surface Windows has (tests/windows_surface: no poll/epoll, resource, fcntl …)"
	PYTHONPATH=tests/windows_surface QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q
	.venv/bin/ruff check .
	.venv/bin/mypy

bench:
	@tools/bootstrap.sh bench
	@for b in tests/perf/bench_*.py; do QT_QPA_PLATFORM=offscreen .venv/bin/python $$b || exit 1; done

# Refresh the .ts from the code (new strings arrive unfinished: translate them in Qt Linguist or the
# .ts itself), then compile the .qm that ships. tests/ui/test_translations.py fails until both are done.
translations:
	@tools/bootstrap.sh test
	.venv/bin/pyside6-lupdate $(shell find ui -name '*.py' | sort) -no-obsolete -ts resources/translations/netassist_zh_CN.ts
	.venv/bin/pyside6-lrelease resources/translations/netassist_zh_CN.ts -qm resources/translations/netassist_zh_CN.qm

icons:
	@tools/bootstrap.sh test
	.venv/bin/python tools/make_icons.py

# The app as users get it: PyInstaller one-folder bundle, .tar.gz and .deb (Linux); see README for Windows/macOS.
package:
	@tools/bootstrap.sh package
	packaging/build.sh

# Run the built bundle and the .deb's launcher (dpkg -x) offscreen with --smoke; prints start-up times.
package-test:
	@tools/bootstrap.sh package
	.venv/bin/python packaging/package_test.py

lint:
	.venv/bin/ruff check .
	.venv/bin/mypy

screenshot:
	@tools/bootstrap.sh screenshot
	xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot.py en
	xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot.py zh_CN

clean:
	rm -rf .venv build dist *.egg-info .mypy_cache
