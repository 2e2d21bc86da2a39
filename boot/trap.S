/*
 * trap.S - the interrupt and exception entry stubs.
 *
 * Every vector the IDT uses gets a stub that makes the stack look the same
 * (an error code, real or a pushed zero, then the vector number) and jumps to
 * KiTrapCommon, which saves the rest of a KTRAP_FRAME (boot/i386.h) and calls
 * KiDispatchTrap(KTRAP_FRAME *). Vector 8, the double fault, is not here: it
 * is a task gate (gdt.c), because the stack it would use may be the one that
 * just overflowed.
 */

#define KGDT_R0_DATA 0x10

.macro TRAP_NOERR vector
        .globl KiTrap\vector
KiTrap\vector:
        pushl $0
        pushl $\vector
        jmp KiTrapCommon
.endm

.macro TRAP_ERR vector
        .globl KiTrap\vector
KiTrap\vector:
        pushl $\vector
        jmp KiTrapCommon
.endm

        .text
        TRAP_NOERR 0
        TRAP_NOERR 1
        TRAP_NOERR 2
        TRAP_NOERR 3
        TRAP_NOERR 4
        TRAP_NOERR 5
        TRAP_NOERR 6
        TRAP_NOERR 7
        TRAP_NOERR 9
        TRAP_ERR   10
        TRAP_ERR   11
        TRAP_ERR   12
        TRAP_ERR   13
        TRAP_ERR   14
        TRAP_NOERR 15
        TRAP_NOERR 16
        TRAP_ERR   17
        TRAP_NOERR 18
        TRAP_NOERR 19
        TRAP_NOERR 20
        TRAP_ERR   21
        TRAP_NOERR 22
        TRAP_NOERR 23
        TRAP_NOERR 24
        TRAP_NOERR 25
        TRAP_NOERR 26
        TRAP_NOERR 27
        TRAP_NOERR 28
        TRAP_ERR   29
        TRAP_ERR   30
        TRAP_NOERR 31

        /* Hardware interrupts: the PIC is remapped to vectors 0x20..0x2F. */
        .irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
        TRAP_NOERR \vector
        .endr

        .type KiTrapCommon, @function
KiTrapCommon:
        pushal
        pushl %ds
        pushl %es
        pushl %fs
        pushl %gs
        movl $KGDT_R0_DATA, %eax
        movl %eax, %ds
        movl %eax, %es
        /* Chain the frame into the EBP list so backtraces cross the trap. */
        movl 56(%esp), %eax             /* interrupted EIP */
        pushl %eax
        pushl 28(%esp)                  /* interrupted EBP, saved by pushal */
        movl %esp, %ebp
        leal 8(%esp), %eax
        pushl %eax
        cld
        call KiDispatchTrap
        addl $12, %esp
        popl %gs
        popl %fs
        popl %es
        popl %ds
        popal
        addl $8, %esp                   /* vector and error code */
        iret
        .size KiTrapCommon, . - KiTrapCommon

        /* The table idt.c walks: stub address per vector, 0 where the
           vector has no stub of this kind (8 is the task gate). */
        .section .rodata
        .globl KiTrapStubs
        .align 4
KiTrapStubs:
        .long KiTrap0, KiTrap1, KiTrap2, KiTrap3, KiTrap4, KiTrap5, KiTrap6, KiTrap7
        .long 0,       KiTrap9, KiTrap10, KiTrap11, KiTrap12, KiTrap13, KiTrap14, KiTrap15
        .long KiTrap16, KiTrap17, KiTrap18, KiTrap19, KiTrap20, KiTrap21, KiTrap22, KiTrap23
        .long KiTrap24, KiTrap25, KiTrap26, KiTrap27, KiTrap28, KiTrap29, KiTrap30, KiTrap31
        .long KiTrap32, KiTrap33, KiTrap34, KiTrap35, KiTrap36, KiTrap37, KiTrap38, KiTrap39
        .long KiTrap40, KiTrap41, KiTrap42, KiTrap43, KiTrap44, KiTrap45, KiTrap46, KiTrap47
