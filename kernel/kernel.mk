# kernel.mk - the kernel image, build/kernel.elf.
#
# Sources are listed by subsystem, in the order they start. The image is
# linked twice: the first link has an empty symbol table, the second the
# table tools/ksyms.sh makes from the first. .ksyms lies after all code, so
# the second link moves no function; the rule checks that it really did not.
# Each link also writes build/kernel.sym (nm -n) and build/kernel.asm.

KERNEL_SRCS := \
	boot/entry.S boot/trap.S boot/gdt.c boot/idt.c \
	kernel/hal/uart.c kernel/hal/pic.c kernel/hal/pit.c kernel/hal/pci.c kernel/hal/exit.c \
	kernel/ke/init.c kernel/ke/trap.c kernel/ke/syscall.c kernel/ke/zw.S \
	kernel/ke/bugcheck.c kernel/ke/symbols.c \
	kernel/ke/clock.c kernel/ke/irql.c kernel/ke/spinlock.c kernel/ke/lockrank.c kernel/ke/bootargs.c \
	kernel/ke/ctxswap.S kernel/ke/thread.c kernel/ke/sched.c kernel/ke/pct.c kernel/ke/decide.c kernel/ke/time.c \
	kernel/ke/timer.c kernel/ke/wait.c kernel/ke/event.c kernel/ke/dpc.c kernel/ke/apc.c \
	kernel/trace/trace.c kernel/trace/format.c \
	kernel/mm/phys.c kernel/mm/paging.c kernel/mm/stack.c kernel/mm/pool.c kernel/mm/crt.c \
	kernel/mm/virtual.c kernel/mm/ntvm.c kernel/mm/usercopy.S \
	kernel/rtl/bitmap.c kernel/rtl/args.c \
	kernel/ex/start.c kernel/ex/sysinfo.c kernel/ex/ntevent.c kernel/ex/ntwait.c \
	kernel/ex/lookaside.c kernel/ex/ntmutant.c kernel/ex/csrss.c kernel/ex/probe.c kernel/ex/scenario.c kernel/ex/shrink.c \
	kernel/ps/process.c kernel/ps/create.c kernel/ps/exit.c kernel/ps/image.c \
	kernel/ps/ntthread.c kernel/ps/security.c \
	kernel/io/irp.c kernel/io/cancel.c kernel/io/verifier.c kernel/io/driver.c \
	kernel/io/file.c kernel/io/ntfile.c kernel/io/ntinfo.c kernel/io/bootdrv.c \
	kernel/io/ntdriver.c \
	drivers/null/null.c drivers/console/console.c \
	tests/guest/gtest.c tests/guest/test_boot.c tests/guest/test_pool.c \
	tests/guest/test_faults.c tests/guest/test_ke.c tests/guest/test_pct.c \
	tests/guest/test_io.c tests/guest/test_iofile.c tests/guest/drivers/ramfs.c \
	tests/guest/drivers/ramfsopen.c tests/guest/drivers/ramfsinfo.c tests/guest/drivers/filter.c \
	tests/guest/drivers/broken.c tests/guest/test_bench.c \
	tests/guest/test_win32.c \
	tests/guest/test_csrss.c tests/guest/drivers/gate.c tests/guest/test_user.c \
	tests/guest/test_svcfuzz.c tests/guest/test_lowres.c tests/guest/test_net.c \
	tests/guest/test_progs.c \
	tests/guest/test_csnw.c tests/guest/gtnet.c

# Subsystems and drivers that keep their own list add to it here.
-include kernel/ob/ob.mk
-include drivers/ne2000/ne2000.mk
-include drivers/ipx/ipx.mk
-include drivers/nwrdr/nwrdr.mk
-include drivers/lanman/lanman.mk
-include kernel/lpc/lpc.mk
KERNEL_SRCS += $(OB_SRCS) $(NE2K_SRCS) $(IPX_SRCS) $(NWRDR_SRCS) $(LANMAN_SRCS) $(LPC_SRCS)

KERNEL_OBJS := $(patsubst %,$(B)/obj/%.o,$(basename $(KERNEL_SRCS)))
KERNEL_LIBS  = $(NEWLIB)/lib/libc.a $(LIBGCC)

# Objects depend on the Makefile too: a changed flag rebuilds them.
$(B)/obj/%.o: %.c $(NEWLIB)/lib/libc.a Makefile
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/obj/%.o: %.S Makefile
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(KASFLAGS) -c -o $@ $<

$(B)/obj/ksyms-empty.o: tools/ksyms.sh
	@mkdir -p $(@D)
	$(Q)tools/ksyms.sh > $(B)/obj/ksyms-empty.S
	$(Q)$(CC) $(KASFLAGS) -c -o $@ $(B)/obj/ksyms-empty.S

$(B)/kernel.elf: $(KERNEL_OBJS) $(B)/obj/ksyms-empty.o boot/kernel.ld tools/ksyms.sh
	@echo "  LD      $@"
	$(Q)$(LD) $(KLDFLAGS) -o $(B)/kernel.pass1.elf $(KERNEL_OBJS) $(B)/obj/ksyms-empty.o $(KERNEL_LIBS)
	$(Q)tools/ksyms.sh $(B)/kernel.pass1.elf > $(B)/obj/ksyms.S
	$(Q)$(CC) $(KASFLAGS) -c -o $(B)/obj/ksyms.o $(B)/obj/ksyms.S
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/obj/ksyms.o $(KERNEL_LIBS)
	$(Q)tools/ksyms.sh $@ | cmp -s - $(B)/obj/ksyms.S || \
		{ echo "kernel.mk: functions moved between the two links" >&2; rm -f $@; exit 1; }
	$(Q)nm -n $@ > $(B)/kernel.sym
	$(Q)objdump -d -S $@ > $(B)/kernel.asm

-include $(KERNEL_OBJS:.o=.d)
