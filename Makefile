# xueji — two commands: `make run` and `make test`. Everything else is a step of those.
.DEFAULT_GOAL := run
SHELL := /bin/bash

PORT ?= 8080
DB ?= sqlite:var/xueji.db
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
TEST_OUTPUT ?= test-output

.PHONY: run test bootstrap build web demo-db test-unit test-e2e format format-check clean

bootstrap:
	@bash scripts/bootstrap

build: bootstrap
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DXUEJI_WERROR=ON >/dev/null
	@cmake --build build -j $(JOBS)

web: bootstrap
	@cd web && npm run build --silent

# The demo database under var/: schema, the national organization tree and
# the demo province with one account per role (listed in the README).
demo-db: build
	@mkdir -p var
	@./build/xueji init --db $(DB)
	@./build/xueji gen-data --db $(DB) --demo

run: build web demo-db
	@echo "Open http://127.0.0.1:$(PORT)/ and log in with one of the accounts above."
	@./build/xueji serve --db $(DB) --port $(PORT)

# All tests: C++ unit, store, service and API tests on SQLite and on a
# throwaway PostgreSQL cluster, then the browser tests, then formatting.
test: build web
	@mkdir -p $(TEST_OUTPUT)
	@XUEJI_REQUIRE_PG=1 scripts/with-pg ctest --test-dir build --output-on-failure -j $(JOBS) \
	  --timeout 600
	@$(MAKE) --no-print-directory test-e2e
	@$(MAKE) --no-print-directory format-check

test-e2e:
	@mkdir -p $(TEST_OUTPUT)/e2e
	@cd web && XUEJI_E2E_REQUIRE=1 node --test --test-concurrency=1 e2e/

FORMAT_FILES = $(shell git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')
format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format: ok"

clean:
	rm -rf build $(TEST_OUTPUT) web/dist
