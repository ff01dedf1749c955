# KieuMau: `make run` starts the main job, `make test` runs every test, `make build` leaves build/kieumau,
# `make bench` runs the benchmarks. Each installs what is missing first (Debian packages via apt-get).
BUILD_DIR ?= build
TEST_DIR ?= build-test
BENCH_DIR ?= build-bench
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
CMAKE_GENERATOR ?= Ninja

.PHONY: all deps build test run bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

# The web app (web/) is built into web/dist, which the server serves at / (scripts/build-web.sh:
# npm ci when package-lock.json changed, the API's types from the server's OpenAPI document, vite).
build: deps
	@cmake -S . -B $(BUILD_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release -DKIEUMAU_TESTS=OFF -DKIEUMAU_UNITY=ON >/dev/null
	@cmake --build $(BUILD_DIR)
	@scripts/build-web.sh $(BUILD_DIR)

# The test build runs with AddressSanitizer and UndefinedBehaviorSanitizer, compiled as unity batches
# (KIEUMAU_UNITY: a clean build in about half the time), with line tables only (-g1: the sanitizers'
# reports keep file and line; a clean build takes 259 s instead of about 280 s). The web app's tests (Vitest, and Chromium
# against the test build's server: tests/web/) run among the others.
test: deps
	@cmake -S . -B $(TEST_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DKIEUMAU_SANITIZE=ON -DKIEUMAU_UNITY=ON >/dev/null
	@cmake --build $(TEST_DIR)
	@scripts/build-web.sh $(TEST_DIR)
	@scripts/run-tests.sh $(TEST_DIR)

# The main job: the server on http://127.0.0.1:8080 with the SQLite database data/kieumau.db, given the
# Bắc Ninh demo on first start. Stop it with Ctrl-C (it finishes the requests in flight).
run: build
	@$(BUILD_DIR)/kieumau serve $(RUN_ARGS)

bench: deps
	@cmake -S . -B $(BENCH_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release -DKIEUMAU_TESTS=OFF \
	  -DKIEUMAU_BENCH=ON >/dev/null
	@cmake --build $(BENCH_DIR)
	@$(BENCH_DIR)/bench/score_bench
	@scripts/score-cli-bench.sh $(BENCH_DIR)
	@$(BENCH_DIR)/bench/text_bench
	@$(BENCH_DIR)/bench/register_bench
	@scripts/with-services.sh $(BENCH_DIR)/bench/store_bench
	@KIEUMAU_TEST_PG_FSYNC=on scripts/with-services.sh $(BENCH_DIR)/bench/app_bench
	@KIEUMAU_TEST_PG_FSYNC=on scripts/with-services.sh scripts/bench-http.sh $(BENCH_DIR)

# Every parser's libFuzzer program (clang, ASan+UBSan) for FUZZ_SECONDS each; findings land in
# fuzz/crashes/, which `make test` replays.
fuzz: deps
	@CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DKIEUMAU_TESTS=OFF -DKIEUMAU_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_DIR) --target fuzz_all
	@scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(TEST_DIR) $(BENCH_DIR) $(FUZZ_DIR)
