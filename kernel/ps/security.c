/*
 * security.c - who is asking. A thread's subject is its process and that
 * process's logon session, or, while the thread impersonates a client,
 * the client's: CSRSS's server thread makes the redirector's validation
 * open as the LPC client it serves, so that a redirector keeping a user
 * context per process sees the caller's process, not CSRSS's. Drivers
 * read the subject with SeCaptureSubjectContext.
 *
 * Also here: the process notification drivers register for
 * (PsSetCreateProcessNotifyRoutine, NT's), called when a process is made
 * and when its last thread has closed its handles; the redirector ends a
 * process's user context there. And NT's logon-session notification
 * (SeRegisterLogonSessionTerminatedRoutine): a logon session ends when the
 * last process running in it ends (irplab has no token objects to keep
 * one alive longer); a redirector keeping a context per logon session
 * ends it there.
 *
 * ETHREAD.ImpersonatedClient is set and cleared only by the thread itself
 * (PsImpersonateClient, PsRevertToSelf; thread exit reverts), so reading
 * it on the current thread needs no lock. A notification routine being
 * called is counted in PspNotifyActive; removing one waits until no call
 * that may have picked it up is still running (NT's rundown protection,
 * in small).
 *
 * SeSinglePrivilegeCheck answers whether the subject holds a privilege.
 * irplab's tokens carry no privilege list: every privilege it checks
 * (SeLoadDriverPrivilege for NtLoadDriver/NtUnloadDriver) is LocalSystem's,
 * held by the SYSTEM logon session (0x3E7) and by no other; a kernel-mode
 * caller holds them all, as in NT.
 *
 * Interface: PsImpersonateClient, PsRevertToSelf, SeCaptureSubjectContext,
 * SeSinglePrivilegeCheck,
 * PsSetCreateProcessNotifyRoutine, PspProcessNotify,
 * SeRegisterLogonSessionTerminatedRoutine, SeUnregisterLogonSessionTerminatedRoutine,
 * NtSetInformationThread.
 */
#include "ex/ex.h"
#include "ps/ps.h"

#define PSP_MAX_NOTIFY 8

static PCREATE_PROCESS_NOTIFY_ROUTINE PspNotifyRoutines[PSP_MAX_NOTIFY];
static PSE_LOGON_SESSION_TERMINATED_ROUTINE PspLogonRoutines[PSP_MAX_NOTIFY];
static KSPIN_LOCK PspNotifyLock = KSPIN_LOCK_INIT(LockRankPsNotify, "PspNotifyLock");
static volatile LONG PspNotifyActive;

/* The current thread acts for Client (referenced here) until it reverts. */
VOID PsImpersonateClient(PEPROCESS Client)
{
    PETHREAD t = PsGetCurrentThread();

    ObReferenceObject(Client);
    PsRevertToSelf();
    t->ImpersonatedClient = Client;
}

VOID PsRevertToSelf(VOID)
{
    PETHREAD t = PsGetCurrentThread();
    PEPROCESS client = t->ImpersonatedClient;

    t->ImpersonatedClient = NULL;
    if (client != NULL)
        ObDereferenceObject(client);
}

VOID SeCaptureSubjectContext(PSECURITY_SUBJECT_CONTEXT Subject)
{
    PETHREAD t = PsGetCurrentThread();
    PEPROCESS p = t->ImpersonatedClient != NULL ? t->ImpersonatedClient : t->ThreadsProcess;

    Subject->ProcessId = p->UniqueProcessId;
    Subject->LogonId = p->Token.AuthenticationId;
    Subject->Impersonating = t->ImpersonatedClient != NULL;
}

BOOLEAN SeSinglePrivilegeCheck(ULONG Privilege, KPROCESSOR_MODE PreviousMode)
{
    SECURITY_SUBJECT_CONTEXT subject;

    if (PreviousMode == KernelMode)
        return TRUE;
    SeCaptureSubjectContext(&subject);
    return subject.LogonId.LowPart == SE_SYSTEM_LOGON_ID && subject.LogonId.HighPart == 0;
}

/* Adds Routine to (or, with Remove, takes it from) Table; a removal waits
   until no call that may have picked the routine up is still running. */
static NTSTATUS PspSetRoutine(PVOID *Table, PVOID Routine, BOOLEAN Remove)
{
    NTSTATUS status = Remove ? STATUS_PROCEDURE_NOT_FOUND : STATUS_INVALID_PARAMETER;
    LONG64 tick = -(LONG64)KTIME_PER_MS;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&PspNotifyLock, &irql);
    for (i = 0; i < PSP_MAX_NOTIFY; i++) {
        if (Remove && Table[i] == Routine) {
            Table[i] = NULL;
            status = STATUS_SUCCESS;
            break;
        }
        if (!Remove && Table[i] == NULL) {
            Table[i] = Routine;
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&PspNotifyLock, irql);
    while (Remove && NT_SUCCESS(status) && PspNotifyActive != 0)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    return status;
}

NTSTATUS PsSetCreateProcessNotifyRoutine(PCREATE_PROCESS_NOTIFY_ROUTINE Routine, BOOLEAN Remove)
{
    return PspSetRoutine((PVOID *)PspNotifyRoutines, (PVOID)Routine, Remove);
}

NTSTATUS SeRegisterLogonSessionTerminatedRoutine(PSE_LOGON_SESSION_TERMINATED_ROUTINE Routine)
{
    return PspSetRoutine((PVOID *)PspLogonRoutines, (PVOID)Routine, FALSE);
}

NTSTATUS SeUnregisterLogonSessionTerminatedRoutine(PSE_LOGON_SESSION_TERMINATED_ROUTINE Routine)
{
    return PspSetRoutine((PVOID *)PspLogonRoutines, (PVOID)Routine, TRUE);
}

/* Every registered routine, for Process made (Create) or ended; and at an
   end that empties its logon session, the logon routines. */
VOID PspProcessNotify(PEPROCESS Process, BOOLEAN Create)
{
    PCREATE_PROCESS_NOTIFY_ROUTINE routines[PSP_MAX_NOTIFY];
    PSE_LOGON_SESSION_TERMINATED_ROUTINE logon[PSP_MAX_NOTIFY];
    ULONG parent = PsGetCurrentProcess()->UniqueProcessId, i;
    LUID luid = Process->Token.AuthenticationId;
    KIRQL irql;

    KeAcquireSpinLock(&PspNotifyLock, &irql);
    __sync_add_and_fetch(&PspNotifyActive, 1);
    for (i = 0; i < PSP_MAX_NOTIFY; i++) {
        routines[i] = PspNotifyRoutines[i];
        logon[i] = PspLogonRoutines[i];
    }
    KeReleaseSpinLock(&PspNotifyLock, irql);
    for (i = 0; i < PSP_MAX_NOTIFY; i++) {
        if (routines[i] != NULL)
            routines[i](Create ? parent : 0, Process->UniqueProcessId, Create);
    }
    if (!Create && !PspLeaveLogonSession(Process)) {
        for (i = 0; i < PSP_MAX_NOTIFY; i++) {
            if (logon[i] != NULL)
                logon[i](&luid);
        }
    }
    __sync_sub_and_fetch(&PspNotifyActive, 1);
}

/* Only ThreadImpersonationToken with a NULL token: the caller's own thread
   reverts to itself. irplab has no token objects, and a thread sets no
   other thread's impersonation. */
NTSTATUS NtSetInformationThread(HANDLE ThreadHandle, ULONG ThreadInformationClass,
                                PVOID ThreadInformation, ULONG Length)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    HANDLE token;
    PETHREAD t;
    NTSTATUS status;

    if (ThreadInformationClass != ThreadImpersonationToken)
        return STATUS_INVALID_INFO_CLASS;
    if (Length != sizeof(HANDLE))
        return STATUS_INFO_LENGTH_MISMATCH;
    status = ExCopyFromCaller(mode, &token, ThreadInformation, sizeof(token));
    if (!NT_SUCCESS(status))
        return status;
    if (token != NULL)
        return STATUS_INVALID_HANDLE;
    if (ThreadHandle != NtCurrentThread()) {
        status = ObReferenceObjectByHandle(ThreadHandle, 0, PsThreadType, mode, (PVOID *)&t,
                                           NULL);
        if (!NT_SUCCESS(status))
            return status;
        ObDereferenceObject(t);
        if (t != PsGetCurrentThread())
            return STATUS_ACCESS_DENIED;
    }
    PsRevertToSelf();
    return STATUS_SUCCESS;
}
