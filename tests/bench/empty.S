/*
 * empty.S - the empty multiboot kernel `make bench` measures boot against:
 * it leaves QEMU through isa-debug-exit at its first instruction, so its run
 * time is QEMU's own cost of starting, loading a kernel and exiting.
 */
        .section .multiboot, "a"
        .align 4
        .long 0x1BADB002, 0x00000003, -(0x1BADB002 + 0x00000003)

        .text
        .globl _start
_start:
        movb $0x10, %al             /* the pass verdict, as the kernel sends it */
        outb %al, $0xF4
1:      hlt
        jmp 1b
