/*
 * ntteb.h - a thread's identity and its per-thread state as user/ sees
 * them: CLIENT_ID (process id, thread id), which every LPC message carries,
 * and the TEB, the thread environment block NtCurrentTeb() returns.
 *
 * A process's thread has its TEB in the process's memory, one page the
 * kernel makes with the thread; FS addresses it in ring 3 and
 * NtCurrentTeb() reads its Self field (FS:[0x18]), as in NT. The layout of
 * the fields NT has is NT's (offsets checked below); irplab adds one at the
 * end, CRuntimeState, newlib's per-thread state (user/ntdll).
 */
#ifndef NTTEB_H
#define NTTEB_H

#include "ntdef.h"

typedef struct _CLIENT_ID {
    ULONG UniqueProcess;
    ULONG UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _NT_TIB {
    PVOID ExceptionList;
    PVOID StackBase;            /* the top of the thread's user stack */
    PVOID StackLimit;           /* its lowest committed address */
    PVOID SubSystemTib;
    PVOID FiberData;
    PVOID ArbitraryUserPointer;
    struct _NT_TIB *Self;       /* the TEB's own address */
} NT_TIB;

struct _PEB;

typedef struct _TEB {
    NT_TIB NtTib;
    PVOID EnvironmentPointer;
    CLIENT_ID ClientId;
    PVOID ActiveRpcHandle;
    PVOID ThreadLocalStoragePointer;
    struct _PEB *ProcessEnvironmentBlock;
    ULONG LastErrorValue;       /* user/lib: GetLastError, SetLastError */
    ULONG CountOfOwnedCriticalSections;
    PVOID CsrClientThread;      /* CSRSS: the request this server thread serves */
    PVOID Win32ThreadInfo;
    PVOID CRuntimeState;        /* irplab's: newlib's struct _reent */
} TEB, *PTEB;

_Static_assert(sizeof(PVOID) != 4 || offsetof(TEB, NtTib.Self) == 0x18, "TEB.Self");
_Static_assert(sizeof(PVOID) != 4 || offsetof(TEB, ClientId) == 0x20, "TEB.ClientId");
_Static_assert(sizeof(PVOID) != 4 || offsetof(TEB, ProcessEnvironmentBlock) == 0x30, "TEB.Peb");
_Static_assert(sizeof(PVOID) != 4 || offsetof(TEB, LastErrorValue) == 0x34, "TEB.LastErrorValue");
_Static_assert(sizeof(PVOID) != 4 || offsetof(TEB, CsrClientThread) == 0x3C, "TEB.CsrClientThread");

PTEB NtCurrentTeb(VOID);

#endif
