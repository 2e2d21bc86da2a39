/*
 * triplefault.S - a multiboot kernel that triple-faults at once (an IDT of
 * no entries, then an interrupt): tests/test_console.py boots it through
 * `qemu/run.sh run` to check that a triple fault is still reported, while
 * the user's own Ctrl-C or Ctrl-A X end the run quietly.
 */
        .section .multiboot, "a"
        .align 4
        .long 0x1BADB002, 0x00000003, -(0x1BADB002 + 0x00000003)

        .data
empty_idt:
        .word 0
        .long 0

        .text
        .globl _start
_start:
        lidt empty_idt
        int $3
1:      hlt
        jmp 1b
