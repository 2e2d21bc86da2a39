# irplab - the front door.
#
#   make run      boot the kernel in QEMU with the console on this terminal
#                 (ARGS="test=pool ..." adds boot arguments)
#   make test     unit tests, guest tests in QEMU, debugger and wire checks
#   make debug    QEMU halted with its gdb stub; `make gdb` attaches
#   make bench    speed and size figures, as ratios
#   make lava     LAVA jobs for the regression matrix, under build/lava
#                 (LAVA_URL=where the lab fetches build/lava from,
#                 LAVA_DOCKER=an image of lava/Dockerfile to boot in)
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
LAVA_URL ?=
LAVA_DOCKER ?=

# make V=1 shows the full commands.
V        ?= 0
Q        := $(if $(filter 1,$(V)),,@)

CC       := gcc
LD       := ld
NEWLIB   := $(B)/newlib/install/i686-elf
LIBGCC    = $(shell $(CC) -m32 -print-libgcc-file-name)

# The kernel and user/: 32-bit, freestanding, newlib's headers, no PIE.
KCFLAGS  := -m32 -ffreestanding -fno-pie -fno-stack-protector -fstack-clash-protection -D__DYNAMIC_REENT__ \
            -fno-omit-frame-pointer -fno-optimize-sibling-calls -ggdb $(OPT) -std=gnu11 -Wall -Wextra \
            -Wno-unused-parameter -Werror -MD -MP \
            -isystem $(NEWLIB)/include -Iinclude -Ikernel -I.
KASFLAGS := -m32 -ggdb -MD -MP -Iinclude -Ikernel -I.
KLDFLAGS := -m elf_i386 -no-pie -nostdlib -z noexecstack -T boot/kernel.ld

# Host programs and unit tests: the same sources, built for this machine
# (with frame pointers, as the kernel: pool.c names an allocation's caller's caller).
HOSTCC     := gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter -Werror \
               -Iinclude -Ikernel -I. -MD -MP

.DEFAULT_GOAL := all
.PHONY: all deps run shrink timeline replay debug gdb test bench lava clean
.DELETE_ON_ERROR:


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

# user.mk first: it defines user_image, which tests.mk uses too.
-include user/user.mk
include kernel/kernel.mk
include tests/tests.mk
-include qemu/ncpserv/ncpserv.mk
-include qemu/smbserv/smbserv.mk
include tests/fuzz/fuzz.mk

# The kernel and the process images it boots with (after the includes,
# which declare the images).
SYSTEM := $(B)/kernel.elf $(USER_IMAGES)

all: $(SYSTEM)

# NIC=pci or isa (the default is pci) starts the NetWare server beside QEMU.
# `make run` is the KB's scenario: BASESRV=rtm|sp, SCHED=pct|rr, and
# SEED=S STEPS=K to replay one schedule (the line an orphan prints), or
# SCHED=replay DECISIONS=... to replay a list of decisions (the line make
# shrink prints); SCENARIO=none boots to the prompt alone.
SCENARIO ?= q150047
BASESRV  ?= rtm
SCHED    ?= pct
RUN_ARGS  = scenario=$(SCENARIO) basesrv=$(BASESRV) sched=$(SCHED) \
            $(if $(SEED),seed=$(SEED) schedules=1) $(if $(STEPS),steps=$(STEPS)) \
            $(if $(filter replay,$(SCHED)),$(if $(DECISIONS),decisions=$(DECISIONS)) schedules=1)
run: $(SYSTEM) $(if $(filter none,$(NIC)),,$(B)/ncpserv/ncpserv)
	@qemu/run.sh run $(B)/kernel.elf NIC=$(NIC) ARGS="$(strip $(RUN_ARGS) $(ARGS))" \
	    $(if $(DECISIONS_FILE),DECISIONS=$(DECISIONS_FILE))

# `make shrink SEED=S STEPS=K` (from an orphan's replay line): that
# schedule cut to the fewest decisions that still orphan, in one boot; the
# list is saved as build/shrink/S/decisions for `make run SCHED=replay
# DECISIONS_FILE=...`.
# `make timeline SEED=S STEPS=K` (or DECISIONS_FILE=... for a shrunk
# schedule): the schedule's trace as build/timeline/NAME.json (Chrome's
# trace-event format) and build/timeline/NAME.html (self-contained).
TIMELINE = $(if $(DECISIONS_FILE),replay,$(SEED))
timeline: $(SYSTEM) $(B)/ncpserv/ncpserv
	@test -n "$(TIMELINE)" || { echo "make timeline needs SEED=S STEPS=K, or DECISIONS_FILE="; exit 2; }
	@mkdir -p $(B)/timeline
	@rm -f $(B)/timeline/$(TIMELINE).com2
	@qemu/run.sh test $(B)/kernel.elf NIC=$(NIC) COM2=$(B)/timeline/$(TIMELINE).com2 \
	    $(if $(DECISIONS_FILE),DECISIONS=$(DECISIONS_FILE)) \
	    ARGS="scenario=q150047 basesrv=$(BASESRV) schedules=1 trace=full $(if $(DECISIONS_FILE),sched=replay,sched=pct seed=$(SEED) $(if $(STEPS),steps=$(STEPS))) $(ARGS)" \
	    > $(B)/timeline/$(TIMELINE).log 2>&1; \
	    s=$$?; [ $$s -eq 33 ] || [ $$s -eq 35 ] || { cat $(B)/timeline/$(TIMELINE).log; exit 1; }
	@python3 tools/timeline.py $(B)/timeline/$(TIMELINE).com2 $(B)/timeline/$(TIMELINE)

# `make replay SEED=S STEPS=K` (from an orphan's replay line): the schedule
# recorded with QEMU's record/replay, then gdb on a replay of it, stopped at
# the write that orphaned the drive-table entry (tools/replay.sh).
replay: $(SYSTEM) $(B)/gdbinit $(B)/ncpserv/ncpserv
	@tools/replay.sh $(B) "$(SEED)" "$(STEPS)" $(GDBPORT) $(BASESRV)

shrink: $(SYSTEM) $(B)/ncpserv/ncpserv
	@tools/shrink.sh $(B) "$(SEED)" "$(STEPS)" NIC=$(NIC) \
	    ARGS="scenario=q150047 basesrv=$(BASESRV) sched=pct seed=$(SEED) shrink=on $(if $(STEPS),steps=$(STEPS)) $(ARGS)"

debug: $(SYSTEM) $(B)/gdbinit $(if $(filter none,$(NIC)),,$(B)/ncpserv/ncpserv)
	@qemu/run.sh debug $(B)/kernel.elf GDBPORT=$(GDBPORT) NIC=$(NIC) ARGS="$(ARGS)"

gdb: $(B)/gdbinit
	gdb -q -x $(B)/gdbinit

$(B)/gdbinit: qemu/gdb/gdbinit.in Makefile
	@mkdir -p $(B)
	sed -e 's|@KERNEL@|$(abspath $(B)/kernel.elf)|' -e 's|@GDBPORT@|$(GDBPORT)|' \
	    -e 's|@GDBDIR@|$(abspath qemu/gdb)|' $< > $@

test: $(SYSTEM) $(B)/gdbinit $(UNIT_TESTS) $(TEST_PROGRAMS) lava
	@mkdir -p $(B)/test-results
	IRPLAB_BUILD=$(abspath $(B)) $(PYTHON) -m pytest -p no:cacheprovider tests \
	    --junitxml=$(B)/test-results/junit.xml

bench: $(SYSTEM) $(BENCH_PROGRAMS) lava
	@IRPLAB_BUILD=$(abspath $(B)) $(PYTHON) tests/bench.py

# LAVA's base device-type templates, from Debian's lava-server package.
LAVA_TEMPLATES := $(B)/lava-server/device-types

$(LAVA_TEMPLATES)/base.jinja2: tools/lavatemplates.sh | $(B)/.deps
	tools/lavatemplates.sh $(abspath $(LAVA_TEMPLATES))

lava: $(SYSTEM) $(B)/ncpserv/ncpserv $(B)/smbserv/smbserv $(LAVA_TEMPLATES)/base.jinja2
	@$(PYTHON) lava/jobs.py --build $(B) --templates $(LAVA_TEMPLATES) \
	    $(if $(LAVA_URL),--url $(LAVA_URL)) $(if $(LAVA_DOCKER),--docker $(LAVA_DOCKER))

clean:
	rm -rf $(B)/kernel* $(B)/obj $(B)/uobj $(B)/images $(B)/symbols $(B)/unit $(B)/test-results \
	    $(B)/bench \
	    $(B)/ncpserv $(B)/lava

.PRECIOUS: $(B)/%
