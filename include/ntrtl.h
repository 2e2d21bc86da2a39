/*
 * ntrtl.h - the run-time library calls user/ uses beyond the native calls
 * (ntdll's Rtl functions; for the guest tests' in-kernel processes the
 * kernel provides the same ones).
 *
 * RtlCreateUserThread is NT's, with fewer arguments: no security
 * descriptor, never suspended, the stack sizes ntdll's (a reservation with
 * its top committed). ThreadHandle is optional: NULL when the caller does
 * not want one.
 */
#ifndef NTRTL_H
#define NTRTL_H

#include "ntdef.h"
#include "ntps.h"

NTSTATUS RtlCreateUserThread(HANDLE ProcessHandle, PUSER_THREAD_START_ROUTINE StartAddress,
                             PVOID Parameter, PHANDLE ThreadHandle, PCLIENT_ID ClientId);

#endif
