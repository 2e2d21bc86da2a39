/*
 * crt0.S - where a process's first thread starts: the kernel enters ring 3
 * here with [0, PEB] on the stack, as if _start(PEB) had been called from
 * address 0, so a jump hands the same frame to LdrpInitializeProcess(PEB),
 * which never returns. EBP = 0 ends every backtrace.
 */
        .text
        .globl _start
        .type _start, @function
_start:
        xorl %ebp, %ebp
        jmp LdrpInitializeProcess
        .size _start, . - _start
