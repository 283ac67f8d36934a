# Makefile: build, run and test Qiao. `make run` and `make test` install what is missing.
#   make run | stop | status     the local stack (var/dev, port from .env)
#   make test                    sanitizer build, unit tests, stack on other ports, API and browser tests
#   make unit | asan | valgrind  unit tests (plain, ASan+UBSan, under valgrind)
#   make format | clean

CC       ?= cc
SANITIZER ?=
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla-larger-than=65536 \
	-Ibackend/src $(shell mariadb_config --cflags 2>/dev/null | sed 's/-I/-isystem /g') \
	$(shell pkg-config --cflags libxml-2.0 libzip 2>/dev/null | sed 's/-I/-isystem /g')
LIBS     := -lfcgi $(shell mariadb_config --libs 2>/dev/null) -ljansson -ljwt -lhiredis -lsodium \
	-lcsv -lxlsxwriter -lcurl -lm $(shell pkg-config --libs libxml-2.0 libzip 2>/dev/null)

ifeq ($(SANITIZER),)
BUILD    := build
CFLAGS   ?= -O2 -g
else
BUILD    := build-asan
CFLAGS   ?= -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZER) -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=$(SANITIZER)
endif

SRC_ALL  := $(shell find backend/src -name '*.c' | sort)
SRC_CLI  := $(filter backend/src/cli/%,$(SRC_ALL))
SRC_LIB  := $(filter-out backend/src/main.c backend/src/worker.c $(SRC_CLI),$(SRC_ALL))
OBJ_LIB  := $(SRC_LIB:backend/src/%.c=$(BUILD)/obj/%.o)
OBJ_FCGI := $(OBJ_LIB) $(BUILD)/obj/main.o $(BUILD)/obj/worker.o
OBJ_CLI  := $(OBJ_LIB) $(SRC_CLI:backend/src/%.c=$(BUILD)/obj/%.o)
TESTS    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all backend frontend deps run stop status test bench unit unit-run asan valgrind format clean fuzz fuzz-regress chaos
all: backend frontend

backend: $(BUILD)/bin/qiao-fcgi $(BUILD)/bin/qiao

# Quiet by default (one line per file); `make V=1` prints the commands.
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: backend/src/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_BASE) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bin/qiao-fcgi: $(OBJ_FCGI)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/bin/qiao: $(OBJ_CLI)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(OBJ_LIB)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_BASE) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.* frontend/package.json -type f 2>/dev/null)
frontend: frontend/dist/index.html
frontend/dist/index.html: $(FRONTEND_SRC) frontend/package-lock.json
	cd frontend && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build

deps:
	@scripts/install-deps

run: deps
	@$(MAKE) --no-print-directory backend frontend
	@scripts/stack start dev

stop:
	@scripts/stack stop dev

status:
	@scripts/stack status dev

# The whole suite against a sanitizer build on its own ports; the stack is torn down whatever happens.
test: deps
	@$(MAKE) --no-print-directory frontend
	@$(MAKE) --no-print-directory SANITIZER=address,undefined backend unit-run
	@scripts/fuzz --regress
	@scripts/fuzz --seconds $${QIAO_TEST_FUZZ_SECONDS:-10}
	@scripts/test-stack

# Speed beside its baselines (docs/performance.md); BENCH_ARGS=--quick for a one-minute run.
bench:
	@scripts/bench $(BENCH_ARGS)

chaos:
	@scripts/chaos $(CHAOS_ARGS)

unit:
	@$(MAKE) --no-print-directory unit-run

unit-run: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

asan:
	@$(MAKE) --no-print-directory SANITIZER=address,undefined unit-run

valgrind: $(TESTS)
	@set -e; for t in $(TESTS); do valgrind --quiet --error-exitcode=1 --leak-check=full $$t; done

format:
	clang-format -i $(SRC_ALL) $(shell find backend/src tests/unit -name '*.h') $(wildcard tests/unit/*.c)

clean:
	rm -rf build build-asan build-fuzz frontend/dist

include tests/fuzz/fuzz.mk
