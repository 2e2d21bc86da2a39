# irplab - the front door.
#
#   make run      boot the kernel in QEMU with the console on this terminal
#                 (ARGS="test=pool ..." adds boot arguments)
#   make test     unit tests, guest tests in QEMU, debugger and wire checks
#   make debug    QEMU halted with its gdb stub; `make gdb` attaches
#   make bench    speed and size figures, as ratios
#   make fuzz     the libFuzzer targets (tests/fuzz/fuzz.mk), FUZZ_SECONDS each
#
# Every target first makes sure the Debian packages it needs are installed
# (tools/deps.sh) and that newlib has been built into build/newlib.

# B=DIR builds somewhere else (two builds at once must not share a folder).
B        ?= build
NIC      ?= pci
ARGS     ?=
OPT      ?= -O2
GDBPORT  := $(shell expr `id -u` % 5000 + 25000)
PYTHON   := /usr/bin/python3

# make V=1 shows the full commands.
V        ?= 0
Q        := $(if $(filter 1,$(V)),,@)

CC       := gcc
LD       := ld
NEWLIB   := $(B)/newlib/install/i686-elf
LIBGCC    = $(shell $(CC) -m32 -print-libgcc-file-name)

# The kernel and user/: 32-bit, freestanding, newlib's headers, no PIE.
KCFLAGS  := -m32 -ffreestanding -fno-pie -fno-stack-protector -fstack-clash-protection \
            -fno-omit-frame-pointer -fno-optimize-sibling-calls -ggdb $(OPT) -std=gnu11 -Wall -Wextra \
            -Wno-unused-parameter -Werror -MD -MP \
            -isystem $(NEWLIB)/include -Iinclude -Ikernel -I.
KASFLAGS := -m32 -ggdb -MD -MP -Iinclude -Ikernel -I.
KLDFLAGS := -m elf_i386 -no-pie -nostdlib -z noexecstack -T boot/kernel.ld

# Host programs and unit tests: the same sources, built for this machine.
HOSTCC     := gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Werror \
               -Iinclude -Ikernel -I. -MD -MP

.DEFAULT_GOAL := all
.PHONY: all deps run debug gdb test bench clean
.DELETE_ON_ERROR:

all: $(B)/kernel.elf

deps: $(B)/.deps
$(B)/.deps: tools/deps.sh
	@mkdir -p $(B)
	@tools/deps.sh
	@touch $@

$(NEWLIB)/lib/libc.a: tools/newlib.sh | $(B)/.deps
	tools/newlib.sh $(B)/newlib

# $(call host_unit_test,NAME,SOURCES): build/unit/NAME, a cmocka program
# from tests/unit/NAME.c and the kernel or host SOURCES it tests.
UNIT_TESTS :=
define host_unit_test
UNIT_TESTS += $(B)/unit/$(1)
$(B)/unit/$(1): tests/unit/$(1).c $(2) | $(B)/.deps
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	$$(Q)$$(HOSTCC) $$(HOST_CFLAGS) -MF $$@.d -o $$@ $$(filter %.c,$$^) -lcmocka
-include $(B)/unit/$(1).d
endef

# user.mk first: kernel.mk links USER_SRCS into the image.
-include user/user.mk
include kernel/kernel.mk
include tests/tests.mk
-include qemu/ncpserv/ncpserv.mk
include tests/fuzz/fuzz.mk

# NIC=pci or isa (the default is pci) starts the NetWare server beside QEMU.
run: $(B)/kernel.elf $(if $(filter none,$(NIC)),,$(B)/ncpserv/ncpserv)
	@qemu/run.sh run $(B)/kernel.elf NIC=$(NIC) ARGS="$(ARGS)"

debug: $(B)/kernel.elf $(B)/gdbinit
	@qemu/run.sh debug $(B)/kernel.elf GDBPORT=$(GDBPORT) ARGS="$(ARGS)"

gdb: $(B)/gdbinit
	gdb -q -x $(B)/gdbinit

$(B)/gdbinit: qemu/gdb/gdbinit.in Makefile
	@mkdir -p $(B)
	sed -e 's|@KERNEL@|$(abspath $(B)/kernel.elf)|' -e 's|@GDBPORT@|$(GDBPORT)|' \
	    -e 's|@GDBDIR@|$(abspath qemu/gdb)|' $< > $@

test: $(B)/kernel.elf $(B)/gdbinit $(UNIT_TESTS) $(TEST_PROGRAMS)
	@mkdir -p $(B)/test-results
	IRPLAB_BUILD=$(abspath $(B)) $(PYTHON) -m pytest -p no:cacheprovider tests \
	    --junitxml=$(B)/test-results/junit.xml

bench: $(B)/kernel.elf $(BENCH_PROGRAMS)
	@IRPLAB_BUILD=$(abspath $(B)) $(PYTHON) tests/bench.py

clean:
	rm -rf $(B)/kernel* $(B)/obj $(B)/unit $(B)/test-results $(B)/bench $(B)/ncpserv

.PRECIOUS: $(B)/%
