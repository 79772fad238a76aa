# aims - one GNU Makefile for the server, the operator's tool and every test suite.
#
#   make            build build/aimsd, build/aimsctl, libaims (.a, .so, aims.pc) and build/aims
#   make install PREFIX=dir   install libaims, its header, aims.pc, build/aims and man pages
#   make run        first-start set-up, then aimsd on 127.0.0.1:8080 (scripts/run)
#   make test       every suite, plain and under ASan+UBSan; last line "N passed, N failed"
#   make format     clang-format the tree;  make check-format  fails when it is not clean
#   make fuzz       every fuzz target under libFuzzer (clang) for FUZZ_SECONDS each
#
# Every target first runs scripts/install-deps (instant when nothing is missing).
# BUILD=dir and SAN=1 give a sanitizer build in its own folder (make test does this).

BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
PKGS := libmicrohttpd jansson sqlite3 libsodium cairo libqrencode fontconfig
WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wconversion \
        -Wno-sign-conversion
ifeq ($(CI),true)
WARN += -Werror
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
ifeq ($(FUZZER),1)
SANFLAGS += -fsanitize=fuzzer-no-link
endif

DEPS_STAMP := $(BUILD)/.deps-ok
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS = $(PKG_LIBS) -lpthread

LIB_SRC := $(sort $(wildcard src/common/*.c src/vault/*.c src/store/*.c src/store/sqlite/*.c \
              src/products/*.c src/json/*.c src/policies/*.c src/certificates/*.c \
              src/consumers/*.c src/dashboard/*.c src/http/*.c src/api/*.c))
SERVER_SRC := $(filter-out src/server/main.c,$(wildcard src/server/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(SERVER_SRC:%.c=$(BUILD)/obj/%.o)
AIMSD_OBJ := $(BUILD)/obj/src/server/main.o
CTL_SRC := $(wildcard src/ctl/*.c)
CTL_OBJ := $(CTL_SRC:%.c=$(BUILD)/obj/%.o)
LIBCORE := $(BUILD)/libaimscore.a

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Fuzz targets (fuzz/<name>.c, each an LLVMFuzzerTestOneInput). `unit` builds each with
# fuzz/replay.c as build/fuzz/replay-<name>, which make test runs over fuzz/corpus/<name>/;
# `make fuzz` links them with libFuzzer in build/fuzz and searches for new inputs.
FUZZ_NAMES := $(filter-out replay,$(patsubst fuzz/%.c,%,$(wildcard fuzz/*.c)))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay-%)
FUZZ_SECONDS ?= 60

.PHONY: all deps run test unit format check-format clean install fuzz fuzzers
# Keep object files of test programs (make would delete them as intermediates and print it).
.SECONDARY:
all: $(BUILD)/aimsd $(BUILD)/aimsctl $(BUILD)/libaims.a $(BUILD)/libaims.so $(BUILD)/aims \
     $(BUILD)/aims.pc $(BUILD)/bench-load

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps package-lock.json
	@scripts/install-deps
	@mkdir -p $(@D) && touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBCORE): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/aimsd: $(AIMSD_OBJ) $(LIBCORE)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/aimsctl: $(CTL_OBJ) $(LIBCORE)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/obj/tests/unit/store_fixture.o $(LIBCORE)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

unit: $(UNIT_BIN) $(REPLAY_BIN)

# The load generator of bench/register.py (libc and pthreads only).
$(BUILD)/bench-load: $(BUILD)/obj/bench/load.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lpthread

$(BUILD)/fuzz/replay-%: $(BUILD)/obj/fuzz/%.o $(BUILD)/obj/fuzz/replay.o $(LIBCORE)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/fuzz/fuzz-%: $(BUILD)/obj/fuzz/%.o $(LIBCORE)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzzers: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz-%)

# New inputs found go to build/fuzz/corpus/<name>/; a crash leaves crash-* in the current
# folder. Copy an input worth keeping into fuzz/corpus/<name>/ to make it a test.
fuzz:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang SAN=1 FUZZER=1 CFLAGS="-O1 -g" fuzzers
	@for n in $(FUZZ_NAMES); do \
	    mkdir -p build/fuzz/corpus/$$n && \
	    build/fuzz/fuzz/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        build/fuzz/corpus/$$n fuzz/corpus/$$n || exit 1; \
	done

# libaims, the partner's client library (src/client/), and build/aims, its command-line
# client (src/cli/). They use only include/aims/ and pure helpers of src/common/, plus
# libcurl, Jansson and SQLite. The static library is one object pre-linked with ld -r in
# which only aims_* stays global; the shared one exports aims_* through a version script.
# Its objects are built with -fPIC in their own folder.
PREFIX ?= /usr/local
OBJCOPY ?= objcopy
CLIENT_PKGS := libcurl jansson sqlite3
CLIENT_CFLAGS = $(shell pkg-config --cflags $(CLIENT_PKGS) 2>/dev/null) -Iinclude
CLIENT_LIBS = $(shell pkg-config --libs $(CLIENT_PKGS) 2>/dev/null) -lpthread
AIMS_VERSION := $(shell sed -n 's/.*define AIMS_CLIENT_VERSION "\(.*\)"/\1/p' include/aims/client.h)
CLIENT_SRC := $(sort $(wildcard src/client/*.c)) src/common/ids.c src/common/timeutil.c
CLIENT_OBJ := $(CLIENT_SRC:%.c=$(BUILD)/obj/%.o)
CLIENT_PIC := $(CLIENT_SRC:%.c=$(BUILD)/pic/%.o)
CLI_SRC := $(wildcard src/cli/*.c)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)

$(CLIENT_OBJ) $(CLIENT_PIC) $(CLI_OBJ): PKG_CFLAGS += $(CLIENT_CFLAGS)

$(BUILD)/pic/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -c $< -o $@

$(BUILD)/libaims.a: $(CLIENT_OBJ)
	@rm -f $@ $(BUILD)/obj/libaims.o
	$(LD) -r -o $(BUILD)/obj/libaims.o $^
	$(OBJCOPY) -w --keep-global-symbol='aims_*' $(BUILD)/obj/libaims.o
	$(AR) rcs $@ $(BUILD)/obj/libaims.o

$(BUILD)/libaims.so: $(CLIENT_PIC) src/client/libaims.map
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,libaims.so.0 \
	    -Wl,--version-script=src/client/libaims.map -o $@ $(CLIENT_PIC) $(CLIENT_LIBS)

$(BUILD)/aims: $(CLI_OBJ) $(BUILD)/libaims.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

$(BUILD)/aims.pc: src/client/aims.pc.in include/aims/client.h
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(AIMS_VERSION)|' $< >$@

# DESTDIR is honoured for packaging. Man pages are installed when man/ has them.
install: $(BUILD)/aims $(BUILD)/libaims.a $(BUILD)/libaims.so $(BUILD)/aims.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/aims
	install -m 0755 $(BUILD)/aims $(DESTDIR)$(PREFIX)/bin/aims
	install -m 0644 $(BUILD)/libaims.a $(DESTDIR)$(PREFIX)/lib/libaims.a
	install -m 0755 $(BUILD)/libaims.so $(DESTDIR)$(PREFIX)/lib/libaims.so.$(AIMS_VERSION)
	ln -sf libaims.so.$(AIMS_VERSION) $(DESTDIR)$(PREFIX)/lib/libaims.so.0
	ln -sf libaims.so.0 $(DESTDIR)$(PREFIX)/lib/libaims.so
	install -m 0644 include/aims/*.h $(DESTDIR)$(PREFIX)/include/aims/
	sed 's|^prefix=.*|prefix=$(PREFIX)|' $(BUILD)/aims.pc >$(DESTDIR)$(PREFIX)/lib/pkgconfig/aims.pc
	$(if $(wildcard man/aims.1),install -d $(DESTDIR)$(PREFIX)/share/man/man1 && \
	    install -m 0644 man/aims.1 $(DESTDIR)$(PREFIX)/share/man/man1/aims.1)
	$(if $(wildcard man/libaims.3),install -d $(DESTDIR)$(PREFIX)/share/man/man3 && \
	    install -m 0644 man/libaims.3 $(DESTDIR)$(PREFIX)/share/man/man3/libaims.3)

run: all
	@scripts/run

# The whole suite: unit and API tests, then the same under ASan+UBSan.
test: all unit
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 CFLAGS="-O1 -g" all unit
	@tests/run-all build build/asan

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

check-format:
	@clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj $(BUILD)/pic -name '*.d' 2>/dev/null)
