/*
 * timer.c - timers: dispatcher objects signalled at a kernel time.
 *
 * KiTimerList holds the inserted timers sorted by due time. They expire in
 * KiExpireTimers at DISPATCH_LEVEL: under rr from a DPC the clock interrupt
 * queues when the first one is due, under pct at schedule points and when
 * virtual time jumps. An expired timer is signalled (waking its waiters,
 * among them a thread whose wait timed out) and queues its DPC if it has
 * one. The clock interrupt may not walk the list, which threads change at
 * DISPATCH_LEVEL, so the first due time is also kept in milliseconds in a
 * single word it can read whole.
 */
#include "ke/ke.h"
#include "trace/trace.h"

static LIST_ENTRY KiTimerList = { &KiTimerList, &KiTimerList };
static volatile ULONG KiFirstDueMs = ~0u;
static KDPC KiTimerExpireDpc;

static VOID KiUpdateFirstDue(VOID)
{
    ULONG64 due;

    KiFirstDueMs = KiNextTimerDue(&due) ? (ULONG)(due / KTIME_PER_MS) : ~0u;
}

VOID KeInitializeTimerEx(PKTIMER Timer, UCHAR Type)
{
    KiInitializeDispatcherHeader(&Timer->Header, Type, 0);
    Timer->Inserted = FALSE;
    Timer->Dpc = NULL;
}

VOID KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, TimerNotificationObject);
}

BOOLEAN KiNextTimerDue(ULONG64 *DueTime)
{
    if (IsListEmpty(&KiTimerList))
        return FALSE;
    *DueTime = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry)->DueTime;
    return TRUE;
}

/* Inserts Timer (dispatcher database held). A negative DueTime is relative.
   Returns FALSE, inserting nothing, when it is already due. */
BOOLEAN KiInsertTimer(PKTIMER Timer, LONG64 DueTime)
{
    ULONG64 now = KeQueryKernelTime();
    ULONG64 due = DueTime < 0 ? now + (ULONG64)(-DueTime) : (ULONG64)DueTime;
    PLIST_ENTRY e;

    Timer->Header.SignalState = 0;
    if (due <= now)
        return FALSE;
    Timer->DueTime = due;
    for (e = KiTimerList.Flink; e != &KiTimerList; e = e->Flink) {
        if (CONTAINING_RECORD(e, KTIMER, TimerListEntry)->DueTime > due)
            break;
    }
    InsertTailList(e, &Timer->TimerListEntry);     /* i.e. before e */
    Timer->Inserted = TRUE;
    KiUpdateFirstDue();
    return TRUE;
}

VOID KiRemoveTimer(PKTIMER Timer)
{
    if (!Timer->Inserted)
        return;
    RemoveEntryList(&Timer->TimerListEntry);
    Timer->Inserted = FALSE;
    KiUpdateFirstDue();
}

static VOID KiSignalTimer(PKTIMER Timer)
{
    Timer->Header.SignalState = 1;
    TrLog(TR_TIMER, Timer->Header.Id, 0, 0);
    KiWaitTest(&Timer->Header);
    if (Timer->Dpc != NULL)
        KeInsertQueueDpc(Timer->Dpc, NULL, NULL);
}

BOOLEAN KeSetTimer(PKTIMER Timer, LONG64 DueTime, PKDPC Dpc)
{
    KIRQL irql = KiLockDispatcherDatabase();
    BOOLEAN wasInserted = Timer->Inserted;

    KiRemoveTimer(Timer);
    Timer->Dpc = Dpc;
    if (!KiInsertTimer(Timer, DueTime))
        KiSignalTimer(Timer);
    KiUnlockDispatcherDatabase(irql);
    return wasInserted;
}

BOOLEAN KeCancelTimer(PKTIMER Timer)
{
    KIRQL irql = KiLockDispatcherDatabase();
    BOOLEAN wasInserted = Timer->Inserted;

    KiRemoveTimer(Timer);
    KiUnlockDispatcherDatabase(irql);
    return wasInserted;
}

BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
    return Timer->Header.SignalState != 0;
}

/* Signals every timer due at or before Now (dispatcher database held). */
VOID KiExpireTimers(ULONG64 Now)
{
    while (!IsListEmpty(&KiTimerList)) {
        PKTIMER t = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry);
        if (t->DueTime > Now)
            break;
        KiRemoveTimer(t);
        KiSignalTimer(t);
    }
}

/* Every pending timer Delta earlier (dispatcher database held): what
   KeSetVirtualTime needs to keep each one's time left. */
VOID KiShiftTimers(ULONG64 Delta)
{
    for (PLIST_ENTRY e = KiTimerList.Flink; e != &KiTimerList; e = e->Flink) {
        PKTIMER t = CONTAINING_RECORD(e, KTIMER, TimerListEntry);
        t->DueTime = t->DueTime > Delta ? t->DueTime - Delta : 0;
    }
    KiUpdateFirstDue();
}

static VOID KiTimerExpiration(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KiExpireTimers(KeQueryKernelTime());
}

/* From the clock interrupt under rr: queue the expiry when one is due. */
VOID KiCheckTimersFromClock(ULONG64 Now)
{
    if (KiFirstDueMs != ~0u && Now / KTIME_PER_MS >= KiFirstDueMs) {
        if (KiTimerExpireDpc.DeferredRoutine == NULL)
            KeInitializeDpc(&KiTimerExpireDpc, KiTimerExpiration, NULL);
        KeInsertQueueDpc(&KiTimerExpireDpc, NULL, NULL);
    }
}
