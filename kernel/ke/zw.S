/*
 * zw.S - the Zw stubs: kernel code's way to make a native call (NT's
 * ZwXxx). Each is the same int 0x2e that ntdll's NtXxx makes from ring 3,
 * made from ring 0: the dispatcher (syscall.c) then sets KernelMode as the
 * previous mode for the call, so the service trusts the pointers it is
 * given, whatever the thread's previous mode was - a driver serving a
 * process's request calls ZwCreateFile for itself, not on the process's
 * behalf. Generated from include/ntsvc.h.
 */
        .text
        .set KiServiceNumber, 0

#define SERVICE(Name, Words) \
        .globl Zw##Name; .type Zw##Name, @function; \
Zw##Name: movl $KiServiceNumber, %eax; leal 4(%esp), %edx; int $0x2e; ret; \
        .size Zw##Name, . - Zw##Name; .set KiServiceNumber, KiServiceNumber + 1;

#include "ntsvc.h"
