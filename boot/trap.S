/*
 * trap.S - the interrupt, exception and system-service entry stubs, and the
 * one way back to the interrupted code.
 *
 * Every vector the IDT uses gets a stub that makes the stack look the same
 * (an error code, real or a pushed zero, then the vector number) and jumps to
 * KiTrapCommon, which saves the rest of a KTRAP_FRAME (boot/i386.h) and calls
 * KiDispatchTrap(KTRAP_FRAME *). The system-service call (int 0x2e, open to
 * ring 3) is one more such stub. Vector 8, the double fault, is not here: it
 * is a task gate (gdt.c), because the stack it would use may be the one that
 * just overflowed.
 *
 * KiTrapExit restores a frame and IRETs; KiExitToUserMode(frame) enters it
 * with a frame built by hand, which is how a new thread first reaches ring 3.
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

        /* Hardware interrupts: the PIC is remapped to vectors 0x30..0x3F. */
        .irp vector, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
        TRAP_NOERR \vector
        .endr

        /* The system-service call: EAX the service number, EDX the caller's
           arguments (kernel/ke/syscall.c). */
        .globl KiSystemService
KiSystemService:
        pushl $0
        pushl $0x2E
        jmp KiTrapCommon

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
KiTrapExit:
        popl %gs
        popl %fs
        popl %es
        popl %ds
        popal
        addl $8, %esp                   /* vector and error code */
        iret
        .size KiTrapCommon, . - KiTrapCommon

        /* KiExitToUserMode(KTRAP_FRAME *Frame): leave through Frame. */
        .globl KiExitToUserMode
        .type KiExitToUserMode, @function
KiExitToUserMode:
        movl 4(%esp), %esp
        jmp KiTrapExit
        .size KiExitToUserMode, . - KiExitToUserMode

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
        .long 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        .long KiTrap48, KiTrap49, KiTrap50, KiTrap51, KiTrap52, KiTrap53, KiTrap54, KiTrap55
        .long KiTrap56, KiTrap57, KiTrap58, KiTrap59, KiTrap60, KiTrap61, KiTrap62, KiTrap63
