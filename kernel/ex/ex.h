/*
 * ex.h - the executive: what runs once the kernel is up.
 *
 * Interface:
 *   start.c    ExStartSystem: a guest test, or the ready line and the shell
 *   sysinfo.c  NtQuerySystemInformation: irplab's classes (ntsysinfo.h)
 *   ntevent.c  the Event object type; NtCreateEvent, NtSetEvent, NtResetEvent
 *   ntwait.c   NtWaitForSingleObject, NtWaitForMultipleObjects
 *   ntmutant.c the Mutant type; NtCreateMutant, NtReleaseMutant
 *   csrss.c    ExStartCsrss, ExStopCsrss, ExCallCsrss: the CSRSS process (user/csrss)
 *   scenario.c ExRunScenario: scenario=q150047, the KB in one boot
 *   shrink.c   ExShrinkSchedule: an orphaning schedule cut to its few decisions
 *   lookaside.c ExInitializeNPagedLookasideList and its allocate and free
 *   probe.c    ProbeForRead, ProbeForWrite and the captures every native call
 *              makes of its caller's pointers
 */
#ifndef EX_H
#define EX_H

#include "ntdef.h"
#include "ntio.h"
#include "ntob.h"
#include "ke/ke.h"
#include "ob/ob.h"

VOID __attribute__((noreturn)) ExStartSystem(VOID);

/* ntevent.c */
extern POBJECT_TYPE ExEventObjectType;
VOID ExInitSystem(VOID);
NTSTATUS ExpCreateObject(POBJECT_TYPE Type, ULONG BodySize, PHANDLE Handle,
                         ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                         VOID (*Initialize)(PVOID Body, PVOID Context), PVOID Context,
                         PVOID *Object);

/* ntmutant.c */
extern POBJECT_TYPE ExMutantObjectType;
VOID ExpInitializeMutantType(VOID);
VOID ExpCreateObjectType(PCSTR Name, ULONG Tag, ACCESS_MASK Read, ACCESS_MASK Write,
                         ACCESS_MASK All, OB_DELETE_METHOD Delete, POBJECT_TYPE *Type);

/* csrss.c */
NTSTATUS ExStartCsrss(VOID);
NTSTATUS ExStartCsrssAsync(VOID);
NTSTATUS ExWaitForCsrss(VOID);
NTSTATUS ExStopCsrss(VOID);
VOID ExRemoveDriveLetters(VOID);
struct _CSR_API_MSG;
NTSTATUS ExCallCsrss(struct _CSR_API_MSG *Msg);

/* scenario.c */
BOOLEAN ExRunScenario(VOID);
extern volatile CHAR ExScenarioOrphanLetter;
VOID ExScenarioOrphaned(CHAR Letter);

/* shrink.c: scenario=q150047 shrink=on */
BOOLEAN ExShrinkSchedule(ULONG Seed);

/* lookaside.c */
typedef struct _NPAGED_LOOKASIDE_LIST {
    PVOID Head;             /* free blocks, linked through their first word */
    USHORT Count, Depth;
    SIZE_T Size;
    ULONG Tag;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

VOID ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST List, SIZE_T Size, ULONG Tag,
                                     USHORT Depth);
PVOID ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST List);
VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST List, PVOID Block);

/* probe.c */
#define EX_MAX_NAME OB_MAX_PATH     /* the longest object name a call takes */

typedef struct _EX_CAPTURED_ATTRIBUTES {
    OBJECT_ATTRIBUTES Attributes;   /* ObjectName points at Name */
    STRING Name;
} EX_CAPTURED_ATTRIBUTES, *PEX_CAPTURED_ATTRIBUTES;

NTSTATUS ProbeForRead(const VOID *Address, SIZE_T Length, ULONG Alignment);
NTSTATUS ProbeForWrite(PVOID Address, SIZE_T Length, ULONG Alignment);
NTSTATUS ExProbeForWrite(KPROCESSOR_MODE Mode, PVOID Address, SIZE_T Length, ULONG Alignment);
NTSTATUS ExCopyFromCaller(KPROCESSOR_MODE Mode, PVOID To, const VOID *From, SIZE_T Length);
NTSTATUS ExCopyToCaller(KPROCESSOR_MODE Mode, PVOID To, const VOID *From, SIZE_T Length);
NTSTATUS ExCaptureString(KPROCESSOR_MODE Mode, PCSTRING Caller, USHORT MaxLength,
                         PSTRING Captured);
VOID ExReleaseString(PSTRING Captured);
NTSTATUS ExCaptureObjectAttributes(KPROCESSOR_MODE Mode, POBJECT_ATTRIBUTES Caller,
                                   PEX_CAPTURED_ATTRIBUTES Captured,
                                   POBJECT_ATTRIBUTES *Attributes);
VOID ExReleaseObjectAttributes(PEX_CAPTURED_ATTRIBUTES Captured);
NTSTATUS ExCaptureTimeout(KPROCESSOR_MODE Mode, const LONG64 *Caller, LONG64 *Copy,
                          const LONG64 **Timeout);
NTSTATUS ExReturnHandle(KPROCESSOR_MODE Mode, PHANDLE CallerHandle, HANDLE Handle,
                        NTSTATUS Status);

#endif
