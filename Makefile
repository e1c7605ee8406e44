# hwpoison — build, test and lab targets. `make` builds ./hwpoison.
CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS    := mount smartcols libcap
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iinclude $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS)

LIB_SRC := $(sort $(wildcard lib/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
LIB_OBJ := $(LIB_SRC:.c=.o)
CMD_OBJ := $(CMD_SRC:.c=.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:.c=)

PREFIX  ?= /usr/local

.PHONY: all check check-unit check-cli check-vm demo lab clean install
all: hwpoison

libhwpoison.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

hwpoison: $(CMD_OBJ) libhwpoison.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) libhwpoison.a $(LDLIBS)

lib/%.o: lib/%.c include/hwpoison/hwpoison.h lib/internal.h
	$(CC) $(CFLAGS) -c -o $@ $<

cmd/%.o: cmd/%.c include/hwpoison/hwpoison.h cmd/cmd.h
	$(CC) $(CFLAGS) -c -o $@ $<

tests/unit/test_%: tests/unit/test_%.c tests/unit/tap.h libhwpoison.a
	$(CC) $(CFLAGS) -Ilib $(LDFLAGS) -o $@ $< libhwpoison.a $(LDLIBS)

# The one test command: unit, CLI (fixture) and real-kernel VM tests,
# ending with a single "N passed, N failed" line.
check: hwpoison $(UNIT_BIN)
	tests/run-all

check-unit: $(UNIT_BIN)
	tests/run-all unit

check-cli: hwpoison
	tests/run-all cli

check-vm: hwpoison
	tests/run-all vm

# A guided session on the real 6.12 kernel in a VM.
demo: hwpoison
	tests/vm/run --demo

# The same VM with an interactive shell on the console.
lab: hwpoison
	tests/vm/run --lab

install: hwpoison
	install -D -m 0755 hwpoison $(DESTDIR)$(PREFIX)/sbin/hwpoison
	install -D -m 0644 -t $(DESTDIR)$(PREFIX)/share/man/man8 man/*.8
	install -D -m 0644 completions/hwpoison.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/hwpoison
	install -D -m 0644 completions/_hwpoison $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_hwpoison

clean:
	rm -f hwpoison libhwpoison.a lib/*.o cmd/*.o $(UNIT_BIN)
	rm -rf tests/vm/build
