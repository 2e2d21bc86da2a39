# user.mk - user/, the processes' code: ntdll (user/ntdll: the native
# calls' stubs, start-up, newlib's system calls), CSRSS (user/csrss: its
# server and the base server) and the Win32 layer with the network
# provider (user/lib).
#
# A process image is an ELF executable linked at a base of its own
# (user/image.ld) from ntdll's objects, its own sources, newlib and libgcc:
# $(B)/symbols/NAME whole, for gdb, and $(B)/images/NAME without its debug
# information (its symbol table stays, for the fault reports), which
# qemu/run.sh hands to the kernel as a multiboot module.
# $(call user_image,NAME,BASE,SOURCES) declares one; USER_IMAGES lists them.
# The programs: csrss (0x40400000), net (0x44000000, user/net: NT's
# `net use`), csnw (0x44400000, user/csnw: Client Services for
# NetWare's stop and start) and the KB's other programs: mmta (0x44800000, user/mmta: the
# Multitasking MTA), cim (0x44C00000, user/cim: Compaq Insight Manager's
# agent), winfile (0x45000000, user/winfile: File Manager's drive click);
# the test programs (tests/tests.mk) sit between csrss and net.
#
# USER_PURE_SRCS reach the world only through an environment (basesrv.h,
# mpr.h): the host tests build them with the in-memory object manager and
# NWRDR of tests/model, run by tests/test_unit.py. The processes link them
# with the files written against the native API: CSRSS_SRCS make the image
# csrss, USERLIB_ALL_SRCS the Win32 layer every client image links.
# tests/test_user_boundary.py checks that user/ calls nothing but Nt*/Rtl*,
# ntdll and the C library, and includes nothing from kernel/ or drivers/.

BASESRV_SRCS := user/csrss/basesrv/dosdev.c user/csrss/basesrv/targets.c \
                user/csrss/basesrv/audit.c user/csrss/basesrv/drop.c
USERLIB_SRCS := user/lib/provider.c user/lib/winerror.c
USER_PURE_SRCS := $(BASESRV_SRCS) $(USERLIB_SRCS)
CSRSS_SRCS := $(BASESRV_SRCS) user/csrss/basesrv/ntenv.c user/csrss/csrsrv/server.c \
              user/csrss/csrss.c
USERLIB_ALL_SRCS := $(USERLIB_SRCS) user/lib/csrclient.c user/lib/dosdev.c user/lib/file.c \
                    user/lib/fileinfo.c user/lib/names.c user/lib/volume.c user/lib/find.c \
                    user/lib/netuse.c

# NET_CMD_SRCS is the net command without its main: a program that runs
# `net` inside its own process (a test, a shell) links them.
NET_CMD_SRCS := user/net/netcmd.c user/net/netuse.c

USER_MODEL_SRCS := tests/model/model.c tests/model/explore.c

# Processes see include/ and their own tree; never kernel/ or drivers/.
UCFLAGS := $(filter-out -Ikernel,$(KCFLAGS))
NTDLL_SRCS := user/ntdll/crt0.S user/ntdll/svc.S user/ntdll/ldr.c user/ntdll/crt.c \
              user/ntdll/rtl.c
USER_IMAGES :=

$(B)/uobj/%.o: %.c $(NEWLIB)/lib/libc.a Makefile
	@mkdir -p $(@D)
	@echo "  UCC     $<"
	$(Q)$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/uobj/%.o: %.S Makefile
	@mkdir -p $(@D)
	@echo "  UAS     $<"
	$(Q)$(CC) $(KASFLAGS) -c -o $@ $<

define user_image
USER_IMAGES += $(B)/images/$(1)
$(B)/symbols/$(1): $(patsubst %,$(B)/uobj/%.o,$(basename $(NTDLL_SRCS) $(3))) user/image.ld
	@mkdir -p $$(@D)
	@echo "  ULD     $$@"
	$$(Q)$$(LD) -m elf_i386 -no-pie -nostdlib -z noexecstack -T user/image.ld \
	    --defsym=IMAGE_BASE=$(2) -o $$@ $$(filter %.o,$$^) $$(NEWLIB)/lib/libc.a $$(LIBGCC)
$(B)/images/$(1): $(B)/symbols/$(1)
	@mkdir -p $$(@D)
	$$(Q)objcopy --strip-debug $$< $$@
-include $(patsubst %,$(B)/uobj/%.d,$(basename $(NTDLL_SRCS) $(3)))
endef

$(eval $(call host_unit_test,test_basesrv,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_nwprovider,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_basesrv_model,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))
$(eval $(call host_unit_test,test_basesrv_drop,$(USER_PURE_SRCS) $(USER_MODEL_SRCS)))

$(eval $(call user_image,csrss,0x40400000,$(CSRSS_SRCS)))
$(eval $(call user_image,net,0x44000000,user/net/net.c $(NET_CMD_SRCS) $(USERLIB_ALL_SRCS)))
$(eval $(call user_image,csnw,0x44400000,user/csnw/csnw.c $(USERLIB_ALL_SRCS)))
$(eval $(call user_image,mmta,0x44800000,user/mmta/mmta.c $(USERLIB_ALL_SRCS)))
$(eval $(call user_image,cim,0x44C00000,user/cim/cim.c $(USERLIB_ALL_SRCS)))
$(eval $(call user_image,winfile,0x45000000,user/winfile/winfile.c $(USERLIB_ALL_SRCS)))

# The shell: the console as a process (user/shell), on the Win32 layer.
SHELL_SRCS := user/shell/shell.c user/shell/lineedit.c user/shell/shsys.c user/shell/shfiles.c \
              user/shell/shrun.c
$(eval $(call user_image,shell,0x45400000,$(SHELL_SRCS) $(NET_CMD_SRCS) $(USERLIB_ALL_SRCS)))
