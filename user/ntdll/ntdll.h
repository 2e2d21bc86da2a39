/*
 * ntdll.h - what ntdll's files share among themselves (user/ntdll): the
 * start-up's pieces. Programs use the public headers in include/.
 *
 *   ldr.c     LdrpInitializeProcess (from crt0.S), LdrpStandardHandles
 *   crt.c     newlib's system calls in ring 3; LdrpInitializeCrt
 *   rtl.c     NtCurrentTeb, RtlCreateUserThread
 *   svc.S     the NtXxx stubs (include/ntsvc.h)
 */
#ifndef NTDLL_H
#define NTDLL_H

#include "ntdef.h"
#include "ntps.h"

extern HANDLE LdrpStandardHandles[3];
VOID LdrpInitializeProcess(PPEB Peb);
VOID LdrpInitializeCrt(VOID);

#endif
