# hwpoison — build, test and lab targets. `make` builds ./hwpoison.
CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS    := mount smartcols libcap libtraceevent json-c
# Empty until tests/deps has installed them: the targets that install
# build the binary in a second make, which reads these again.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
override CFLAGS += -std=c11 -D_GNU_SOURCE -pthread -Wall -Wextra -Iinclude $(PKG_CFLAGS)
# libpfm4 (no pkg-config file) is loaded with dlopen when events are opened.
LDLIBS  += $(PKG_LIBS) -ldl -pthread

LIB_SRC := $(sort $(wildcard lib/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
LIB_OBJ := $(LIB_SRC:.c=.o)
CMD_OBJ := $(CMD_SRC:.c=.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:.c=)

PREFIX  ?= /usr/local
ZSHDIR  ?= $(PREFIX)/share/zsh/site-functions
VERSION := $(shell sed -n 's/^\#define HWP_VERSION "\(.*\)"/\1/p' include/hwpoison/hwpoison.h)


.PHONY: deb all check check-unit check-cli check-vm check-sanitize check-valgrind demo lab guest-matrix check-guest clean clean-objects install fuzz fuzz-run
all: hwpoison

libhwpoison.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

hwpoison: $(CMD_OBJ) libhwpoison.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) libhwpoison.a $(LDLIBS)

lib/%.o: lib/%.c include/hwpoison/hwpoison.h lib/internal.h
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

cmd/%.o: cmd/%.c include/hwpoison/hwpoison.h $(wildcard cmd/*.h)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

tests/unit/test_%: tests/unit/test_%.c tests/unit/tap.h tests/unit/fixture.h libhwpoison.a $(wildcard tests/fuzz/*.[ch]) cmd/advice.c cmd/advice.h
	$(CC) $(CFLAGS) -Ilib $(LDFLAGS) -o $@ $< libhwpoison.a $(LDLIBS)

# The one test command: unit, CLI (fixture) and real-kernel VM tests,
# ending with a single "N passed, N failed" line.
# On a fresh machine it installs what the build and the tests need first.
check:
	tests/deps build test vm deb
	$(MAKE) hwpoison $(UNIT_BIN)
	tests/run-all

check-unit: $(UNIT_BIN)
	tests/run-all unit

check-cli: hwpoison
	tests/run-all cli

check-vm: hwpoison
	tests/run-all vm

# libFuzzer targets (clang, libclang-rt) for every parser of outside input,
# each run for FUZZ_TIME seconds; new inputs go to build-fuzz/, crashes fail.
FUZZ_TIME ?= 30
FUZZ_CC ?= clang
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := -g -O1 -std=c11 -D_GNU_SOURCE -Iinclude -Ilib $(PKG_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_SRC) cmd/advice.c include/hwpoison/hwpoison.h lib/internal.h
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(PKG_LIBS) -ldl -pthread

fuzz:
	tests/deps build fuzz
	$(MAKE) fuzz-run

fuzz-run: $(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus-$$t; \
		echo "fuzz: $$t for $(FUZZ_TIME) s"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -artifact_prefix=build-fuzz/crash-$$t- \
			-print_final_stats=0 build-fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>build-fuzz/$$t.log || \
			{ tail -n 30 build-fuzz/$$t.log; echo "fuzz: $$t crashed: see build-fuzz/crash-$$t-*"; exit 1; }; \
		tail -n 1 build-fuzz/$$t.log; \
	done

# The whole suite (unit, CLI, VM) with an ASan+UBSan build of hwpoison.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
check-sanitize:
	tests/deps build test vm deb
	$(MAKE) clean-objects
	$(MAKE) CFLAGS="-O1 -g $(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" hwpoison $(UNIT_BIN)
	ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:exitcode=86 UBSAN_OPTIONS=halt_on_error=1:exitcode=86:print_stacktrace=1 \
		tests/run-all; rc=$$?; $(MAKE) clean-objects; exit $$rc

# The unit and CLI (fixture) suites under valgrind's memcheck, which sees
# the uninitialised reads ASan does not.
check-valgrind:
	tests/deps build test valgrind
	$(MAKE) hwpoison $(UNIT_BIN)
	TEST_WRAPPER=tests/valgrind/run HWPOISON=tests/valgrind/hwpoison tests/run-all unit cli

clean-objects:
	rm -f hwpoison libhwpoison.a lib/*.o cmd/*.o $(UNIT_BIN)

# A guided session on the newest real kernel of the lab (Debian's 7.x) in a VM.
demo:
	tests/deps build vm
	$(MAKE) hwpoison
	tests/vm/run --demo

# The guest scenario (QEMU/KVM guests nested in a 6.12 VM, told for guest
# kernels 6.1, 6.12 and 7): not part of check, as it takes 7 minutes more and
# nested emulation now and then resets or panics a machine (README,
# hypervisor hosts; a silent reset is tried once more).
check-guest:
	tests/deps build vm
	$(MAKE) hwpoison
	tests/vm/run --kernel 6.12 --guest-kernels 6.1,6.12,7 guest

# Every cell of the guest matrix (guest kernel × CPU vendor × QEMU), nested
# in one VM, printed as the README's table; many minutes.
guest-matrix:
	tests/deps build vm
	$(MAKE) hwpoison
	tests/vm/matrix

# The same VM with an interactive shell on the console.
lab:
	tests/deps build vm
	$(MAKE) hwpoison
	tests/vm/run --lab

install: hwpoison
	install -D -m 0755 hwpoison $(DESTDIR)$(PREFIX)/sbin/hwpoison
	install -D -m 0644 -t $(DESTDIR)$(PREFIX)/share/man/man8 man/*.8
	install -D -m 0644 completions/hwpoison.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/hwpoison
	install -D -m 0644 completions/_hwpoison $(DESTDIR)$(ZSHDIR)/_hwpoison

# The Debian package, built (debhelper) from a copy of the tree in build/deb,
# so that its clean step leaves this tree alone; lintian must find no error.
deb:
	tests/deps build deb
	rm -rf build/deb && mkdir -p build/deb/hwpoison-$(VERSION)
	git ls-files -co --exclude-standard -z | \
		xargs -0 cp --parents -t build/deb/hwpoison-$(VERSION) 2>/dev/null || \
		tar --exclude=./build --exclude=./.git -cf - . | tar -C build/deb/hwpoison-$(VERSION) -xf -
	# A package of its own flags: none of this make's (a sanitizer build's) leak into it.
	cd build/deb/hwpoison-$(VERSION) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		-u CFLAGS -u LDFLAGS dpkg-buildpackage -us -uc -b
	lintian --fail-on error build/deb/hwpoison_$(VERSION)_*.deb
	@ls build/deb/*.deb

clean: clean-objects
	rm -rf tests/vm/build build-fuzz build
