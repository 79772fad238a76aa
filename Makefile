# aims - one GNU Makefile for the server, the operator's tool and every test suite.
#
#   make            build build/aimsd and build/aimsctl
#   make run        first-start set-up, then aimsd on 127.0.0.1:8080 (scripts/run)
#   make test       every suite, plain and under ASan+UBSan; last line "N passed, N failed"
#   make format     clang-format the tree;  make check-format  fails when it is not clean
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

DEPS_STAMP := $(BUILD)/.deps-ok
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS = $(PKG_LIBS) -lpthread

LIB_SRC := $(sort $(wildcard src/common/*.c src/vault/*.c src/store/*.c src/store/sqlite/*.c \
              src/products/*.c src/json/*.c src/policies/*.c src/certificates/*.c \
              src/consumers/*.c src/http/*.c src/api/*.c))
SERVER_SRC := $(filter-out src/server/main.c,$(wildcard src/server/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(SERVER_SRC:%.c=$(BUILD)/obj/%.o)
AIMSD_OBJ := $(BUILD)/obj/src/server/main.o
CTL_SRC := $(wildcard src/ctl/*.c)
CTL_OBJ := $(CTL_SRC:%.c=$(BUILD)/obj/%.o)
LIBCORE := $(BUILD)/libaimscore.a

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps run test unit format check-format clean
# Keep object files of test programs (make would delete them as intermediates and print it).
.SECONDARY:
all: $(BUILD)/aimsd $(BUILD)/aimsctl

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps
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

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBCORE)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

unit: $(UNIT_BIN)

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

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
