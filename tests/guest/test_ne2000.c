/*
 * test_ne2000.c - the NE2000 driver on the real (emulated) wire, with
 * ncpserv beside QEMU (tests/test_ne2000.py; qemu/run.sh NIC=pci|isa).
 *
 *   test=ne2000       the card is up, a SAP Get Nearest Server goes out and
 *                     NWSERVER's unicast answer comes back (which proves the
 *                     PROM address is the one QEMU filters on), lengths are
 *                     checked, counters add up.
 *   test=ne2000flood  the same, then waits for the host's flood of random,
 *                     truncated and oversized frames to end (its last marker
 *                     frame), reports the counters, and exchanges SAP again.
 *
 * Frames reach the suite through the miniport's receive contract: under
 * sched=rr by indication (GtNeIndicate), under sched=pct from the inbox,
 * taken by the suite itself (GtNePump) - the way the IPX layer will.
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "drivers/ipx/ipxwire.h"
#include "drivers/ne2000/miniport.h"
#include "tests/guest/gtest.h"

#define GT_SOCKET           0x4001
#define GT_ETH_MARKER       0x88B5      /* IEEE local experimental */
#define GT_MARKER_TEXT      "IRPLAB-FLOOD"
#define GT_SAP_WAIT_MS      3000
#define GT_FLOOD_WAIT_MS    30000
#define MS(n) (-(LONG64)(n) * (LONG64)KTIME_PER_MS)

static struct {
    PNE2K_ADAPTER Adapter;
    UCHAR Address[6];
    KEVENT SapEvent, FloodEvent;
    volatile BOOLEAN SapSeen, FloodOver;
    volatile ULONG Indications, Markers;
    SAP_ENTRY Sap;
    UCHAR SapDestination[6];
    ULONG SapLength;
    UCHAR Frame[MP_MAX_FRAME + 2];
} GtNe;

static BOOLEAN GtNePct(VOID)
{
    return KeBootArgs.Sched == SCHED_POLICY_PCT;
}

/* A flood marker: type 0x88B5, "IRPLAB-FLOOD", then 1 on the last one. */
static BOOLEAN GtNeMarker(const UCHAR *Frame, ULONG Length)
{
    ULONG n = sizeof(GT_MARKER_TEXT) - 1;

    if (Length < MP_HEADER_LENGTH + n + 1 || Frame[12] != (GT_ETH_MARKER >> 8) ||
        Frame[13] != (GT_ETH_MARKER & 0xFF) || memcmp(Frame + 14, GT_MARKER_TEXT, n) != 0)
        return FALSE;
    GtNe.Markers++;
    if (Frame[14 + n] == 1 && !GtNe.FloodOver) {
        GtNe.FloodOver = TRUE;
        if (!GtNePct())
            KeSetEvent(&GtNe.FloodEvent, 0, FALSE);
    }
    return TRUE;
}

/* Keeps the first SAP nearest-server answer addressed to our socket. */
static VOID GtNeClassify(const UCHAR *Frame, ULONG Length)
{
    ETH_HEADER eth;
    IPX_HEADER ipx;
    const UCHAR *payload;
    ULONG payloadLength, count;
    USHORT type;
    SAP_ENTRY entry;

    if (GtNeMarker(Frame, Length) || GtNe.SapSeen)
        return;
    if (!NT_SUCCESS(IpxParseFrame(Frame, Length, &eth, &ipx, &payload, &payloadLength)) ||
        ipx.Destination.Socket != GT_SOCKET || ipx.Source.Socket != IPX_SOCKET_SAP)
        return;
    if (!NT_SUCCESS(SapDecodeResponse(payload, payloadLength, &type, &entry, 1, &count)) ||
        type != SAP_NEAREST_RESPONSE || count != 1)
        return;
    GtNe.Sap = entry;
    memcpy(GtNe.SapDestination, eth.Destination, 6);
    GtNe.SapLength = Length;
    GtNe.SapSeen = TRUE;
    if (!GtNePct())
        KeSetEvent(&GtNe.SapEvent, 0, FALSE);
}

/* sched=rr: the miniport's receive indication, at DISPATCH_LEVEL. */
static VOID GtNeIndicate(PVOID Context, PNE2K_ADAPTER Adapter, const UCHAR *Frame, ULONG Length)
{
    GtNe.Indications++;
    if (KeGetCurrentIrql() != DISPATCH_LEVEL || Length < MP_MIN_FRAME || Length > MP_MAX_FRAME)
        GtNe.Indications += 1000000;    /* a broken contract shows in the count */
    GtNeClassify(Frame, Length);
}

/* sched=pct: takes frames from the inbox until *Done or TimeoutMs passes. */
static VOID GtNePump(volatile BOOLEAN *Done, ULONG TimeoutMs)
{
    ULONG64 deadline = KeQueryRealTime() + TimeoutMs;
    ULONG length;

    while (!*Done && KeQueryRealTime() < deadline) {
        if (!MpWaitForFrame(GtNe.Adapter, (ULONG)(deadline - KeQueryRealTime()) + 1))
            break;
        while (MpTakeFrame(GtNe.Adapter, GtNe.Frame, sizeof(GtNe.Frame), &length) ==
               STATUS_SUCCESS) {
            GT_CHECK(length >= MP_MIN_FRAME && length <= MP_MAX_FRAME);
            GtNeClassify(GtNe.Frame, length);
        }
    }
}

/* Waits for *Done: the event under rr, the inbox under pct. */
static VOID GtNeAwait(PKEVENT Event, volatile BOOLEAN *Done, ULONG TimeoutMs)
{
    LONG64 timeout = MS(TimeoutMs);

    if (GtNePct())
        GtNePump(Done, TimeoutMs);
    else if (!*Done)
        KeWaitForSingleObject(Event, Executive, KernelMode, FALSE, &timeout);
}

static VOID GtNeAdapterIsUp(VOID)
{
    GT_CHECK(MpAdapterCount() == 1);
    GtNe.Adapter = MpGetAdapter(0);
    GT_CHECK(GtNe.Adapter != NULL && MpGetAdapter(1) == NULL);
    if (GtNe.Adapter == NULL)
        return;
    MpQueryStationAddress(GtNe.Adapter, GtNe.Address);
    GT_CHECK(!(GtNe.Address[0] & 1));   /* a unicast address came from the PROM */
    GT_CHECK(memcmp(GtNe.Address, "\0\0\0\0\0\0", 6) != 0);
    printf("# ne2000: station address %02x%02x%02x%02x%02x%02x, sched=%s\n", GtNe.Address[0],
           GtNe.Address[1], GtNe.Address[2], GtNe.Address[3], GtNe.Address[4], GtNe.Address[5],
           GtNePct() ? "pct" : "rr");
    KeInitializeEvent(&GtNe.SapEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&GtNe.FloodEvent, NotificationEvent, FALSE);
    GT_CHECK(MpRegisterProtocol(GtNe.Adapter, GtNeIndicate, NULL) == STATUS_SUCCESS);
    GT_CHECK(MpRegisterProtocol(GtNe.Adapter, GtNeIndicate, NULL) == STATUS_DEVICE_BUSY);
}

/* A Get Nearest Server for file servers, broadcast from our socket. */
static NTSTATUS GtNeSendNearestServerQuery(VOID)
{
    ETH_HEADER eth = { .Frame = IpxFrameEthernetII };
    IPX_HEADER ipx = { .PacketType = IPX_TYPE_PEP };
    SAP_QUERY query = { SAP_NEAREST_QUERY, SAP_TYPE_FILE_SERVER };
    UCHAR payload[8], frame[MP_MAX_FRAME];
    ULONG written, length;

    memset(eth.Destination, 0xFF, 6);
    memcpy(eth.Source, GtNe.Address, 6);
    memset(ipx.Destination.Node, 0xFF, 6);
    ipx.Destination.Socket = IPX_SOCKET_SAP;
    memcpy(ipx.Source.Node, GtNe.Address, 6);
    ipx.Source.Socket = GT_SOCKET;
    if (!NT_SUCCESS(SapEncodeQuery(payload, sizeof(payload), &query, &written)) ||
        !NT_SUCCESS(IpxBuildFrame(frame, sizeof(frame), &eth, &ipx, payload, written, &length)))
        return STATUS_INVALID_PARAMETER;
    return MpSendFrame(GtNe.Adapter, frame, length);
}

static VOID GtNeSapExchange(VOID)
{
    if (GtNe.Adapter == NULL) {
        GT_CHECK(GtNe.Adapter != NULL);
        return;
    }
    GtNe.SapSeen = FALSE;
    KeClearEvent(&GtNe.SapEvent);
    GT_CHECK(GtNeSendNearestServerQuery() == STATUS_SUCCESS);
    GtNeAwait(&GtNe.SapEvent, &GtNe.SapSeen, GT_SAP_WAIT_MS);
    GT_CHECK(GtNe.SapSeen);
    if (!GtNe.SapSeen)
        return;
    GT_CHECK(strcmp(GtNe.Sap.Name, "NWSERVER") == 0);
    GT_CHECK(GtNe.Sap.ServerType == SAP_TYPE_FILE_SERVER && GtNe.Sap.Hops == 1);
    GT_CHECK(GtNe.Sap.Address.Socket == IPX_SOCKET_NCP);
    /* Unicast to us: QEMU let it through only because it matched the PROM. */
    GT_CHECK(memcmp(GtNe.SapDestination, GtNe.Address, 6) == 0);
    GT_CHECK(GtNe.SapLength >= MP_MIN_FRAME);
    printf("# ne2000: SAP nearest server %s network %08lx, %lu-byte frame\n", GtNe.Sap.Name,
           (unsigned long)GtNe.Sap.Address.Network, (unsigned long)GtNe.SapLength);
}

static VOID GtNePrintStatistics(const char *When, const MP_STATISTICS *s)
{
    printf("# ne2000: %s: in %lu frames %lu bytes, out %lu frames %lu bytes, dropped %lu, "
           "bad %lu, tx errors %lu, interrupts %lu\n", When, (unsigned long)s->FramesIn,
           (unsigned long)s->BytesIn, (unsigned long)s->FramesOut, (unsigned long)s->BytesOut,
           (unsigned long)s->RxDropped, (unsigned long)s->RxBadFrames,
           (unsigned long)s->TxErrors, (unsigned long)s->Interrupts);
}

/* Counters after one exchange; a short frame is padded and counted as 60;
   bad lengths are refused without touching the card. */
static VOID GtNeCounters(VOID)
{
    MP_STATISTICS before, after;
    UCHAR frame[MP_MAX_FRAME + 1];

    if (GtNe.Adapter == NULL)
        return;
    MpQueryStatistics(GtNe.Adapter, &before);
    GtNePrintStatistics("after SAP", &before);
    GT_CHECK(before.FramesOut >= 1 && before.BytesOut >= MP_MIN_FRAME * before.FramesOut);
    GT_CHECK(before.FramesIn >= 1 && before.BytesIn >= MP_MIN_FRAME * before.FramesIn);
    GT_CHECK(before.Interrupts >= 1 && before.TxErrors == 0);
    memset(frame, 0, sizeof(frame));
    memset(frame, 0xFF, 6);
    memcpy(frame + 6, GtNe.Address, 6);
    frame[12] = GT_ETH_MARKER >> 8;
    frame[13] = GT_ETH_MARKER & 0xFF;
    GT_CHECK(MpSendFrame(GtNe.Adapter, frame, 13) == STATUS_INVALID_PARAMETER);
    GT_CHECK(MpSendFrame(GtNe.Adapter, frame, MP_MAX_FRAME + 1) == STATUS_INVALID_PARAMETER);
    GT_CHECK(MpSendFrame(GtNe.Adapter, frame, 20) == STATUS_SUCCESS);
    GT_CHECK(MpSendFrame(GtNe.Adapter, frame, MP_MAX_FRAME) == STATUS_SUCCESS);
    MpQueryStatistics(GtNe.Adapter, &after);
    GT_CHECK(after.FramesOut == before.FramesOut + 2);
    GT_CHECK(after.BytesOut == before.BytesOut + MP_MIN_FRAME + MP_MAX_FRAME);
    GT_CHECK(after.TxErrors == 0);
}

/* The receive contract of the scheduling policy in force. */
static VOID GtNeReceivePath(VOID)
{
    if (GtNePct()) {
        GT_CHECK(GtNe.Indications == 0);
        printf("# ne2000: sched=pct: frames taken from the inbox, %lu waiting\n",
               (unsigned long)MpInboxCount(GtNe.Adapter));
    } else {
        GT_CHECK(GtNe.Indications >= 1 && GtNe.Indications < 1000000);
        GT_CHECK(MpInboxCount(GtNe.Adapter) == 0);
        printf("# ne2000: sched=rr: %lu frames indicated\n", (unsigned long)GtNe.Indications);
    }
}

/* Waits for the host's last flood marker, then reports what the flood did. */
static VOID GtNeFlood(VOID)
{
    MP_STATISTICS s;

    if (GtNe.Adapter == NULL)
        return;
    GtNeAwait(&GtNe.FloodEvent, &GtNe.FloodOver, GT_FLOOD_WAIT_MS);
    GT_CHECK(GtNe.FloodOver);
    MpQueryStatistics(GtNe.Adapter, &s);
    GtNePrintStatistics("after flood", &s);
    printf("# ne2000: flood: %lu markers seen\n", (unsigned long)GtNe.Markers);
    GT_CHECK(s.RxBadFrames + s.RxDropped > 0);
}

/* Waits (draining the card) until FramesIn reaches Target or time runs out. */
static VOID GtNeWaitFramesIn(ULONG Target, ULONG TimeoutMs)
{
    ULONG64 deadline = KeQueryRealTime() + TimeoutMs;
    MP_STATISTICS s;

    do {
        MpWaitForFrame(GtNe.Adapter, 1);
        MpQueryStatistics(GtNe.Adapter, &s);
    } while (s.FramesIn < Target && KeQueryRealTime() < deadline);
}

/* sched=pct: 40 answers into a 32-frame inbox that nobody empties: 32 are
   kept in order of arrival, 8 are counted as dropped. */
static VOID GtNeInboxIsBounded(VOID)
{
    MP_STATISTICS before, after;
    ULONG i, length, taken = 0, queries = MP_INBOX_FRAMES + 8;
    UCHAR small[16];

    if (GtNe.Adapter == NULL || !GtNePct()) {
        printf("# ne2000: the inbox is used under sched=pct only\n");
        return;
    }
    GT_CHECK(MpInboxCount(GtNe.Adapter) == 0);
    MpQueryStatistics(GtNe.Adapter, &before);
    for (i = 0; i < queries; i++)
        GT_CHECK(GtNeSendNearestServerQuery() == STATUS_SUCCESS);
    GtNeWaitFramesIn(before.FramesIn + queries, GT_SAP_WAIT_MS);
    MpQueryStatistics(GtNe.Adapter, &after);
    GT_CHECK(after.FramesIn - before.FramesIn == queries);
    GT_CHECK(after.RxDropped - before.RxDropped == queries - MP_INBOX_FRAMES);
    GT_CHECK(MpInboxCount(GtNe.Adapter) == MP_INBOX_FRAMES);
    GT_CHECK(MpTakeFrame(GtNe.Adapter, small, sizeof(small), &length) == STATUS_BUFFER_TOO_SMALL);
    GT_CHECK(MpInboxCount(GtNe.Adapter) == MP_INBOX_FRAMES);
    while (MpTakeFrame(GtNe.Adapter, GtNe.Frame, sizeof(GtNe.Frame), &length) == STATUS_SUCCESS) {
        GtNe.SapSeen = FALSE;
        GtNeClassify(GtNe.Frame, length);
        taken += GtNe.SapSeen;
    }
    GT_CHECK(taken == MP_INBOX_FRAMES);
    GT_CHECK(MpInboxCount(GtNe.Adapter) == 0);
    printf("# ne2000: inbox: %lu answers, %lu kept, %lu dropped\n", (unsigned long)queries,
           (unsigned long)taken, (unsigned long)(after.RxDropped - before.RxDropped));
}

static VOID GtNeUnbind(VOID)
{
    if (GtNe.Adapter == NULL)
        return;
    MpDeregisterProtocol(GtNe.Adapter);
    GT_CHECK(MpRegisterProtocol(GtNe.Adapter, GtNeIndicate, NULL) == STATUS_SUCCESS);
    MpDeregisterProtocol(GtNe.Adapter);
}

static const GT_CASE GtNe2000Cases[] = {
    { "adapter_is_up", GtNeAdapterIsUp },
    { "sap_nearest_server", GtNeSapExchange },
    { "counters_and_lengths", GtNeCounters },
    { "receive_path", GtNeReceivePath },
    { "inbox_is_bounded", GtNeInboxIsBounded },
    { "unbind", GtNeUnbind },
};

static const GT_CASE GtNe2000FloodCases[] = {
    { "adapter_is_up", GtNeAdapterIsUp },
    { "sap_nearest_server", GtNeSapExchange },
    { "flood_survived", GtNeFlood },
    { "sap_after_flood", GtNeSapExchange },
    { "receive_path", GtNeReceivePath },
    { "unbind", GtNeUnbind },
};

const GT_SUITE GtNe2000Suite =
    GT_SUITE_ENTRY("ne2000", "the NE2000 on the wire: PROM, SAP with ncpserv, counters",
                   GtNe2000Cases);
const GT_SUITE GtNe2000FloodSuite =
    GT_SUITE_ENTRY("ne2000flood", "the NE2000 under a flood of bad frames, then SAP again",
                   GtNe2000FloodCases);
