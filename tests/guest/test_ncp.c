/*
 * test_ncp.c - the IPX transport and the NCP client on the real (emulated)
 * wire, with ncpserv beside QEMU (tests/test_ncp.py).
 *
 *   test=ipx       an indication before the first open; sockets through
 *                  \Device\Ipx: names, addresses, SAP
 *                  nearest and general, RIP, a receive that times out, a
 *                  raw transact (create/destroy connection), counters
 *   test=ncp       a whole session: SAP, connect, negotiate, server info,
 *                  errors (volume, path, password), keyed login, volume,
 *                  directory handle, read SAMPLE.DAT (its FNV-1a hash is
 *                  printed for the host to compare), write
 *                  SYS:PUBLIC\IRPLAB.TXT, list SYS:PUBLIC, end of job,
 *                  destroy; the client's counters; then the logins and the
 *                  file calls of test_ncpcalls.c, and the framings IPX used
 *                  (test_ipxframe.c)
 *   test=ncpflood  waits for the host's flood to end (an IPX datagram to
 *                  socket 0x4100), checks the bad-frame counter, then the
 *                  session
 *   test=ncpsilent connects, then every request ends in STATUS_IO_TIMEOUT
 *   test=ncppair   two threads, each with its own connection, run the
 *                  session at once (sched=pct makes it one interleaving per
 *                  seed); the trace goes to COM2
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "io/io.h"
#include "trace/trace.h"
#include "drivers/ipx/ipxp.h"
#include "drivers/nwrdr/ncpclient.h"
#include "tests/guest/gtest.h"

#define GT_FLOOD_SOCKET     0x4100
#define GT_READ_CHUNK       512

static SAP_ENTRY GtServer;
static BOOLEAN GtServerFound;

static NTSTATUS GtOpenSocket(PCSTR Name, PHANDLE Handle)
{
    STRING name = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    return NtCreateFile(Handle, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
}

static NTSTATUS GtIoctl(HANDLE h, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                        ULONG OutLength)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, Code, In, InLength, Out,
                                            OutLength);

    return NT_SUCCESS(status) ? iosb.Status : status;
}

static VOID GtPrintIpxStatistics(const char *When)
{
    IPX_STATISTICS s;
    HANDLE h;

    if (!NT_SUCCESS(GtOpenSocket(IPX_DEVICE_NAME "\\0", &h)))
        return;
    GT_CHECK(GtIoctl(h, IOCTL_IPX_QUERY_STATISTICS, NULL, 0, &s, sizeof(s)) == STATUS_SUCCESS);
    NtClose(h);
    printf("# ipx: %s: in %lu, bad %lu, not ipx %lu, no socket %lu, delivered %lu, "
           "parked %lu, pushed out %lu, sent %lu, timed out %lu, cancelled %lu\n", When,
           (unsigned long)s.FramesIn, (unsigned long)s.BadFrames, (unsigned long)s.NotIpx,
           (unsigned long)s.NoSocket, (unsigned long)s.Delivered, (unsigned long)s.Parked,
           (unsigned long)s.ParkOverflow, (unsigned long)s.Sent, (unsigned long)s.TimedOut,
           (unsigned long)s.Cancelled);
}

/* The card may indicate a frame the moment the first open binds IPX to it,
   before that open returns: the receive side is ready from DriverEntry.
   Called here with no socket open, the indication counts the datagram. */
static VOID GtIpxIndicationBeforeOpen(VOID)
{
    ETH_HEADER eth = { { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, { 2, 0, 0, 0, 0, 1 },
                       IpxFrameEthernetII, 0 };
    IPX_HEADER h = { 0 };
    UCHAR frame[ETH_MIN_FRAME + 16];
    ULONG length, before;
    KIRQL irql;

    if (!IsListEmpty(&Ipx.Sockets)) {
        GtSkip("an IPX socket was open before the suite");
        return;
    }
    h.Destination.Socket = 0x4777;
    h.Source.Socket = 0x4777;
    GT_CHECK(IpxBuildFrame(frame, sizeof(frame), &eth, &h, (const UCHAR *)"x", 1, &length) ==
             STATUS_SUCCESS);
    before = Ipx.Stats.NoSocket;
    KeRaiseIrql(DISPATCH_LEVEL, &irql);
    IpxReceiveIndication(NULL, NULL, frame, length);
    KeLowerIrql(irql);
    GT_CHECK(Ipx.Stats.NoSocket == before + 1);
}

static VOID GtIpxSockets(VOID)
{
    HANDLE a, b, c;
    IPX_ADDRESS address;

    GT_CHECK(GtOpenSocket(IPX_DEVICE_NAME "\\0", &a) == STATUS_SUCCESS);
    GT_CHECK(GtIoctl(a, IOCTL_IPX_QUERY_ADDRESS, NULL, 0, &address, sizeof(address)) ==
             STATUS_SUCCESS);
    GT_CHECK(address.Socket >= IPX_DYNAMIC_FIRST && address.Socket <= IPX_DYNAMIC_LAST);
    GT_CHECK(!(address.Node[0] & 1) && memcmp(address.Node, "\0\0\0\0\0\0", 6) != 0);
    GT_CHECK(GtOpenSocket(IPX_DEVICE_NAME "\\4555", &b) == STATUS_SUCCESS);
    GT_CHECK(GtOpenSocket(IPX_DEVICE_NAME "\\4555", &c) == STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(GtOpenSocket(IPX_DEVICE_NAME "\\zz", &c) == STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(GtOpenSocket(IPX_DEVICE_NAME "\\12345", &c) == STATUS_OBJECT_NAME_INVALID);
    GT_CHECK(NtClose(b) == STATUS_SUCCESS);
    GT_CHECK(NtClose(a) == STATUS_SUCCESS);
}

static VOID GtIpxSap(VOID)
{
    IPX_SAP_QUERY q = { SAP_NEAREST_QUERY, SAP_TYPE_FILE_SERVER, 1000 };
    IPX_SAP_RESULT r;
    HANDLE h;

    if (!NT_SUCCESS(GtOpenSocket(IPX_DEVICE_NAME "\\0", &h))) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(GtIoctl(h, IOCTL_IPX_SAP_QUERY, &q, sizeof(q), &r, sizeof(r)) == STATUS_SUCCESS);
    GT_CHECK(r.ResponseType == SAP_NEAREST_RESPONSE && r.Count == 1);
    GT_CHECK(strcmp(r.Entries[0].Name, "NWSERVER") == 0);
    GT_CHECK(r.Entries[0].Address.Socket == IPX_SOCKET_NCP);
    printf("# ipx: SAP nearest %s network %08lx\n", r.Entries[0].Name,
           (unsigned long)r.Entries[0].Address.Network);
    q.QueryType = SAP_GENERAL_QUERY;
    GT_CHECK(GtIoctl(h, IOCTL_IPX_SAP_QUERY, &q, sizeof(q), &r, sizeof(r)) == STATUS_SUCCESS);
    GT_CHECK(r.ResponseType == SAP_GENERAL_RESPONSE && r.Count >= 1);
    GtServer = r.Entries[0];
    GtServerFound = TRUE;
    NtClose(h);
}

static VOID GtIpxRip(VOID)
{
    IPX_RIP_QUERY q = { GtServer.Address.Network, 1000 };
    RIP_ENTRY e;
    HANDLE h;

    if (!NT_SUCCESS(GtOpenSocket(IPX_DEVICE_NAME "\\0", &h))) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(GtIoctl(h, IOCTL_IPX_RIP_REQUEST, &q, sizeof(q), &e, sizeof(e)) == STATUS_SUCCESS);
    GT_CHECK(e.Network == GtServer.Address.Network && e.Hops < 16 && e.Ticks >= 1);
    printf("# ipx: RIP network %08lx hops %u ticks %u\n", (unsigned long)e.Network, e.Hops,
           e.Ticks);
    NtClose(h);
}

/* Nothing is owed to this receive: it ends by its time-out. */
static VOID GtIpxTimeout(VOID)
{
    IPX_RECEIVE r = { .TimeoutMs = 30 };
    UCHAR out[sizeof(IPX_DATAGRAM) + 64];
    HANDLE h;

    if (!NT_SUCCESS(GtOpenSocket(IPX_DEVICE_NAME "\\0", &h))) {
        GT_CHECK(FALSE);
        return;
    }
    r.Match.Flags = IPX_MATCH_SOCKET;
    r.Match.From.Socket = 0x7777;
    GT_CHECK(GtIoctl(h, IOCTL_IPX_RECEIVE, &r, sizeof(r), out, sizeof(out)) == STATUS_IO_TIMEOUT);
    r.TimeoutMs = 0;
    GT_CHECK(GtIoctl(h, IOCTL_IPX_RECEIVE, &r, sizeof(r), out, sizeof(out)) ==
             STATUS_INVALID_PARAMETER);
    NtClose(h);
}

/* A raw NCP create and destroy through IOCTL_IPX_TRANSACT. */
static VOID GtIpxTransact(VOID)
{
    static const UCHAR create[7] = { 0x11, 0x11, 0, 0xFF, 0, 0xFF, 0 };
    UCHAR in[sizeof(IPX_TRANSACT) + 7], out[sizeof(IPX_DATAGRAM) + 64];
    PIPX_TRANSACT t = (PIPX_TRANSACT)in;
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)out;
    PUCHAR reply = out + sizeof(*d);
    HANDLE h;

    if (!GtServerFound || !NT_SUCCESS(GtOpenSocket(IPX_DEVICE_NAME "\\0", &h))) {
        GT_CHECK(FALSE);
        return;
    }
    memset(in, 0, sizeof(in));
    t->Receive.TimeoutMs = 1000;
    t->Receive.Match.Flags = IPX_MATCH_NODE | IPX_MATCH_SOCKET;
    t->Receive.Match.From = GtServer.Address;
    t->Receive.Match.PatternLength = 2;
    t->Receive.Match.Pattern[0] = t->Receive.Match.Pattern[1] = 0x33;
    memset(t->Receive.Match.Mask, 0xFF, 2);
    t->Send.Remote = GtServer.Address;
    t->Send.PacketType = IPX_TYPE_NCP;
    t->Send.DataLength = 7;
    memcpy(in + sizeof(*t), create, 7);
    GT_CHECK(GtIoctl(h, IOCTL_IPX_TRANSACT, in, sizeof(in), out, sizeof(out)) == STATUS_SUCCESS);
    GT_CHECK(d->DataLength >= 8 && reply[6] == 0 && d->Remote.Socket == IPX_SOCKET_NCP);
    memcpy(in + sizeof(*t), (UCHAR[]){ 0x55, 0x55, 1, reply[3], 0, reply[5], 0 }, 7);
    t->Receive.Match.Pattern[2] = 1;
    t->Receive.Match.Mask[2] = 0xFF;
    t->Receive.Match.PatternLength = 3;
    GT_CHECK(GtIoctl(h, IOCTL_IPX_TRANSACT, in, sizeof(in), out, sizeof(out)) == STATUS_SUCCESS);
    GT_CHECK(d->DataLength >= 8 && reply[2] == 1 && reply[6] == 0);
    NtClose(h);
    GtPrintIpxStatistics("after transact");
}

/* --- The NCP session --- */

typedef struct _GT_SESSION {
    const char *Name;           /* for the output: "a", "b" */
    const char *WriteName;      /* the file it writes in SYS:PUBLIC */
    ULONG Failures;
} GT_SESSION;

/* Which session made each checked step, in order: the interleaving. */
static char GtOrder[256];
static ULONG GtOrderLength;

#define GT_EXPECT(s, cond) \
    do { \
        if (!(cond)) { (s)->Failures++; GT_CHECK(cond); } \
        if (GtOrderLength < sizeof(GtOrder) - 1) GtOrder[GtOrderLength++] = (s)->Name[0]; \
    } while (0)

static ULONG GtFnv(ULONG Hash, const UCHAR *Data, ULONG Length)
{
    while (Length--) {
        Hash ^= *Data++;
        Hash *= 16777619u;
    }
    return Hash;
}

static VOID GtSessionErrors(GT_SESSION *s, PNCP_CONNECTION c)
{
    UCHAR volume, dir;

    GT_EXPECT(s, NcpLogin(c, "SUPERVISOR", "WRONG") == STATUS_WRONG_PASSWORD);
    GT_EXPECT(s, NcpLogin(c, "NOBODY", "X") == STATUS_NO_SUCH_USER);
    GT_EXPECT(s, NcpLogin(c, "SUPERVISOR", "SECRET") == STATUS_SUCCESS);
    GT_EXPECT(s, NcpGetVolumeNumber(c, "NOSUCH", &volume) == STATUS_BAD_NETWORK_NAME);
    GT_EXPECT(s, NcpAllocDirHandle(c, FALSE, 0, "SYS:NOSUCH", &dir) ==
              STATUS_OBJECT_PATH_NOT_FOUND);
}

static VOID GtSessionRead(GT_SESSION *s, PNCP_CONNECTION c, UCHAR Dir)
{
    static UCHAR buffers[2][GT_READ_CHUNK];
    PUCHAR buffer = buffers[s->Name[0] == 'b'];
    NCP_FILE_INFO info;
    ULONG offset = 0, hash = 2166136261u;
    USHORT got;

    GT_EXPECT(s, NcpOpenFile(c, Dir, "SAMPLE.DAT", NCP_ACCESS_READ, &info) == STATUS_SUCCESS);
    while (offset < info.Size) {
        if (!NT_SUCCESS(NcpReadFile(c, info.Handle, offset, buffer, GT_READ_CHUNK, &got)) ||
            got == 0)
            break;
        hash = GtFnv(hash, buffer, got);
        offset += got;
    }
    GT_EXPECT(s, offset == info.Size && info.Size > 0);
    GT_EXPECT(s, NcpCloseFile(c, info.Handle) == STATUS_SUCCESS);
    printf("# ncp %s: SAMPLE.DAT %lu bytes fnv1a %08lx\n", s->Name, (unsigned long)offset,
           (unsigned long)hash);
}

static VOID GtSessionWrite(GT_SESSION *s, PNCP_CONNECTION c, UCHAR Dir)
{
    char text[64];
    NCP_FILE_INFO info;
    int n = snprintf(text, sizeof(text), "written by irplab session %s\n", s->Name);

    GT_EXPECT(s, NcpCreateFile(c, Dir, s->WriteName, &info) == STATUS_SUCCESS);
    GT_EXPECT(s, NcpWriteFile(c, info.Handle, 0, text, (USHORT)n) == STATUS_SUCCESS);
    GT_EXPECT(s, NcpCloseFile(c, info.Handle) == STATUS_SUCCESS);
    GT_EXPECT(s, NcpCloseFile(c, info.Handle) == STATUS_INVALID_HANDLE);
}

static VOID GtSessionList(GT_SESSION *s, PNCP_CONNECTION c, UCHAR Dir)
{
    NCP_SEARCH search;
    NCP_SEARCH_ENTRY e;
    char line[256];
    int n = 0;
    NTSTATUS status;

    GT_EXPECT(s, NcpSearchInit(c, Dir, "", &search) == STATUS_SUCCESS);
    while ((status = NcpSearchNext(c, &search, 0, "*", &e)) == STATUS_SUCCESS && n < 200)
        n += snprintf(line + n, sizeof(line) - n, " %s", e.Name);
    GT_EXPECT(s, status == STATUS_NO_MORE_FILES);
    printf("# ncp %s: dir SYS:PUBLIC:%s\n", s->Name, line);
}

static VOID GtSession(GT_SESSION *s)
{
    PNCP_CONNECTION c;
    NCP_SERVER_INFO info;
    USHORT size;
    UCHAR volume, dir;

    if (!GtServerFound && NcpFindServer(NULL, &GtServer) == STATUS_SUCCESS)
        GtServerFound = TRUE;
    GT_EXPECT(s, GtServerFound);
    if (!GtServerFound || !NT_SUCCESS(NcpConnect(&GtServer.Address, 0, &c))) {
        GT_EXPECT(s, FALSE);
        return;
    }
    GT_EXPECT(s, NcpNegotiateBuffer(c, NCP_MAX_IO, &size) == STATUS_SUCCESS && size >= 512);
    GT_EXPECT(s, NcpGetServerInfo(c, &info) == STATUS_SUCCESS);
    GT_EXPECT(s, strcmp(info.ServerName, "NWSERVER") == 0);
    GtSessionErrors(s, c);
    GT_EXPECT(s, NcpGetVolumeNumber(c, "SYS", &volume) == STATUS_SUCCESS);
    GT_EXPECT(s, NcpAllocDirHandle(c, FALSE, 0, "SYS:PUBLIC", &dir) == STATUS_SUCCESS);
    GtSessionRead(s, c, dir);
    GtSessionWrite(s, c, dir);
    GtSessionList(s, c, dir);
    GT_EXPECT(s, NcpDeallocDirHandle(c, dir) == STATUS_SUCCESS);
    GT_EXPECT(s, NcpEndOfJob(c) == STATUS_SUCCESS);
    GT_EXPECT(s, (NcpConnectionStatus(c) & NCP_STATUS_DEAD) == 0);
    printf("# ncp %s: connection %u volume SYS = %u, done\n", s->Name, NcpConnectionNumber(c),
           volume);
    GT_EXPECT(s, NcpDisconnect(c) == STATUS_SUCCESS);
}

static VOID GtNcpSession(VOID)
{
    GT_SESSION s = { "a", "IRPLAB.TXT", 0 };

    GtSession(&s);
    GtPrintIpxStatistics("after session");
}

/* The client's counters under a fault mode of ncpserv. */
static VOID GtNcpCounters(VOID)
{
    NCP_CLIENT_STATISTICS st;
    PNCP_CONNECTION c;
    USHORT size;
    int i;

    if (!GtServerFound || !NT_SUCCESS(NcpConnect(&GtServer.Address, 0, &c))) {
        GT_CHECK(FALSE);
        return;
    }
    for (i = 0; i < 12; i++)
        GT_CHECK(NcpNegotiateBuffer(c, NCP_MAX_IO, &size) == STATUS_SUCCESS);
    NcpQueryStatistics(c, &st);
    printf("# ncp: requests %lu, retransmissions %lu, busy %lu, stray %lu\n",
           (unsigned long)st.Requests, (unsigned long)st.Retransmissions,
           (unsigned long)st.BusyReplies, (unsigned long)st.StrayReplies);
    GT_CHECK(NcpDisconnect(c) == STATUS_SUCCESS);
}

static VOID GtNcpSilent(VOID)
{
    PNCP_CONNECTION c;
    USHORT size;
    ULONG64 start;
    NTSTATUS status;

    if (!GtServerFound && NcpFindServer(NULL, &GtServer) == STATUS_SUCCESS)
        GtServerFound = TRUE;
    if (!GtServerFound || !NT_SUCCESS(NcpConnect(&GtServer.Address, 0, &c))) {
        GT_CHECK(FALSE);
        return;
    }
    GT_CHECK(NcpNegotiateBuffer(c, NCP_MAX_IO, &size) == STATUS_SUCCESS);
    start = KeQueryRealTime();
    status = NcpNegotiateBuffer(c, NCP_MAX_IO, &size);
    GT_CHECK(status == STATUS_IO_TIMEOUT);
    printf("# ncp: silent server: status 0x%08lx after %lu ms\n", (unsigned long)status,
           (unsigned long)(KeQueryRealTime() - start));
    NcpDisconnect(c);
}

/* Waits (bounded) for the host's end-of-flood datagram to socket 0x4100. */
static VOID GtNcpFloodEnds(VOID)
{
    IPX_RECEIVE r = { .TimeoutMs = 30000 };
    UCHAR out[sizeof(IPX_DATAGRAM) + 64];
    IPX_STATISTICS st;
    HANDLE h;
    char name[32];

    snprintf(name, sizeof(name), IPX_DEVICE_NAME "\\%x", GT_FLOOD_SOCKET);
    if (!NT_SUCCESS(GtOpenSocket(name, &h))) {
        GT_CHECK(FALSE);
        return;
    }
    r.Match.PatternLength = 4;
    memcpy(r.Match.Pattern, "DONE", 4);
    memset(r.Match.Mask, 0xFF, 4);
    r.Match.Flags = IPX_MATCH_EXPECT;
    printf("# ncp: waiting for the flood\n");
    /* Two: a whole round of junk lies between them, with the socket open. */
    GT_CHECK(GtIoctl(h, IOCTL_IPX_RECEIVE, &r, sizeof(r), out, sizeof(out)) == STATUS_SUCCESS);
    GT_CHECK(GtIoctl(h, IOCTL_IPX_RECEIVE, &r, sizeof(r), out, sizeof(out)) == STATUS_SUCCESS);
    GT_CHECK(GtIoctl(h, IOCTL_IPX_QUERY_STATISTICS, NULL, 0, &st, sizeof(st)) == STATUS_SUCCESS);
    GT_CHECK(st.BadFrames > 0);
    NtClose(h);
    GtPrintIpxStatistics("after flood");
}

static VOID GtPairThread(PVOID Context)
{
    GtSession(Context);
    KeTerminateThread();
}

static VOID GtNcpPair(VOID)
{
    GT_SESSION a = { "a", "PAIRA.TXT", 0 }, b = { "b", "PAIRB.TXT", 0 };
    PKTHREAD ta, tb;

    if (!GtServerFound && NcpFindServer(NULL, &GtServer) == STATUS_SUCCESS)
        GtServerFound = TRUE;
    ta = GtStartThread("ncp-a", NORMAL_PRIORITY, GtPairThread, &a);
    tb = GtStartThread("ncp-b", NORMAL_PRIORITY, GtPairThread, &b);
    GtJoinThread(ta);
    GtJoinThread(tb);
    GT_CHECK(a.Failures == 0 && b.Failures == 0);
    printf("# ncp: interleaving %s\n", GtOrder);
    printf("# ncp: trace hash %08lx%08lx, %lu records\n", (unsigned long)(TrHash() >> 32),
           (unsigned long)TrHash(), (unsigned long)TrCount());
    TrFlush(KeBootArgs.Trace != 0);
}

static const GT_CASE GtIpxCases[] = {
    { "ipx_indication_before_open", GtIpxIndicationBeforeOpen },
    { "ipx_sockets", GtIpxSockets },
    { "ipx_sap", GtIpxSap },
    { "ipx_rip", GtIpxRip },
    { "ipx_timeout", GtIpxTimeout },
    { "ipx_transact", GtIpxTransact },
};
VOID GtNcpLogins(VOID);           /* test_ncpcalls.c */
VOID GtNcpFileCalls(VOID);

static const GT_CASE GtNcpCases[] = {
    { "ncp_session", GtNcpSession },
    { "ncp_counters", GtNcpCounters },
    { "ncp_keyed_logins", GtNcpLogins },
    { "ncp_file_calls", GtNcpFileCalls },
    { "ipx_framing", GtIpxFramingCase },        /* test_ipxframe.c */
};
static const GT_CASE GtNcpFloodCases[] = {
    { "flood_ends", GtNcpFloodEnds },
    { "session_after_flood", GtNcpSession },
};
static const GT_CASE GtNcpSilentCases[] = {
    { "silent_server_times_out", GtNcpSilent },
};
static const GT_CASE GtNcpPairCases[] = {
    { "two_sessions_at_once", GtNcpPair },
};

const GT_SUITE GtIpxSuite = GT_SUITE_ENTRY("ipx", "IPX sockets, SAP, RIP, time-outs", GtIpxCases);
const GT_SUITE GtNcpSuite = GT_SUITE_ENTRY("ncp", "an NCP session through the kernel",
                                           GtNcpCases);
const GT_SUITE GtNcpFloodSuite = GT_SUITE_ENTRY("ncpflood", "bad frames, then a session",
                                                GtNcpFloodCases);
const GT_SUITE GtNcpSilentSuite = GT_SUITE_ENTRY("ncpsilent", "a server that stops answering",
                                                 GtNcpSilentCases);
const GT_SUITE GtNcpPairSuite = GT_SUITE_ENTRY("ncppair", "two NCP sessions at once",
                                               GtNcpPairCases);
