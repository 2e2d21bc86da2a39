/*
 * ipxdrv.c - the IPX transport driver (interface: ipx.h): \Device\Ipx,
 * sockets as file objects, sending, and the IOCTL dispatch. Receiving is
 * ipxrecv.c's.
 *
 *   IpxDriverEntry     \Driver\Ipx, in the boot driver table after the NE2000
 *   IpxSendDatagram    one IPX packet, in the framing ipxframe= chose (or,
 *                      for auto, learnt; ipx.h says what goes out before)
 *
 * FsContext of a socket's file object is its IPX_SOCKET. The first open
 * binds the driver to the card (receive indication under rr, the schedule
 * source under pct); the last close unbinds it, so that the NE2000's own
 * suites find the card free when no socket is open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "drivers/ipx/ipxp.h"

IPX_GLOBALS Ipx;

/* ipxframe= is parsed by Ke in the codec's order (ke.h). */
_Static_assert((ULONG)IPXFRAME_ETHERNET_II == (ULONG)IpxFrameEthernetII &&
               (ULONG)IPXFRAME_802_3 == (ULONG)IpxFrame8023 &&
               (ULONG)IPXFRAME_802_2 == (ULONG)IpxFrame8022 &&
               (ULONG)IPXFRAME_SNAP == (ULONG)IpxFrameSnap &&
               (ULONG)IPXFRAME_AUTO == IPX_FRAME_AUTO, "ipxframe= order");

BOOLEAN IpxPct(VOID)
{
    return KeBootArgs.Sched == SCHED_POLICY_PCT;
}

static NTSTATUS IpxComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static PIPX_SOCKET IpxFindSocket(USHORT Number)
{
    for (PLIST_ENTRY e = Ipx.Sockets.Flink; e != &Ipx.Sockets; e = e->Flink) {
        PIPX_SOCKET s = CONTAINING_RECORD(e, IPX_SOCKET, Link);
        if (s->Number == Number)
            return s;
    }
    return NULL;
}

/* "\NNNN" in hexadecimal, 0 for a dynamic socket; ~0 if malformed. */
static ULONG IpxParseSocketName(PCSTRING Name)
{
    char text[8];
    char *end;
    ULONG n = Name->Length > 0 && Name->Buffer[0] == '\\' ? 1 : 0;
    ULONG value;

    if (Name->Length - n == 0 || Name->Length - n > 4)
        return ~0u;
    memcpy(text, Name->Buffer + n, Name->Length - n);
    text[Name->Length - n] = '\0';
    value = strtoul(text, &end, 16);
    return *end == '\0' ? value : ~0u;
}

/* The next dynamic socket number back to the first: a scenario's schedule
   starts from its baseline, where a fresh boot's first one would. */
VOID IpxResetDynamicSockets(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ipx.Lock, &irql);
    Ipx.NextDynamic = IPX_DYNAMIC_FIRST;
    KeReleaseSpinLock(&Ipx.Lock, irql);
}

/* The counters and the framing, as IOCTL_IPX_QUERY_STATISTICS gives them;
   also for the scenario's harness, which counts a schedule's frames. */
VOID IpxQueryStatistics(PIPX_STATISTICS Statistics)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ipx.Lock, &irql);
    Ipx.Stats.FrameSetting = Ipx.FrameSetting;
    Ipx.Stats.FrameInUse = Ipx.Framing == IpxFrameNone ? IPX_FRAME_AUTO : (ULONG)Ipx.Framing;
    memcpy(Statistics, &Ipx.Stats, sizeof(IPX_STATISTICS));
    KeReleaseSpinLock(&Ipx.Lock, irql);
}

/* Under Ipx.Lock: a free dynamic number, or 0. */
static USHORT IpxDynamicSocket(VOID)
{
    ULONG tries;

    for (tries = 0; tries <= IPX_DYNAMIC_LAST - IPX_DYNAMIC_FIRST; tries++) {
        USHORT n = Ipx.NextDynamic;
        Ipx.NextDynamic = n == IPX_DYNAMIC_LAST ? IPX_DYNAMIC_FIRST : n + 1;
        if (IpxFindSocket(n) == NULL)
            return n;
    }
    return 0;
}

/* Under Ipx.Lock, at the first open: the card. */
static NTSTATUS IpxBind(VOID)
{
    PNE2K_ADAPTER adapter = MpGetAdapter(0);

    if (adapter == NULL)
        return STATUS_NO_SUCH_DEVICE;
    if (!IpxPct() && MpRegisterProtocol(adapter, IpxReceiveIndication, NULL) != STATUS_SUCCESS)
        return STATUS_DEVICE_BUSY;
    Ipx.Adapter = adapter;
    MpQueryStationAddress(adapter, Ipx.Mac);
    return STATUS_SUCCESS;
}

static NTSTATUS IpxCreate(PDEVICE_OBJECT Device, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    ULONG number = IpxParseSocketName(&file->FileName);
    PIPX_SOCKET socket;
    NTSTATUS status;
    BOOLEAN first, bound = FALSE;
    KIRQL irql;

    if (number > 0xFFFF)
        return IpxComplete(Irp, STATUS_OBJECT_NAME_INVALID, 0);
    socket = ExAllocatePoolWithTag(NonPagedPool, sizeof(*socket), IPX_SOCKET_TAG);
    if (socket == NULL)
        return IpxComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    KeAcquireSpinLock(&Ipx.Lock, &irql);
    first = IsListEmpty(&Ipx.Sockets);
    status = first ? IpxBind() : STATUS_SUCCESS;
    bound = first && NT_SUCCESS(status);
    if (NT_SUCCESS(status) && number == 0 && (number = IpxDynamicSocket()) == 0)
        status = STATUS_INSUFFICIENT_RESOURCES;
    if (NT_SUCCESS(status) && IpxFindSocket((USHORT)number) != NULL)
        status = STATUS_OBJECT_NAME_COLLISION;
    if (NT_SUCCESS(status)) {
        socket->Number = (USHORT)number;
        socket->File = file;
        InsertTailList(&Ipx.Sockets, &socket->Link);
        file->FsContext = socket;
    }
    KeReleaseSpinLock(&Ipx.Lock, irql);
    if (!NT_SUCCESS(status)) {
        if (bound && !IpxPct())
            MpDeregisterProtocol(Ipx.Adapter);
        ExFreePoolWithTag(socket, IPX_SOCKET_TAG);
        return IpxComplete(Irp, status, 0);
    }
    if (first)
        IpxBindReceive();
    return IpxComplete(Irp, STATUS_SUCCESS, FILE_OPEN);
}

static NTSTATUS IpxCleanup(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIPX_SOCKET socket = IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext;

    if (socket != NULL)
        IpxCancelSocketReceives(socket);
    return IpxComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS IpxClose(PDEVICE_OBJECT Device, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PIPX_SOCKET socket = file->FsContext;
    BOOLEAN last;
    KIRQL irql;

    if (socket == NULL)
        return IpxComplete(Irp, STATUS_SUCCESS, 0);
    KeAcquireSpinLock(&Ipx.Lock, &irql);
    RemoveEntryList(&socket->Link);
    last = IsListEmpty(&Ipx.Sockets);
    KeReleaseSpinLock(&Ipx.Lock, irql);
    file->FsContext = NULL;
    ExFreePoolWithTag(socket, IPX_SOCKET_TAG);
    if (last) {
        IpxUnbindReceive();
        if (!IpxPct())
            MpDeregisterProtocol(Ipx.Adapter);
    }
    return IpxComplete(Irp, STATUS_SUCCESS, 0);
}

/* The destination MAC: a learned router for a remote network, else the node. */
static VOID IpxNextHop(const IPX_ADDRESS *To, UCHAR Mac[6])
{
    if (To->Network == 0 || To->Network == Ipx.Network || !IpxLookupRoute(To->Network, Mac))
        memcpy(Mac, To->Node, 6);
}

/* One IPX packet in one framing; counted per framing. */
static NTSTATUS IpxSendIn(IPX_FRAME_TYPE Framing, PIPX_SOCKET Socket,
                          const IPX_DATAGRAM *Datagram, const UCHAR *Data)
{
    ETH_HEADER eth = { .Frame = Framing };
    IPX_HEADER ipx = { .PacketType = Datagram->PacketType };
    UCHAR frame[MP_MAX_FRAME];
    ULONG length;
    NTSTATUS status;
    KIRQL irql;

    IpxNextHop(&Datagram->Remote, eth.Destination);
    memcpy(eth.Source, Ipx.Mac, 6);
    ipx.Destination = Datagram->Remote;
    ipx.Source.Network = Ipx.Network;
    memcpy(ipx.Source.Node, Ipx.Mac, 6);
    ipx.Source.Socket = Socket->Number;
    status = IpxBuildFrame(frame, sizeof(frame), &eth, &ipx, Data, Datagram->DataLength, &length);
    if (NT_SUCCESS(status))
        status = MpSendFrame(Ipx.Adapter, frame, length);
    KeAcquireSpinLock(&Ipx.Lock, &irql);
    if (NT_SUCCESS(status)) {
        Ipx.Stats.Sent++;
        Ipx.Stats.SentByFrame[Framing]++;
    } else {
        Ipx.Stats.SendErrors++;
    }
    KeReleaseSpinLock(&Ipx.Lock, irql);
    return status;
}

/* A probe before auto has learnt goes out in every framing: it succeeds
   when one of them went. */
static NTSTATUS IpxSendProbes(PIPX_SOCKET Socket, const IPX_DATAGRAM *Datagram, const UCHAR *Data)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    ULONG framing;

    for (framing = 0; framing < IpxFrameTypeCount; framing++) {
        if (NT_SUCCESS(IpxSendIn((IPX_FRAME_TYPE)framing, Socket, Datagram, Data)))
            status = STATUS_SUCCESS;
    }
    return status;
}

NTSTATUS IpxSendDatagram(PIPX_SOCKET Socket, const IPX_DATAGRAM *Datagram, const UCHAR *Data,
                         BOOLEAN Probe)
{
    IPX_FRAME_TYPE framing;
    KIRQL irql;

    if (Datagram->DataLength > IPX_MAX_DATA)
        return STATUS_INVALID_PARAMETER;
    KeAcquireSpinLock(&Ipx.Lock, &irql);
    framing = Ipx.Framing;
    KeReleaseSpinLock(&Ipx.Lock, irql);
    if (framing != IpxFrameNone)
        return IpxSendIn(framing, Socket, Datagram, Data);
    if (Probe)
        return IpxSendProbes(Socket, Datagram, Data);
    return IpxSendIn(IpxFrame8022, Socket, Datagram, Data);    /* NWLink's fallback */
}

static NTSTATUS IpxSend(PIRP Irp, PIPX_SOCKET Socket, ULONG InLength)
{
    const IPX_DATAGRAM *d = Irp->SystemBuffer;

    if (InLength < sizeof(*d) || d->DataLength > InLength - sizeof(*d))
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    return IpxComplete(Irp, IpxSendDatagram(Socket, d, (const UCHAR *)(d + 1), FALSE), 0);
}

static NTSTATUS IpxTransact(PIRP Irp, PIPX_SOCKET Socket, ULONG InLength)
{
    IPX_TRANSACT t;

    if (InLength < sizeof(t))
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    memcpy(&t, Irp->SystemBuffer, sizeof(t));
    if (t.Send.DataLength > InLength - sizeof(t) || t.Send.DataLength > IPX_MAX_DATA)
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    return IpxPostReceive(Irp, Socket, &t.Receive, IpxRaw, &t.Send,
                          (const UCHAR *)Irp->SystemBuffer + sizeof(t));
}

/* A SAP query to every server, answered by the first response. */
static NTSTATUS IpxSapQuery(PIRP Irp, PIPX_SOCKET Socket, ULONG InLength, ULONG OutLength)
{
    IPX_SAP_QUERY q;
    SAP_QUERY query;
    IPX_RECEIVE r = { .Match = { .Flags = IPX_MATCH_SOCKET | IPX_MATCH_EXPECT,
                                 .From.Socket = IPX_SOCKET_SAP, .PatternLength = 2,
                                 .Mask = { 0xFF, 0xFF } } };
    IPX_DATAGRAM send = { .Remote.Socket = IPX_SOCKET_SAP, .PacketType = IPX_TYPE_PEP };
    UCHAR payload[8];

    if (InLength < sizeof(q) || OutLength < sizeof(IPX_SAP_RESULT))
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    memcpy(&q, Irp->SystemBuffer, sizeof(q));
    if (q.QueryType != SAP_NEAREST_QUERY && q.QueryType != SAP_GENERAL_QUERY)
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    query.QueryType = q.QueryType;
    query.ServerType = q.ServerType;
    if (!NT_SUCCESS(SapEncodeQuery(payload, sizeof(payload), &query, &send.DataLength)))
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    memset(send.Remote.Node, 0xFF, 6);
    r.TimeoutMs = q.TimeoutMs;
    r.Match.Pattern[1] = q.QueryType + 1;       /* the response type */
    return IpxPostReceive(Irp, Socket, &r, IpxSap, &send, payload);
}

static NTSTATUS IpxRipRequest(PIRP Irp, PIPX_SOCKET Socket, ULONG InLength, ULONG OutLength)
{
    IPX_RIP_QUERY q;
    RIP_ENTRY entry = { .Hops = 0xFFFF, .Ticks = 0xFFFF };
    IPX_RECEIVE r = { .Match = { .Flags = IPX_MATCH_SOCKET | IPX_MATCH_EXPECT,
                                 .From.Socket = IPX_SOCKET_RIP, .PatternLength = 2,
                                 .Pattern = { 0, RIP_RESPONSE }, .Mask = { 0xFF, 0xFF } } };
    IPX_DATAGRAM send = { .Remote.Socket = IPX_SOCKET_RIP, .PacketType = IPX_TYPE_RIP };
    UCHAR payload[16];

    if (InLength < sizeof(q) || OutLength < sizeof(RIP_ENTRY))
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    memcpy(&q, Irp->SystemBuffer, sizeof(q));
    entry.Network = q.Network;
    if (!NT_SUCCESS(RipEncode(payload, sizeof(payload), RIP_REQUEST, &entry, 1,
                              &send.DataLength)))
        return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    memset(send.Remote.Node, 0xFF, 6);
    r.TimeoutMs = q.TimeoutMs;
    return IpxPostReceive(Irp, Socket, &r, IpxRip, &send, payload);
}

static NTSTATUS IpxSmallControl(PIRP Irp, PIPX_SOCKET Socket, ULONG Code, ULONG In, ULONG Out)
{
    IPX_ADDRESS address = { .Network = Ipx.Network, .Socket = Socket->Number };

    switch (Code) {
    case IOCTL_IPX_QUERY_ADDRESS:
        if (Out < sizeof(address))
            return IpxComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        memcpy(address.Node, Ipx.Mac, 6);
        memcpy(Irp->SystemBuffer, &address, sizeof(address));
        return IpxComplete(Irp, STATUS_SUCCESS, sizeof(address));
    case IOCTL_IPX_QUERY_STATISTICS:
        if (Out < sizeof(IPX_STATISTICS))
            return IpxComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        IpxQueryStatistics(Irp->SystemBuffer);
        return IpxComplete(Irp, STATUS_SUCCESS, sizeof(IPX_STATISTICS));
    case IOCTL_IPX_SET_PCT_DROP:
        if (In < sizeof(ULONG) || *(PULONG)Irp->SystemBuffer > 100)
            return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        Ipx.DropPercent = *(PULONG)Irp->SystemBuffer;
        return IpxComplete(Irp, STATUS_SUCCESS, 0);
    }
    return IpxComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

static NTSTATUS IpxDeviceControl(PDEVICE_OBJECT Device, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PIPX_SOCKET socket = sp->FileObject->FsContext;
    ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
    ULONG in = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG out = sp->Parameters.DeviceIoControl.OutputBufferLength;
    IPX_RECEIVE r;

    if (socket == NULL)
        return IpxComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    switch (code) {
    case IOCTL_IPX_SEND:
        return IpxSend(Irp, socket, in);
    case IOCTL_IPX_RECEIVE:
        if (in < sizeof(r) || out < sizeof(IPX_DATAGRAM))
            return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        memcpy(&r, Irp->SystemBuffer, sizeof(r));
        return IpxPostReceive(Irp, socket, &r, IpxRaw, NULL, NULL);
    case IOCTL_IPX_TRANSACT:
        if (out < sizeof(IPX_DATAGRAM))
            return IpxComplete(Irp, STATUS_INVALID_PARAMETER, 0);
        return IpxTransact(Irp, socket, in);
    case IOCTL_IPX_SAP_QUERY:
        return IpxSapQuery(Irp, socket, in, out);
    case IOCTL_IPX_RIP_REQUEST:
        return IpxRipRequest(Irp, socket, in, out);
    }
    return IpxSmallControl(Irp, socket, code, in, out);
}

NTSTATUS IpxDriverEntry(PDRIVER_OBJECT Driver)
{
    NTSTATUS status;

    if (MpAdapterCount() == 0)
        return STATUS_NO_SUCH_DEVICE;
    status = IoCreateDevice(Driver, 0, IPX_DEVICE_NAME, FILE_DEVICE_NETWORK, 0, FALSE,
                            &Ipx.Device);
    if (!NT_SUCCESS(status))
        return status;
    KeInitializeSpinLock(&Ipx.Lock, LockRankIpx, "Ipx.Lock");
    InitializeListHead(&Ipx.Sockets);
    IpxInitializeReceive();
    Ipx.NextDynamic = IPX_DYNAMIC_FIRST;
    Ipx.Random = KeBootArgs.Seed * 2654435761u + 1;
    Ipx.FrameSetting = KeBootArgs.IpxFrame;
    Ipx.Framing = Ipx.FrameSetting == IPX_FRAME_AUTO ? IpxFrameNone : (IPX_FRAME_TYPE)Ipx.FrameSetting;
    Driver->MajorFunction[IRP_MJ_CREATE] = IpxCreate;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = IpxCleanup;
    Driver->MajorFunction[IRP_MJ_CLOSE] = IpxClose;
    Driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IpxDeviceControl;
    Ipx.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
