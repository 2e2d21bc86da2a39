/*
 * ntthread.c - the native calls on the running thread: NtYieldExecution
 * (a schedule point), NtTraceMark, NtDelayExecution, NtTestAlert.
 */
#include <string.h>
#include "ex/ex.h"
#include "ntob.h"
#include "ps/ps.h"
#include "trace/trace.h"

/* A schedule point: under sched=pct PCT may run another thread here. */
NTSTATUS NtYieldExecution(VOID)
{
    KeSchedulePoint();
    return STATUS_SUCCESS;
}

/* A ring-3 record in the event trace (include/ntps.h): the kind, and two
   numbers it gives, with the calling thread as every record has it. */
NTSTATUS NtTraceMark(ULONG Kind, ULONG A, ULONG B)
{
    TrLog(TR_USER, Kind, A, B);
    return STATUS_SUCCESS;
}

/* Sleeps for *DelayInterval (100 ns units, negative: relative). From ring
   3 the wait ends early, with STATUS_USER_APC, when the thread is being
   ended. Alertable is accepted and has no effect (no user APCs to run). */
NTSTATUS NtDelayExecution(BOOLEAN Alertable, const LONG64 *DelayInterval)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    LONG64 interval;
    NTSTATUS status = ExCopyFromCaller(mode, &interval, DelayInterval, sizeof(interval));

    if (!NT_SUCCESS(status))
        return status;
    return KeDelayExecutionThread(mode, Alertable, &interval);
}

/* NT's NtTestAlert: STATUS_ALERTED when a user-mode APC waits for the
   thread (it then runs on the way back), else STATUS_SUCCESS. The cheapest
   service there is: make bench's system-call round trip. */
NTSTATUS NtTestAlert(VOID)
{
    return KeGetCurrentThread()->UserApcPending ? STATUS_ALERTED : STATUS_SUCCESS;
}
