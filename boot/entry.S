/*
 * entry.S - the multiboot (version 1) header and the first instructions.
 *
 * QEMU's -kernel loader finds the header in the first 8 KiB of the ELF file,
 * loads the segments at their physical addresses (the kernel is linked at
 * 1 MiB and runs identity-mapped), and jumps to _start in 32-bit protected
 * mode with paging off, EAX = the multiboot magic and EBX = the info block.
 *
 * The boot stack sits directly above a page the memory manager leaves
 * unmapped, so an overflow of the boot thread faults instead of silently
 * overwriting .bss (see KiBootStackGuard in kernel.ld).
 */

#define MULTIBOOT_MAGIC     0x1BADB002
#define MULTIBOOT_FLAGS     0x00000003      /* page-align modules, want memory map */

        .section .multiboot, "a"
        .align 4
        .long MULTIBOOT_MAGIC
        .long MULTIBOOT_FLAGS
        .long -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

        .text
        .globl _start
        .type _start, @function
_start:
        cli
        cld
        movl $KiBootStackTop, %esp
        xorl %ebp, %ebp                 /* ends every backtrace */
        pushl $0                        /* EFLAGS: interrupts off, DF clear */
        popfl
        pushl %ebx                      /* multiboot info */
        pushl %eax                      /* multiboot magic */
        call KiSystemStartup
1:      hlt                             /* KiSystemStartup does not return */
        jmp 1b
        .size _start, . - _start
