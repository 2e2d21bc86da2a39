/*
 * zw.h - the Zw forms of the native calls, for kernel code (stubs in
 * kernel/ke/zw.S). ZwXxx takes exactly NtXxx's arguments; the call goes
 * through the system-service dispatcher with KernelMode as its previous
 * mode, so the service trusts the pointers and handles it is given. A
 * driver working for itself inside a process's request (the NCP client
 * opening its IPX socket in a caller's IRP) calls ZwXxx; calling NtXxx
 * there would probe its kernel-stack arguments as the process's and fail
 * with STATUS_ACCESS_VIOLATION. What it opens for itself it opens with
 * OBJ_KERNEL_HANDLE, so the handle is the kernel's, not the caller's.
 */
#ifndef EX_ZW_H
#define EX_ZW_H

#include "ntdef.h"
#include "ntio.h"
#include "ntob.h"
#include "ntlpc.h"
#include "ntmm.h"
#include "ntps.h"

#define SERVICE(Name, Words) __typeof__(Nt##Name) Zw##Name;
#include "ntsvc.h"
#undef SERVICE

#endif /* EX_ZW_H */
