# fuzz.mk: builds the libFuzzer harnesses (clang, ASan+UBSan) into build-fuzz/; included by the
# top-level Makefile. `make fuzz` runs them (scripts/fuzz), `make fuzz-regress` replays corpora.

FUZZ_CC     := clang
FUZZ_BUILD  := build-fuzz
# CFLAGS_BASE minus the one GCC-only warning clang does not know.
FUZZ_CFLAGS := $(filter-out -Wvla-larger-than=%,$(CFLAGS_BASE)) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_NAMES  := json query path table token

# The backend sources each harness links; path needs routes.c, and with it every handler.
FUZZ_HTTP       := http/request http/params http/response core/arena core/xmalloc core/log core/formats db/db
FUZZ_SRC_json   := $(FUZZ_HTTP)
FUZZ_SRC_query  := $(FUZZ_HTTP)
FUZZ_SRC_path   := $(SRC_LIB:backend/src/%.c=%)
FUZZ_SRC_table  := imports/table imports/csv imports/xlsx core/xmalloc
FUZZ_SRC_token  := auth/token

FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/bin/fuzz_%)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: backend/src/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# Each harness: its own source, then the objects named above (explicit prerequisites).
$(foreach n,$(FUZZ_NAMES),$(eval $(FUZZ_BUILD)/bin/fuzz_$(n): \
	$(patsubst %,$(FUZZ_BUILD)/obj/%.o,$(FUZZ_SRC_$(n)))))

$(FUZZ_BUILD)/bin/fuzz_%: tests/fuzz/fuzz_%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz -MMD -MP -MF $@.d -o $@ $< $(filter %.o,$^) $(LIBS)

-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)

fuzz:
	@scripts/fuzz $(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS))

fuzz-regress:
	@scripts/fuzz --regress
