/*
 * usercopy.S - MmCopyUserMemory(To, From, Length): the one copy that may
 * touch a user address the kernel has not checked page by page.
 *
 * The caller has probed the range (it lies in the user range), but a page
 * in it may not be committed, or may be read-only, and another thread of
 * the process may change that at any time. A fault on such a page lands in
 * the page-fault handler, which finds the faulting instruction in the
 * fix-up table (.ex_table: pairs of instruction and fix-up addresses, as
 * Linux's exception table has them) and resumes at the fix-up, which
 * returns STATUS_ACCESS_VIOLATION instead of a bugcheck. Only faults on
 * user addresses are fixed up: a bad kernel pointer here is still a STOP.
 */
#define STATUS_ACCESS_VIOLATION 0xC0000005

        .text
        .globl MmCopyUserMemory
        .type MmCopyUserMemory, @function
MmCopyUserMemory:
        pushl %ebp
        movl %esp, %ebp
        pushl %esi
        pushl %edi
        movl 8(%ebp), %edi              /* To */
        movl 12(%ebp), %esi             /* From */
        movl 16(%ebp), %ecx             /* Length */
        cld
MmpUserCopy:
        rep movsb
        xorl %eax, %eax
MmpUserCopyDone:
        popl %edi
        popl %esi
        popl %ebp
        ret
MmpUserCopyFault:
        movl $STATUS_ACCESS_VIOLATION, %eax
        jmp MmpUserCopyDone
        .size MmCopyUserMemory, . - MmCopyUserMemory

        .section .ex_table, "a"
        .align 4
        .long MmpUserCopy, MmpUserCopyFault
