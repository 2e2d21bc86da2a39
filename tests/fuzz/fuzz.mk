# fuzz.mk - libFuzzer targets, built with Debian's clang, AddressSanitizer
# and UndefinedBehaviorSanitizer (included by the top Makefile, which
# defines B). tests/fuzz/fuzz.h lists them; each file says what an input is
# and what it checks.
#
#   make fuzz                   every target for FUZZ_SECONDS (default 30)
#                               seconds, from the committed seeds plus what
#                               earlier runs found (build/fuzz/corpus);
#                               prints inputs run, coverage and findings
#   make fuzz FUZZ_SECONDS=600  the same, longer
#   make fuzz-seeds             rebuilds tests/fuzz/corpus with
#                               tools/fuzzseeds.py (ncpserv and smbserv
#                               with their host clients record sessions;
#                               the other seeds are the command lines and
#                               keystrokes the tests use)
#
# A finding is written to build/fuzz/findings/TARGET/; once its bug is
# fixed, it goes to tests/fuzz/regressions/TARGET/, which tests/test_fuzz.py
# replays in every `make test` (with a short smoke run of each target).
#
# nwrdr is NWRDR's own parsing (drivers/nwrdr/nwrname.c: names, and what
# NCP's answers become for the I/O manager), over the same codec.

FUZZ_CC      := clang
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Werror \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -Iinclude -Ikernel -I.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := ipxwire ncpwire ncpserv bootargs lineedit nwrdr smbwire
FUZZ_PROGRAMS := $(patsubst %,$(B)/fuzz/fuzz_%,$(FUZZ_TARGETS))

FUZZ_SOURCES_ipxwire  := drivers/ipx/ipxwire.c
FUZZ_SOURCES_ncpwire  := drivers/ipx/ipxwire.c drivers/nwrdr/ncpwire.c
FUZZ_SOURCES_ncpserv  := $(NCPSERV_SOURCES) $(NCPSERV_CODEC)
FUZZ_SOURCES_bootargs := kernel/rtl/args.c
FUZZ_SOURCES_lineedit := user/shell/lineedit.c
FUZZ_SOURCES_smbwire  := drivers/ipx/ipxwire.c drivers/lanman/smbwire.c drivers/lanman/smbnames.c
FUZZ_SOURCES_nwrdr    := drivers/ipx/ipxwire.c drivers/nwrdr/ncpwire.c drivers/nwrdr/nwrname.c \
                         kernel/rtl/string.c

.SECONDEXPANSION:
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $$(FUZZ_SOURCES_$$*) | $(B)/.deps
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(NCPSERV_DEFINES) -MD -MP -MF $@.d -o $@ $(filter %.c,$^)

-include $(FUZZ_PROGRAMS:=.d)

TEST_PROGRAMS += $(FUZZ_PROGRAMS)

.PHONY: fuzz fuzz-seeds
fuzz: $(FUZZ_PROGRAMS)
	@$(PYTHON) tools/fuzz.py --build $(B) --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-seeds: $(B)/ncpserv/ncpserv $(B)/host/ncpclient $(B)/smbserv/smbserv $(B)/host/smbclient
	@$(PYTHON) tools/fuzzseeds.py --build $(B) --out tests/fuzz/corpus
