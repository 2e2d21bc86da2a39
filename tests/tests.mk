# tests.mk - the host-side tests: cmocka programs built from the kernel's own
# sources (each is run by tests/test_unit.py), and the pytest harness's
# helpers. `make test` builds all of UNIT_TESTS and TEST_PROGRAMS first.

$(eval $(call host_unit_test,test_args,kernel/rtl/args.c))
$(eval $(call host_unit_test,test_lineedit,user/shell/lineedit.c))
$(eval $(call host_unit_test,test_bitmap,kernel/rtl/bitmap.c))
$(eval $(call host_unit_test,test_list,))
$(eval $(call host_unit_test,test_symbols,kernel/ke/symbols.c))
$(eval $(call host_unit_test,test_pool,kernel/mm/pool.c tests/unit/kstubs.c))

BENCH_PROGRAMS += $(B)/bench/empty.elf

# One-file multiboot kernels: the empty one make bench measures against, and
# one that triple-faults (tests/test_console.py).
define one_file_kernel
	@mkdir -p $(@D)
	$(Q)$(CC) $(KASFLAGS) -c -o $(@:.elf=.o) $<
	$(Q)$(LD) -m elf_i386 -no-pie -nostdlib -z noexecstack -T boot/kernel.ld -o $@ $(@:.elf=.o)
endef
$(B)/bench/%.elf: tests/bench/%.S boot/kernel.ld
	$(one_file_kernel)
$(B)/host/%.elf: tests/host/%.S boot/kernel.ld
	$(one_file_kernel)

TEST_PROGRAMS += $(B)/host/triplefault.elf

$(eval $(call host_unit_test,test_pct,kernel/ke/pct.c kernel/ke/decide.c))
$(eval $(call host_unit_test,test_trace,kernel/trace/format.c))
$(eval $(call host_unit_test,test_vtime,kernel/ke/time.c kernel/ke/timer.c))

# IoLoadDriver over the object manager, with allocations failed in turn.
$(eval $(call host_unit_test,test_driver,kernel/io/driver.c $(OB_HOST_SRCS)))
$(B)/unit/test_driver: HOST_CFLAGS += -Wl,--wrap=ExAllocatePoolWithTag

# The ring-3 test programs: utest for the guest suite `user` (test_user.c),
# wintest, on the Win32 layer, for `csrss` and `win32`; nwtest, on the Win32
# layer with the net command, for `nwrdr` and `net`.
$(eval $(call user_image,utest,0x41000000,tests/user/utest.c tests/user/utestfile.c \
	tests/user/utestdir.c))
$(eval $(call user_image,wintest,0x41800000,tests/user/wintest.c $(USERLIB_ALL_SRCS)))
$(eval $(call user_image,svcfuzz,0x42000000,tests/user/svcfuzz.c))
$(eval $(call user_image,nwtest,0x42800000,tests/user/nwtest.c $(NET_CMD_SRCS) $(USERLIB_ALL_SRCS)))
# shnet: the shell's file commands (user/shell/shfiles.c) on a network drive,
# run by name from the shell (tests/test_shell.py).
$(eval $(call user_image,shnet,0x45800000,tests/user/shnet.c user/shell/shfiles.c $(USERLIB_ALL_SRCS)))
