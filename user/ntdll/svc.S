/*
 * svc.S - the native calls as a process makes them: NtXxx puts its service
 * number in EAX and the address of its arguments (on the caller's stack,
 * just above the return address) in EDX, and raises int 0x2e; the kernel
 * returns the NTSTATUS in EAX. One stub per line of include/ntsvc.h, in
 * its order, so the numbers are the kernel's.
 */
        .text
        .set NtServiceNumber, 0

#define SERVICE(Name, Words) \
        .globl Nt##Name; .type Nt##Name, @function; \
Nt##Name: movl $NtServiceNumber, %eax; leal 4(%esp), %edx; int $0x2e; ret; \
        .size Nt##Name, . - Nt##Name; .set NtServiceNumber, NtServiceNumber + 1;

#include "ntsvc.h"
