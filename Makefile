# KieuMau: `make run` starts the main job, `make test` runs every test, `make build` leaves build/kieumau,
# `make bench` runs the benchmarks. Each installs what is missing first (Debian packages via apt-get).
BUILD_DIR ?= build
TEST_DIR ?= build-test
BENCH_DIR ?= build-bench
CMAKE_GENERATOR ?= Ninja

.PHONY: all deps build test run bench format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release -DKIEUMAU_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_DIR)

# The test build runs with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	@cmake -S . -B $(TEST_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DKIEUMAU_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_DIR)
	@scripts/run-tests.sh $(TEST_DIR)

# Until the server exists, the main job scores the demo facts of every shipped criteria set, as tables.
run: build
	@for facts in examples/*.facts.json; do \
	  rubric=rubrics/$$(basename $$facts .facts.json).yaml; \
	  echo "=== $$rubric ← $$facts"; \
	  $(BUILD_DIR)/kieumau score --rubric $$rubric --facts $$facts --format table || exit 1; \
	  echo; \
	done

bench: deps
	@cmake -S . -B $(BENCH_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release -DKIEUMAU_TESTS=OFF \
	  -DKIEUMAU_BENCH=ON >/dev/null
	@cmake --build $(BENCH_DIR)
	@$(BENCH_DIR)/bench/score_bench

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(TEST_DIR) $(BENCH_DIR)
