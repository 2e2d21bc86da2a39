/*
 * test_ipxframe.c - IPX's framings on the wire, judged from inside
 * (IOCTL_IPX_QUERY_STATISTICS), with ncpserv beside QEMU in a framing of
 * its own (tests/test_ncp.py; the host judges the pcap with tshark).
 *
 *   GtIpxFramingCase   the ncp suite's last case, ipx_framing: after the
 *                      session, the framing in use and the per-framing
 *                      counters fit ipxframe=: fixed, every frame went out
 *                      in it and replies came in it; auto, it was learnt,
 *                      the first SAP query went out in every framing and
 *                      the rest only in the one learnt
 *   test=noserver      ncpserv speaks another framing than ipxframe=: the
 *                      server is not found (STATUS_BAD_NETWORK_PATH) and a
 *                      connection to its address times out into the same
 *                      status, each within its bound; nothing came back
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "io/io.h"
#include "drivers/nwrdr/ncpclient.h"
#include "tests/guest/gtest.h"

/* ncpserv's address (docs/NCPSERV.md), for a connect without SAP. */
#define GT_SERVER_NETWORK   0x00001234
#define GT_SERVER_NODE      { 0x02, 0x4E, 0x57, 0x00, 0x00, 0x01 }
#define GT_FIND_BOUND_MS    3000    /* SAP waits 1 s */
#define GT_CONNECT_BOUND_MS 5000    /* six tries, 1.5 s */

static NTSTATUS GtIpxStatistics(PIPX_STATISTICS Statistics)
{
    static char socket[] = IPX_DEVICE_NAME "\\0";
    STRING name = { sizeof(socket) - 1, sizeof(socket) - 1, socket };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb = { 0 };
    HANDLE h;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    status = NtCreateFile(&h, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
    if (!NT_SUCCESS(status))
        return status;
    status = NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, IOCTL_IPX_QUERY_STATISTICS, NULL,
                                   0, Statistics, sizeof(*Statistics));
    NtClose(h);
    return NT_SUCCESS(status) ? iosb.Status : status;
}

static PCSTR GtFramingName(ULONG Framing)
{
    return Framing == IPX_FRAME_AUTO ? "auto" : IpxFrameName((IPX_FRAME_TYPE)Framing);
}

static VOID GtPrintFramings(const IPX_STATISTICS *s)
{
    char line[160];
    int n = 0;
    ULONG f;

    for (f = 0; f < IpxFrameTypeCount; f++)
        n += snprintf(line + n, sizeof(line) - n, " %s %lu/%lu", IpxFrameName((IPX_FRAME_TYPE)f),
                      (unsigned long)s->ReceivedByFrame[f], (unsigned long)s->SentByFrame[f]);
    printf("# ipx: ipxframe=%s, sending %s; in/out per framing:%s\n",
           GtFramingName(s->FrameSetting), GtFramingName(s->FrameInUse), line);
}

/* Every frame out went in Framing; replies came in it. */
static VOID GtCheckFixed(const IPX_STATISTICS *s, ULONG Framing)
{
    ULONG f;

    GT_CHECK(s->FrameInUse == Framing);
    GT_CHECK(s->SentByFrame[Framing] == s->Sent && s->Sent > 0);
    GT_CHECK(s->ReceivedByFrame[Framing] > 0);
    for (f = 0; f < IpxFrameTypeCount; f++) {
        if (f != Framing)
            GT_CHECK(s->SentByFrame[f] == 0);
    }
}

/* auto: learnt; probes went out in every framing, the rest in the one
   learnt, whose replies came back. */
static VOID GtCheckLearnt(const IPX_STATISTICS *s)
{
    ULONG f, sum = 0, learnt = s->FrameInUse;

    GT_CHECK(learnt < IpxFrameTypeCount);
    if (learnt >= IpxFrameTypeCount)
        return;
    GT_CHECK(s->ReceivedByFrame[learnt] > 0);
    for (f = 0; f < IpxFrameTypeCount; f++) {
        GT_CHECK(s->SentByFrame[f] >= 1);
        if (f != learnt)
            GT_CHECK(s->SentByFrame[f] < s->SentByFrame[learnt]);
        sum += s->SentByFrame[f];
    }
    GT_CHECK(sum == s->Sent);
}

VOID GtIpxFramingCase(VOID)
{
    IPX_STATISTICS s;

    if (!NT_SUCCESS(GtIpxStatistics(&s))) {
        GT_CHECK(FALSE);
        return;
    }
    GtPrintFramings(&s);
    GT_CHECK(s.FrameSetting == KeBootArgs.IpxFrame);
    if (s.FrameSetting == IPX_FRAME_AUTO)
        GtCheckLearnt(&s);
    else
        GtCheckFixed(&s, s.FrameSetting);
}

static VOID GtServerNotFound(VOID)
{
    SAP_ENTRY server;
    ULONG64 start = KeQueryRealTime();
    NTSTATUS status = NcpFindServer(NULL, &server);
    ULONG ms = (ULONG)(KeQueryRealTime() - start);

    printf("# noserver: find: status 0x%08lx after %lu ms\n", (unsigned long)status,
           (unsigned long)ms);
    GT_CHECK(status == STATUS_BAD_NETWORK_PATH);
    GT_CHECK(ms < GT_FIND_BOUND_MS);
}

static VOID GtConnectTimesOut(VOID)
{
    IPX_ADDRESS address = { GT_SERVER_NETWORK, GT_SERVER_NODE, IPX_SOCKET_NCP };
    PNCP_CONNECTION c = NULL;
    ULONG64 start = KeQueryRealTime();
    NTSTATUS status = NcpConnect(&address, 0, &c);
    ULONG ms = (ULONG)(KeQueryRealTime() - start);

    printf("# noserver: connect: status 0x%08lx after %lu ms\n", (unsigned long)status,
           (unsigned long)ms);
    GT_CHECK(status == STATUS_BAD_NETWORK_PATH);
    GT_CHECK(ms < GT_CONNECT_BOUND_MS);
    if (NT_SUCCESS(status))
        NcpDisconnect(c);
}

/* Out in the one framing asked for; nothing at all came back. */
static VOID GtNothingCameBack(VOID)
{
    IPX_STATISTICS s;
    ULONG f;

    if (!NT_SUCCESS(GtIpxStatistics(&s))) {
        GT_CHECK(FALSE);
        return;
    }
    GtPrintFramings(&s);
    GT_CHECK(s.FrameSetting == KeBootArgs.IpxFrame && s.FrameSetting != IPX_FRAME_AUTO);
    GT_CHECK(s.FrameInUse == s.FrameSetting);
    GT_CHECK(s.Delivered == 0 && s.TimedOut > 0);
    for (f = 0; f < IpxFrameTypeCount; f++)
        GT_CHECK(s.ReceivedByFrame[f] == 0);
    if (s.FrameSetting < IpxFrameTypeCount)
        GT_CHECK(s.SentByFrame[s.FrameSetting] == s.Sent && s.Sent > 0);
}

static const GT_CASE GtNoServerCases[] = {
    { "server_not_found", GtServerNotFound },
    { "connect_times_out", GtConnectTimesOut },
    { "nothing_came_back", GtNothingCameBack },
};

const GT_SUITE GtNoServerSuite = GT_SUITE_ENTRY("noserver",
                                                "a server in another framing: not found, no hang",
                                                GtNoServerCases);
