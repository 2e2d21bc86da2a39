/*
 * ipxrecv.c - the IPX driver's receive side: pending receives with their
 * time-outs and cancel routines, matching datagrams to them, parking the
 * rest, and - under sched=pct - delivery as a scheduler decision.
 *
 *   IpxPostReceive            RECEIVE, TRANSACT, SAP and RIP: pend the IRP
 *                             (and send the request, for a transact)
 *   IpxReceiveIndication      sched=rr: the miniport's indication
 *   IpxCancelSocketReceives   CLEANUP
 *   IpxInitializeReceive, IpxBindReceive, IpxUnbindReceive, IpxLookupRoute
 *
 * Every frame the card gives us is checked by the codec (IPX in any of the
 * four framings, an IPX length that fits the frame and is not less than
 * the header), counted by its framing and numbered; under ipxframe=auto
 * the first file server's SAP response among them fixes the framing
 * sends use. A datagram answers the oldest pending receive of
 * its destination socket whose IPX_MATCH it fits and whose Watermark it is
 * not older than; otherwise it is parked in a ring of IPX_PARK_SLOTS (the
 * oldest pushed out), where a later receive may find it.
 *
 * sched=pct. The miniport keeps frames in its inbox; nothing here runs
 * when they arrive. IPX is a KSCHED_SOURCE that is Ready while a receive
 * with Expect is pending - a state of the kernel, not of the wire - and
 * each such receive holds KeBlockTimeJump. When PCT picks the source,
 * IpxpDeliver chooses one expecting receive (by a generator seeded from
 * seed=), and takes frames (parked first, then the inbox, waiting on the
 * real clock up to IPX_PCT_WAIT_MS) until its answer is there, parking
 * the others without a trace; it then completes the IRP, or - with the
 * drop share set - throws the answer away and lets the time-out decide.
 * A frame that does not come within the bound means the peer did not
 * behave as it did in the run being replayed: the run ends, saying so.
 */
#include <stdio.h>
#include <string.h>
#include "hal/hal.h"
#include "drivers/ipx/ipxp.h"

static LIST_ENTRY IpxPending;       /* IPX_PENDING.Link, under the cancel spinlock */

static VOID IpxpSendRequest(PIPX_PENDING p, const IPX_DATAGRAM *Send, const UCHAR *Data);
static VOID IpxpCompleteDelivered(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2);

static ULONG IpxpRandom(VOID)
{
    Ipx.Random = Ipx.Random * 1103515245u + 12345u;
    return Ipx.Random >> 8;
}

static BOOLEAN IpxpMatches(const IPX_MATCH *m, const IPX_HEADER *h, const UCHAR *Data,
                           ULONG Length)
{
    ULONG i;

    if (((m->Flags & IPX_MATCH_NETWORK) && h->Source.Network != m->From.Network) ||
        ((m->Flags & IPX_MATCH_NODE) && memcmp(h->Source.Node, m->From.Node, 6) != 0) ||
        ((m->Flags & IPX_MATCH_SOCKET) && h->Source.Socket != m->From.Socket) ||
        ((m->Flags & IPX_MATCH_PACKET_TYPE) && h->PacketType != m->PacketType))
        return FALSE;
    if ((ULONG)m->PatternOffset + m->PatternLength > Length)
        return FALSE;
    for (i = 0; i < m->PatternLength && i < IPX_PATTERN_MAX; i++) {
        if ((Data[m->PatternOffset + i] & m->Mask[i]) != m->Pattern[i])
            return FALSE;
    }
    return TRUE;
}

/* RIP responses teach which MAC reaches a network (the one use of the
   Ethernet source: a next hop, never an answer's identity). */
static VOID IpxpLearnRoutes(const ETH_HEADER *Eth, const IPX_HEADER *h, const UCHAR *Data,
                            ULONG Length)
{
    RIP_ENTRY entries[4];
    USHORT op;
    ULONG count, i, slot;
    UCHAR mac[6];

    if (h->Source.Socket != IPX_SOCKET_RIP ||
        !NT_SUCCESS(RipDecode(Data, Length, &op, entries, 4, &count)) || op != RIP_RESPONSE)
        return;
    for (i = 0; i < count; i++) {
        if (IpxLookupRoute(entries[i].Network, mac))
            continue;
        slot = entries[i].Network % IPX_ROUTES;
        Ipx.Routes[slot].Network = entries[i].Network;
        memcpy(Ipx.Routes[slot].Mac, Eth->Source, 6);
    }
}

BOOLEAN IpxLookupRoute(ULONG Network, UCHAR Mac[6])
{
    IPX_ROUTE *r = &Ipx.Routes[Network % IPX_ROUTES];

    if (r->Network != Network || Network == 0)
        return FALSE;
    memcpy(Mac, r->Mac, 6);
    return TRUE;
}

/*
 * Under Ipx.Lock. ipxframe=auto, not learnt yet: a SAP response naming a
 * file server fixes the framing sends use (ipx.h). TRUE when this one did.
 */
static BOOLEAN IpxpLearnFraming(const ETH_HEADER *Eth, const IPX_HEADER *h, const UCHAR *Data,
                                ULONG Length)
{
    static SAP_ENTRY entries[SAP_MAX_ENTRIES];     /* under Ipx.Lock */
    USHORT type;
    ULONG count, i;

    if (Ipx.Framing != IpxFrameNone || h->Source.Socket != IPX_SOCKET_SAP ||
        !NT_SUCCESS(SapDecodeResponse(Data, Length, &type, entries, SAP_MAX_ENTRIES, &count)))
        return FALSE;
    for (i = 0; i < count; i++) {
        if (entries[i].ServerType == SAP_TYPE_FILE_SERVER) {
            Ipx.Framing = Eth->Frame;
            return TRUE;
        }
    }
    return FALSE;
}

/* Checks and numbers one frame; FALSE (counted) if it is not for us. */
static BOOLEAN IpxpAccept(const UCHAR *Frame, ULONG Length, PIPX_HEADER Header,
                          const UCHAR **Data, PULONG DataLength, PULONG Number)
{
    ETH_HEADER eth;
    KIRQL irql;
    BOOLEAN ok = FALSE, learnt = FALSE;

    KeAcquireSpinLock(&Ipx.Lock, &irql);
    Ipx.Stats.FramesIn++;
    *Number = ++Ipx.FramesSeen;
    if (IpxFrameTypeOf(Frame, Length) == IpxFrameNone)
        Ipx.Stats.NotIpx++;
    else if (!NT_SUCCESS(IpxParseFrame(Frame, Length, &eth, Header, Data, DataLength)))
        Ipx.Stats.BadFrames++;
    else
        ok = TRUE;
    if (ok) {
        Ipx.Stats.ReceivedByFrame[eth.Frame]++;
        IpxpLearnRoutes(&eth, Header, *Data, *DataLength);
        learnt = IpxpLearnFraming(&eth, Header, *Data, *DataLength);
    }
    KeReleaseSpinLock(&Ipx.Lock, irql);
    if (learnt)
        printf("ipx: auto: sending %s from now on, the framing of a file server's SAP reply\n",
               IpxFrameName(eth.Frame));
    return ok;
}

static VOID IpxpRelease(PIPX_PENDING p)
{
    KIRQL irql;
    LONG left;

    IoAcquireCancelSpinLock(&irql);
    left = --p->References;
    IoReleaseCancelSpinLock(irql);
    if (left == 0)
        ExFreePoolWithTag(p, IPX_PENDING_TAG);
}

/* Under the cancel spinlock: a pending receive stops expecting a frame. */
static VOID IpxpStopExpecting(PIPX_PENDING p)
{
    if (!p->Expect)
        return;
    p->Expect = FALSE;
    Ipx.Expected--;
    KeUnblockTimeJump();
}

/* Under the cancel spinlock: off the list, timer stopped; the caller now
   owns completing the IRP. */
static VOID IpxpTakeOff(PIPX_PENDING p)
{
    RemoveEntryList(&p->Link);
    p->Queued = FALSE;
    IoSetCancelRoutine(p->Irp, NULL);
    if (!KeCancelTimer(&p->Timer))
        KeRemoveQueueDpc(&p->Dpc);
    IpxpStopExpecting(p);
}

/* The answer into the IRP's buffer, as the request's kind wants it. */
static NTSTATUS IpxpFill(PIPX_PENDING p, const IPX_HEADER *h, const UCHAR *Data, ULONG Length,
                         ULONG_PTR *Information)
{
    ULONG out = IoGetCurrentIrpStackLocation(p->Irp)->Parameters.DeviceIoControl
                    .OutputBufferLength;
    PIPX_DATAGRAM d = p->Irp->SystemBuffer;
    PIPX_SAP_RESULT sap = p->Irp->SystemBuffer;
    ULONG count;

    switch (p->Kind) {
    case IpxSap:
        *Information = sizeof(*sap);
        memset(sap, 0, sizeof(*sap));
        return SapDecodeResponse(Data, Length, &sap->ResponseType, sap->Entries,
                                 SAP_MAX_ENTRIES, &sap->Count);
    case IpxRip:
        *Information = sizeof(RIP_ENTRY);
        return RipDecode(Data, Length, &(USHORT){ 0 }, p->Irp->SystemBuffer, 1, &count);
    default:
        d->Remote = h->Source;
        d->PacketType = h->PacketType;
        d->DataLength = Length;
        if (Length > out - sizeof(*d))
            Length = out - sizeof(*d);
        memcpy(d + 1, Data, Length);
        *Information = sizeof(*d) + Length;
        return STATUS_SUCCESS;
    }
}

static VOID IpxpFinish(PIPX_PENDING p, NTSTATUS Status, ULONG_PTR Information)
{
    PIRP irp = p->Irp;

    if (Status == STATUS_IO_TIMEOUT)
        Ipx.Stats.TimedOut++;
    else if (Status == STATUS_CANCELLED)
        Ipx.Stats.Cancelled++;
    irp->IoStatus.Status = Status;
    irp->IoStatus.Information = NT_SUCCESS(Status) ? Information : 0;
    IpxpRelease(p);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

/* Completes p with a datagram; p is already off the list. */
static VOID IpxpAnswer(PIPX_PENDING p, const IPX_HEADER *h, const UCHAR *Data, ULONG Length)
{
    ULONG_PTR information = 0;
    NTSTATUS status = IpxpFill(p, h, Data, Length, &information);

    Ipx.Stats.Delivered++;
    IpxpFinish(p, status, information);
}

static VOID IpxpCancel(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIPX_PENDING found = NULL;

    for (PLIST_ENTRY e = IpxPending.Flink; e != &IpxPending; e = e->Flink) {
        PIPX_PENDING p = CONTAINING_RECORD(e, IPX_PENDING, Link);
        if (p->Irp == Irp)
            found = p;
    }
    if (found != NULL)
        IpxpTakeOff(found);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    if (found != NULL)
        IpxpFinish(found, STATUS_CANCELLED, 0);
}

static VOID IpxpTimeout(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PIPX_PENDING p = Context;
    BOOLEAN mine;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    mine = p->Queued;
    if (mine)
        IpxpTakeOff(p);
    IoReleaseCancelSpinLock(irql);
    if (mine)
        IpxpFinish(p, STATUS_IO_TIMEOUT, 0);
}

/* Under Ipx.Lock. */
static VOID IpxpPark(ULONG Number, const IPX_HEADER *h, const UCHAR *Data, ULONG Length)
{
    IPX_PARKED *slot = &Ipx.Park[Ipx.ParkNext++ % IPX_PARK_SLOTS];

    if (slot->InUse)
        Ipx.Stats.ParkOverflow++;
    slot->InUse = TRUE;
    slot->Number = Number;
    slot->Socket = h->Destination.Socket;
    slot->Header = *h;
    slot->Length = Length;
    memcpy(slot->Data, Data, Length);
    Ipx.Stats.Parked++;
}

/* Under Ipx.Lock: the oldest parked datagram that answers p, or NULL. */
static IPX_PARKED *IpxpFindParked(PIPX_PENDING p)
{
    IPX_PARKED *best = NULL;
    ULONG i;

    for (i = 0; i < IPX_PARK_SLOTS; i++) {
        IPX_PARKED *s = &Ipx.Park[i];
        if (s->InUse && s->Socket == p->Socket->Number && s->Number >= p->Watermark &&
            IpxpMatches(&p->Match, &s->Header, s->Data, s->Length) &&
            (best == NULL || s->Number < best->Number))
            best = s;
    }
    return best;
}

static BOOLEAN IpxpSocketOpen(USHORT Number)
{
    for (PLIST_ENTRY e = Ipx.Sockets.Flink; e != &Ipx.Sockets; e = e->Flink) {
        if (CONTAINING_RECORD(e, IPX_SOCKET, Link)->Number == Number)
            return TRUE;
    }
    return FALSE;
}

/* A datagram for which no receive was chosen: parked, or counted. */
static VOID IpxpKeep(ULONG Number, const IPX_HEADER *h, const UCHAR *Data, ULONG Length)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ipx.Lock, &irql);
    if (IpxpSocketOpen(h->Destination.Socket))
        IpxpPark(Number, h, Data, Length);
    else
        Ipx.Stats.NoSocket++;
    KeReleaseSpinLock(&Ipx.Lock, irql);
}

/* sched=rr, at DISPATCH_LEVEL: the oldest receive it answers, or the park. */
VOID IpxReceiveIndication(PVOID Context, PNE2K_ADAPTER Adapter, const UCHAR *Frame, ULONG Length)
{
    IPX_HEADER h;
    const UCHAR *data;
    ULONG length, number;
    PIPX_PENDING found = NULL;
    KIRQL irql;

    if (!IpxpAccept(Frame, Length, &h, &data, &length, &number))
        return;
    IoAcquireCancelSpinLock(&irql);
    for (PLIST_ENTRY e = IpxPending.Flink; e != &IpxPending && found == NULL; e = e->Flink) {
        PIPX_PENDING p = CONTAINING_RECORD(e, IPX_PENDING, Link);
        if (p->Socket->Number == h.Destination.Socket && number >= p->Watermark &&
            IpxpMatches(&p->Match, &h, data, length))
            found = p;
    }
    if (found != NULL)
        IpxpTakeOff(found);
    IoReleaseCancelSpinLock(irql);
    if (found != NULL)
        IpxpAnswer(found, &h, data, length);
    else
        IpxpKeep(number, &h, data, length);
}

/* A parked answer for p (taken out of the park), copied to Copy. */
static BOOLEAN IpxpTakeParked(PIPX_PENDING p, IPX_PARKED *Copy)
{
    IPX_PARKED *s;
    KIRQL irql;

    KeAcquireSpinLock(&Ipx.Lock, &irql);
    s = IpxpFindParked(p);
    if (s != NULL) {
        memcpy(Copy, s, sizeof(*Copy));
        s->InUse = FALSE;
    }
    KeReleaseSpinLock(&Ipx.Lock, irql);
    return s != NULL;
}


static NTSTATUS IpxpFailEarly(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* Under the cancel spinlock (pct): the pending receive p starts expecting. */
static VOID IpxpStartExpecting(PIPX_PENDING p)
{
    if (p->Expect || !p->Queued)
        return;
    p->Expect = TRUE;
    Ipx.Expected++;
    KeBlockTimeJump();
}

/* Validates, queues (timer armed, cancel routine set) and - for a
   transact - sends. Returns STATUS_PENDING once the IRP is the driver's. */
NTSTATUS IpxPostReceive(PIRP Irp, PIPX_SOCKET Socket, const IPX_RECEIVE *Receive,
                        IPX_RESULT_KIND Kind, const IPX_DATAGRAM *Send, const UCHAR *Data)
{
    PIPX_PENDING p;
    IPX_PARKED parked;
    KIRQL irql;

    if (Receive->TimeoutMs == 0 || Receive->TimeoutMs > IPX_MAX_TIMEOUT_MS ||
        Receive->Match.PatternLength > IPX_PATTERN_MAX)
        return IpxpFailEarly(Irp, STATUS_INVALID_PARAMETER);
    p = ExAllocatePoolWithTag(NonPagedPool, sizeof(*p), IPX_PENDING_TAG);
    if (p == NULL)
        return IpxpFailEarly(Irp, STATUS_INSUFFICIENT_RESOURCES);
    memset(p, 0, sizeof(*p));
    p->Irp = Irp;
    p->Socket = Socket;
    p->Match = Receive->Match;
    p->Kind = Kind;
    p->References = 2;
    KeInitializeTimer(&p->Timer);
    KeInitializeDpc(&p->Dpc, IpxpTimeout, p);
    KeInitializeDpc(&p->CompleteDpc, IpxpCompleteDelivered, p);
    if (Send != NULL)
        p->Watermark = Ipx.FramesSeen + 1 + (IpxPct() ? MpInboxCount(Ipx.Adapter) : 0);
    IoMarkIrpPending(Irp);
    if (!IpxPct() && Send == NULL && IpxpTakeParked(p, &parked)) {
        p->References = 1;
        IpxpAnswer(p, &parked.Header, parked.Data, parked.Length);
        return STATUS_PENDING;
    }
    IoAcquireCancelSpinLock(&irql);
    if (Irp->Cancel) {
        IoReleaseCancelSpinLock(irql);
        p->References = 1;
        IpxpFinish(p, STATUS_CANCELLED, 0);
        return STATUS_PENDING;
    }
    InsertTailList(&IpxPending, &p->Link);
    p->Queued = TRUE;
    IoSetCancelRoutine(Irp, IpxpCancel);
    KeSetTimer(&p->Timer, -(LONG64)Receive->TimeoutMs * (LONG64)KTIME_PER_MS, &p->Dpc);
    if (IpxPct() && Send == NULL && (p->Match.Flags & IPX_MATCH_EXPECT))
        IpxpStartExpecting(p);
    IoReleaseCancelSpinLock(irql);
    if (Send != NULL)
        IpxpSendRequest(p, Send, Data);
    IpxpRelease(p);
    return STATUS_PENDING;
}

/* A transact's request, once its receive is queued. A send that fails
   completes the receive with the send's status. Under pct the answer is
   now owed: p expects it. */
static VOID IpxpSendRequest(PIPX_PENDING p, const IPX_DATAGRAM *Send, const UCHAR *Data)
{
    NTSTATUS status = IpxSendDatagram(p->Socket, Send, Data, p->Kind != IpxRaw);
    BOOLEAN mine = FALSE;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    if (!NT_SUCCESS(status) && p->Queued) {
        IpxpTakeOff(p);
        mine = TRUE;
    } else if (IpxPct()) {
        IpxpStartExpecting(p);
    }
    IoReleaseCancelSpinLock(irql);
    if (mine)
        IpxpFinish(p, status, 0);
}

VOID IpxCancelSocketReceives(PIPX_SOCKET Socket)
{
    PIPX_PENDING found;
    KIRQL irql;

    do {
        found = NULL;
        IoAcquireCancelSpinLock(&irql);
        for (PLIST_ENTRY e = IpxPending.Flink; e != &IpxPending && found == NULL;
             e = e->Flink) {
            PIPX_PENDING p = CONTAINING_RECORD(e, IPX_PENDING, Link);
            if (p->Socket == Socket)
                found = p;
        }
        if (found != NULL)
            IpxpTakeOff(found);
        IoReleaseCancelSpinLock(irql);
        if (found != NULL)
            IpxpFinish(found, STATUS_CANCELLED, 0);
    } while (found != NULL);
}

/* pct: the source is ready while the peer owes a frame. */
static BOOLEAN IpxpReady(PKSCHED_SOURCE Source)
{
    return Ipx.Expected != 0;
}

/* pct, at DISPATCH_LEVEL: which expecting receive this delivery is for. */
static PIPX_PENDING IpxpChoose(VOID)
{
    ULONG k = KeScheduleChoice(Ipx.Expected);

    for (PLIST_ENTRY e = IpxPending.Flink; e != &IpxPending; e = e->Flink) {
        PIPX_PENDING p = CONTAINING_RECORD(e, IPX_PENDING, Link);
        if (p->Expect && k-- == 0)
            return p;
    }
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, __LINE__, (ULONG_PTR)__FILE__, Ipx.Expected, 0);
}

static VOID __attribute__((noreturn)) IpxpBrokeDeterminism(PIPX_PENDING p)
{
    printf("ipx: the peer broke determinism: the frame chosen for IRP #%lu (socket %04x) "
           "did not arrive within %u ms of real time\n", (unsigned long)p->Irp->Id,
           p->Socket->Number, IPX_PCT_WAIT_MS);
    HalReturnToFirmware(HAL_EXIT_FAIL);
}

/* pct: takes frames from the inbox (parking the others, silently) until
   p's answer is in Answer. */
static VOID IpxpAwaitAnswer(PIPX_PENDING p, IPX_PARKED *Answer)
{
    ULONG64 deadline = KeQueryRealTime() + IPX_PCT_WAIT_MS;
    const UCHAR *data;
    ULONG length, number;

    for (;;) {
        while (MpTakeFrame(Ipx.Adapter, Ipx.Frame, sizeof(Ipx.Frame), &length) != STATUS_SUCCESS) {
            ULONG64 now = KeQueryRealTime();
            if (now >= deadline || !MpWaitForFrame(Ipx.Adapter, (ULONG)(deadline - now)))
                IpxpBrokeDeterminism(p);
        }
        if (!IpxpAccept(Ipx.Frame, length, &Answer->Header, &data, &Answer->Length, &number))
            continue;
        if (Answer->Header.Destination.Socket == p->Socket->Number && number >= p->Watermark &&
            IpxpMatches(&p->Match, &Answer->Header, data, Answer->Length)) {
            memcpy(Answer->Data, data, Answer->Length);
            return;
        }
        IpxpKeep(number, &Answer->Header, data, Answer->Length);
    }
}

/* pct: the scheduler's decision to deliver (or lose) one owed frame. */
static VOID IpxpDeliver(PKSCHED_SOURCE Source)
{
    static IPX_PARKED answer;   /* DISPATCH_LEVEL, one delivery at a time */
    PIPX_PENDING p;
    KIRQL irql;
    BOOLEAN drop;

    IoAcquireCancelSpinLock(&irql);
    p = IpxpChoose();
    IoReleaseCancelSpinLock(irql);
    if (!IpxpTakeParked(p, &answer))
        IpxpAwaitAnswer(p, &answer);
    drop = Ipx.DropPercent != 0 && IpxpRandom() % 100 < Ipx.DropPercent;
    IoAcquireCancelSpinLock(&irql);
    if (drop) {
        Ipx.Stats.PctDrops++;
        IpxpStopExpecting(p);
    } else {
        Ipx.Stats.PctDeliveries++;
        IpxpTakeOff(p);
    }
    IoReleaseCancelSpinLock(irql);
    if (!drop) {
        p->Status = IpxpFill(p, &answer.Header, answer.Data, answer.Length, &p->Information);
        Ipx.Stats.Delivered++;
        KeInsertQueueDpc(&p->CompleteDpc, NULL, NULL);
    }
}

/* pct: the delivered IRP completes once the level drops, not inside the
   scheduler's decision, where its issuer may be the thread being switched
   out (an APC to the running thread does not end its wait). */
static VOID IpxpCompleteDelivered(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PIPX_PENDING p = Context;

    IpxpFinish(p, p->Status, p->Information);
}

/* From DriverEntry: the miniport may indicate a frame the moment IpxBind
   registers us, before the first IRP_MJ_CREATE has returned. */
VOID IpxInitializeReceive(VOID)
{
    InitializeListHead(&IpxPending);
}

VOID IpxBindReceive(VOID)
{
    if (!IpxPct())
        return;
    Ipx.Source.Ready = IpxpReady;
    Ipx.Source.Deliver = IpxpDeliver;
    KeRegisterScheduleSource(&Ipx.Source, "ipx");
}

VOID IpxUnbindReceive(VOID)
{
    if (IpxPct())
        KeUnregisterScheduleSource(&Ipx.Source);
}
