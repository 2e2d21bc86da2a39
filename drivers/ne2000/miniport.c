/*
 * miniport.c - the NE2000 driver's face to protocols (miniport.h): the
 * adapter table, the interrupt routine and its DPC, receive indication
 * under sched=rr and the inbox under sched=pct, and sending.
 *
 * Ne2kAddAdapter is called by the board glue (ne2kbus.c) for each card it
 * finds; it owns bringing the chip up (ne8390.c) and the boot line.
 *
 * Lock order: Adapter->Lock is the only driver lock and is never held while
 * a protocol's indication runs, so an indication may call MpSendFrame.
 */
#include <stdio.h>
#include <string.h>
#include "hal/hal.h"
#include "mm/mm.h"
#include "drivers/ne2000/ne8390.h"

#define NE2K_TAG        POOL_TAG('N', 'e', '2', 'k')
#define NE_DRAIN_BUDGET 64      /* frames per DPC before it requeues itself */

static PNE2K_ADAPTER MpAdapters[MP_MAX_ADAPTERS];
static ULONG MpCount;

ULONG MpAdapterCount(VOID)
{
    return MpCount;
}

PNE2K_ADAPTER MpGetAdapter(ULONG Index)
{
    return Index < MpCount ? MpAdapters[Index] : NULL;
}

VOID MpQueryStationAddress(PNE2K_ADAPTER Adapter, UCHAR Address[6])
{
    memcpy(Address, Adapter->StationAddress, 6);
}

VOID MpQueryStatistics(PNE2K_ADAPTER Adapter, PMP_STATISTICS Statistics)
{
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->Lock, &irql);
    *Statistics = Adapter->Stats;
    KeReleaseSpinLock(&Adapter->Lock, irql);
}

NTSTATUS MpRegisterProtocol(PNE2K_ADAPTER Adapter, PMP_RECEIVE_INDICATION Receive,
                            PVOID ProtocolContext)
{
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->Lock, &irql);
    if (Adapter->Receive != NULL) {
        status = STATUS_DEVICE_BUSY;
    } else {
        Adapter->Receive = Receive;
        Adapter->ReceiveContext = ProtocolContext;
    }
    KeReleaseSpinLock(&Adapter->Lock, irql);
    return status;
}

VOID MpDeregisterProtocol(PNE2K_ADAPTER Adapter)
{
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->Lock, &irql);
    Adapter->Receive = NULL;
    Adapter->ReceiveContext = NULL;
    KeReleaseSpinLock(&Adapter->Lock, irql);
}

/* sched=rr: copies the frame out and indicates it with the lock dropped
   (the caller is at DISPATCH_LEVEL and stays there). */
static VOID Ne2kpIndicate(PNE2K_ADAPTER Adapter, ULONG Length)
{
    PMP_RECEIVE_INDICATION receive = Adapter->Receive;
    PVOID context = Adapter->ReceiveContext;
    KIRQL irql;

    if (!NT_SUCCESS(Ne2kCopyFrame(Adapter, Adapter->RxBuffer, Length)))
        return;
    Adapter->Stats.FramesIn++;
    Adapter->Stats.BytesIn += Length;
    if (receive == NULL) {
        Adapter->Stats.RxDropped++;
        return;
    }
    KeReleaseSpinLock(&Adapter->Lock, DISPATCH_LEVEL);
    receive(context, Adapter, Adapter->RxBuffer, Length);
    KeAcquireSpinLock(&Adapter->Lock, &irql);
}

/* sched=pct: straight from the card into the inbox's next slot. Nothing
   here may trace, allocate or signal: arrival is not a scheduler event. */
static VOID Ne2kpStore(PNE2K_ADAPTER Adapter, ULONG Length)
{
    MP_INBOX_SLOT *slot = &Adapter->Inbox[Adapter->InboxTail % MP_INBOX_FRAMES];

    if (Adapter->InboxTail - Adapter->InboxHead == MP_INBOX_FRAMES) {
        Ne2kSkipFrame(Adapter);
        Adapter->Stats.FramesIn++;
        Adapter->Stats.BytesIn += Length;
        Adapter->Stats.RxDropped++;
        return;
    }
    if (!NT_SUCCESS(Ne2kCopyFrame(Adapter, slot->Frame, Length)))
        return;
    slot->Length = Length;
    Adapter->InboxTail++;
    Adapter->Stats.FramesIn++;
    Adapter->Stats.BytesIn += Length;
}

/* Takes up to Budget frames from the ring; Lock held. TRUE if frames may
   be left. Not reentrant: an indication that lands here returns at once. */
static BOOLEAN Ne2kpDrain(PNE2K_ADAPTER Adapter, ULONG Budget)
{
    ULONG n, length;
    NTSTATUS status;

    if (Adapter->Draining)
        return FALSE;
    Adapter->Draining = TRUE;
    for (n = 0; n < Budget; n++) {
        status = Ne2kPeekFrame(Adapter, &length);
        if (status == STATUS_NO_MORE_ENTRIES)
            break;
        if (!NT_SUCCESS(status))
            continue;
        if (Adapter->UseInbox)
            Ne2kpStore(Adapter, length);
        else
            Ne2kpIndicate(Adapter, length);
    }
    Adapter->Draining = FALSE;
    return n == Budget;
}

static VOID Ne2kpDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PNE2K_ADAPTER adapter = Context;
    BOOLEAN more;
    KIRQL irql, device;

    KeAcquireSpinLock(&adapter->Lock, &irql);
    KeRaiseIrql(DEVICE_LEVEL, &device);
    adapter->IsrEvents = 0;
    KeLowerIrql(device);
    more = Ne2kpDrain(adapter, NE_DRAIN_BUDGET);
    Ne2kEnableInterrupts(adapter);
    KeReleaseSpinLock(&adapter->Lock, irql);
    if (more)
        KeInsertQueueDpc(Dpc, NULL, NULL);
}

static BOOLEAN Ne2kpInterrupt(PVOID Context)
{
    PNE2K_ADAPTER adapter = Context;
    UCHAR seen = Ne2kServiceInterrupt(adapter);

    if (seen == 0)
        return FALSE;
    adapter->Stats.Interrupts++;
    if (seen & (NE_ISR_PRX | NE_ISR_RXE | NE_ISR_OVW))
        KeInsertQueueDpc(&adapter->Dpc, NULL, NULL);
    return TRUE;
}

NTSTATUS MpSendFrame(PNE2K_ADAPTER Adapter, const UCHAR *Frame, ULONG Length)
{
    NTSTATUS status;
    KIRQL irql;

    ASSERT_IRQL_LESS_OR_EQUAL(DISPATCH_LEVEL);
    if (Length < MP_HEADER_LENGTH || Length > MP_MAX_FRAME)
        return STATUS_INVALID_PARAMETER;
    KeAcquireSpinLock(&Adapter->Lock, &irql);
    status = Ne2kTransmit(Adapter, Frame, Length);
    if (NT_SUCCESS(status)) {
        Adapter->Stats.FramesOut++;
        Adapter->Stats.BytesOut += Length < MP_MIN_FRAME ? MP_MIN_FRAME : Length;
    } else {
        Adapter->Stats.TxErrors++;
    }
    KeReleaseSpinLock(&Adapter->Lock, irql);
    return status;
}

ULONG MpInboxCount(PNE2K_ADAPTER Adapter)
{
    return Adapter->InboxTail - Adapter->InboxHead;
}

NTSTATUS MpTakeFrame(PNE2K_ADAPTER Adapter, PUCHAR Buffer, ULONG BufferSize, PULONG Length)
{
    NTSTATUS status = STATUS_SUCCESS;
    MP_INBOX_SLOT *slot;
    KIRQL irql;

    KeAcquireSpinLock(&Adapter->Lock, &irql);
    if (Adapter->InboxTail == Adapter->InboxHead) {
        status = STATUS_NO_MORE_ENTRIES;
    } else {
        slot = &Adapter->Inbox[Adapter->InboxHead % MP_INBOX_FRAMES];
        *Length = slot->Length;
        if (slot->Length > BufferSize) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            memcpy(Buffer, slot->Frame, slot->Length);
            Adapter->InboxHead++;
        }
    }
    KeReleaseSpinLock(&Adapter->Lock, irql);
    return status;
}

/* Drains the card itself (a DPC cannot run while the caller is at
   DISPATCH_LEVEL) and halts until the next interrupt between looks. With
   interrupts off the real clock stands still, so polls are counted too. */
BOOLEAN MpWaitForFrame(PNE2K_ADAPTER Adapter, ULONG TimeoutMs)
{
    ULONG64 deadline = KeQueryRealTime() + TimeoutMs;
    ULONG polls = 0;
    KIRQL irql;

    for (;;) {
        KeAcquireSpinLock(&Adapter->Lock, &irql);
        if (Adapter->UseInbox)
            Ne2kpDrain(Adapter, NE_DRAIN_BUDGET);
        KeReleaseSpinLock(&Adapter->Lock, irql);
        if (MpInboxCount(Adapter) != 0)
            return TRUE;
        if (KeQueryRealTime() > deadline || ++polls > TimeoutMs * 1000)
            return FALSE;
        HalWaitForInterrupt();
    }
}

/* Allocates the adapter and its inbox, or NULL. */
static PNE2K_ADAPTER Ne2kpAllocateAdapter(USHORT IoBase, UCHAR Irq, const char *Location)
{
    PNE2K_ADAPTER a = ExAllocatePoolWithTag(NonPagedPool, sizeof(*a), NE2K_TAG);

    if (a == NULL)
        return NULL;
    memset(a, 0, sizeof(*a));
    KeInitializeSpinLock(&a->Lock, LockRankNe2kAdapter, "NE2K_ADAPTER.Lock");
    a->IoBase = IoBase;
    a->Irq = Irq;
    snprintf(a->Location, sizeof(a->Location), "%s", Location);
    a->UseInbox = KeBootArgs.Sched == SCHED_POLICY_PCT;
    a->Inbox = ExAllocatePoolWithTag(NonPagedPool, MP_INBOX_FRAMES * sizeof(MP_INBOX_SLOT),
                                     NE2K_TAG);
    if (a->Inbox == NULL) {
        ExFreePoolWithTag(a, NE2K_TAG);
        return NULL;
    }
    KeInitializeDpc(&a->Dpc, Ne2kpDpc, a);
    KeSetUntracedDpc(&a->Dpc);
    return a;
}

static VOID Ne2kpFreeAdapter(PNE2K_ADAPTER Adapter)
{
    ExFreePoolWithTag(Adapter->Inbox, NE2K_TAG);
    ExFreePoolWithTag(Adapter, NE2K_TAG);
}

/*
 * Brings up the card at IoBase: reset, PROM, interrupt, start. A card that
 * does not answer like an NE2000 is declined without a word; one that
 * starts prints the one boot line.
 */
NTSTATUS Ne2kAddAdapter(USHORT IoBase, UCHAR Irq, const char *Location)
{
    PNE2K_ADAPTER a;
    NTSTATUS status;
    const UCHAR *ea;

    if (MpCount == MP_MAX_ADAPTERS)
        return STATUS_INSUFFICIENT_RESOURCES;
    a = Ne2kpAllocateAdapter(IoBase, Irq, Location);
    if (a == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    status = Ne2kResetChip(a);
    if (NT_SUCCESS(status))
        status = Ne2kReadStationAddress(a);
    if (!NT_SUCCESS(status)) {
        Ne2kpFreeAdapter(a);
        return status;
    }
    status = HalConnectInterrupt(Irq, Ne2kpInterrupt, a);
    if (!NT_SUCCESS(status)) {
        printf("ne2000: %s port 0x%x irq %u: cannot connect the interrupt (0x%08lx)\n",
               Location, IoBase, Irq, (unsigned long)status);
        Ne2kpFreeAdapter(a);
        return status;
    }
    Ne2kStartChip(a);
    MpAdapters[MpCount++] = a;
    ea = a->StationAddress;
    printf("ne2000: %s port 0x%x irq %u ea %02x%02x%02x%02x%02x%02x\n", Location, IoBase, Irq,
           ea[0], ea[1], ea[2], ea[3], ea[4], ea[5]);
    return STATUS_SUCCESS;
}
