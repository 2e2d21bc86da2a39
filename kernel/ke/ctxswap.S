/*
 * ctxswap.S - KiSwapContext(ULONG *OldStack, ULONG NewStack): the one place
 * a thread stops running and another starts.
 *
 * Called at DISPATCH_LEVEL by KiSwapThread. Saves the callee-saved registers
 * on the old thread's stack, records its stack pointer, moves to the new
 * thread's stack and returns into wherever that thread last called this
 * function - or, for a new thread, into KiThreadStartup (thread.c builds the
 * first frame to look like a saved one).
 */
        .text
        .globl KiSwapContext
        .type KiSwapContext, @function
KiSwapContext:
        pushl %ebp
        pushl %ebx
        pushl %esi
        pushl %edi
        movl 20(%esp), %eax             /* OldStack */
        movl 24(%esp), %edx             /* NewStack */
        movl %esp, (%eax)
        movl %edx, %esp
        popl %edi
        popl %esi
        popl %ebx
        popl %ebp
        ret
        .size KiSwapContext, . - KiSwapContext
