/*
 * ntteb.h - a thread's identity and its per-thread state as user/ sees
 * them: CLIENT_ID (process id, thread id), which every LPC message carries,
 * and the TEB, the block NtCurrentTeb() returns to the running thread.
 *
 * In NT the TEB lives in user memory; here it is a field of the KTHREAD,
 * which is the same thing for code that runs in one address space. Only
 * what user/ uses is in it: the thread's client id, the Win32 last error
 * (GetLastError/SetLastError) and CSRSS's pointer to the request the
 * server thread is serving.
 */
#ifndef NTTEB_H
#define NTTEB_H

#include "ntdef.h"

typedef struct _CLIENT_ID {
    ULONG UniqueProcess;
    ULONG UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _TEB {
    CLIENT_ID ClientId;         /* filled by NtCurrentTeb */
    ULONG LastErrorValue;       /* user/lib: GetLastError, SetLastError */
    PVOID CsrClientThread;      /* CSRSS: the request this server thread serves */
} TEB, *PTEB;

PTEB NtCurrentTeb(VOID);

#endif
