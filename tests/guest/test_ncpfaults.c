/*
 * test_ncpfaults.c - the IPX transport and the NCP client when the wire
 * misbehaves (tests/test_wirefault.py; tools/wirefault.py sits between
 * QEMU and ncpserv, or the host plays the peer itself).
 *
 *   test=ncpfaults  under dropped, duplicated, reordered and delayed
 *                   frames, rounds of a session (negotiate, login, a
 *                   directory handle, SAMPLE.DAT read whole and hashed, a
 *                   file written, end of job): every call ends within the
 *                   client's bound, in success or an NT network status.
 *                   Then, on a clean wire, ncpserv is killed under a live
 *                   connection (its calls end in STATUS_IO_TIMEOUT), killed
 *                   again in the middle of a read, started again (the old
 *                   connection is gone: STATUS_CONNECTION_DISCONNECTED, at
 *                   once after the first), and a new connection works.
 *   test=ipxburst   the host sends an unspaced burst of datagrams, more
 *                   than the park ring holds, to a socket with no receive
 *                   posted: what does not fit is pushed out and counted
 *                   (ParkOverflow), what is read back is intact and in
 *                   order, and what the card's own ring could not take is
 *                   reported from the host's count.
 *
 * The guest steers the harness with datagrams to IPX socket 0x4F00
 * ("KILL n", "START", "CLEAN"; "BURST" asks the host for the burst); the
 * harness never forwards them to ncpserv and never faults them.
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "io/io.h"
#include "drivers/ipx/ipxp.h"
#include "drivers/nwrdr/ncpclient.h"
#include "tests/guest/gtest.h"

#define GT_HARNESS_SOCKET   0x4F00
#define GT_BURST_SOCKET     0x4200
#define GT_ROUNDS           12
#define GT_CHUNK            512
/* The most one call may take: every try, and every 0x9999 wait, plus slack. */
#define GT_CALL_BOUND_MS    ((NCP_MAX_TRIES + NCP_MAX_BUSY) * NCP_RETRY_MS + 500)

typedef struct _GT_TALLY {
    ULONG Calls, Succeeded, TimedOut, Disconnected, Other;
    ULONG64 Longest;
} GT_TALLY;

static GT_TALLY GtTally;
static SAP_ENTRY GtFaultServer;

static NTSTATUS GtOpen(PCSTR Name, PHANDLE Handle)
{
    STRING name = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    return NtCreateFile(Handle, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
}

static NTSTATUS GtControl(HANDLE h, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                          ULONG OutLength)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtDeviceIoControlFile(h, NULL, NULL, NULL, &iosb, Code, In, InLength, Out,
                                            OutLength);

    return NT_SUCCESS(status) ? iosb.Status : status;
}

/* A command to the harness; with Answer, waits (bounded) for that reply. */
static NTSTATUS GtHarness(PCSTR Command, PCSTR Answer)
{
    UCHAR in[sizeof(IPX_TRANSACT) + 32], out[sizeof(IPX_DATAGRAM) + 64];
    UCHAR datagram[sizeof(IPX_DATAGRAM) + 32];
    PIPX_TRANSACT t = (PIPX_TRANSACT)in;
    ULONG length = (ULONG)strlen(Command);
    HANDLE h;
    NTSTATUS status = GtOpen(IPX_DEVICE_NAME "\\0", &h);

    if (!NT_SUCCESS(status))
        return status;
    memset(in, 0, sizeof(in));
    memset(t->Send.Remote.Node, 0xFF, 6);
    t->Send.Remote.Socket = GT_HARNESS_SOCKET;
    t->Send.DataLength = length;
    memcpy(in + sizeof(*t), Command, length);
    if (Answer == NULL) {
        memcpy(datagram, &t->Send, sizeof(t->Send));
        memcpy(datagram + sizeof(t->Send), Command, length);
        status = GtControl(h, IOCTL_IPX_SEND, datagram, sizeof(t->Send) + length, NULL, 0);
    } else {
        t->Receive.TimeoutMs = 10000;
        t->Receive.Match.Flags = IPX_MATCH_SOCKET;
        t->Receive.Match.From.Socket = GT_HARNESS_SOCKET;
        t->Receive.Match.PatternLength = (UCHAR)strlen(Answer);
        memcpy(t->Receive.Match.Pattern, Answer, strlen(Answer));
        memset(t->Receive.Match.Mask, 0xFF, strlen(Answer));
        status = GtControl(h, IOCTL_IPX_TRANSACT, in, sizeof(*t) + length, out, sizeof(out));
    }
    NtClose(h);
    return status;
}

/* Counts one call's end; every call must end within the client's bound,
   in success or one of the statuses a network gives. */
static NTSTATUS GtCounted(NTSTATUS Status, ULONG64 Start)
{
    ULONG64 took = KeQueryRealTime() - Start;

    GtTally.Calls++;
    if (took > GtTally.Longest)
        GtTally.Longest = took;
    GT_CHECK(took <= GT_CALL_BOUND_MS);
    if (Status == STATUS_SUCCESS)
        GtTally.Succeeded++;
    else if (Status == STATUS_IO_TIMEOUT)
        GtTally.TimedOut++;
    else if (Status == STATUS_CONNECTION_DISCONNECTED)
        GtTally.Disconnected++;
    else
        GtTally.Other++;
    return Status;
}

#define GT_CALL(expr) GtCounted((expr), KeQueryRealTime())

/* A check that the case cannot go on without: FALSE (and recorded) if it fails. */
static BOOLEAN GtRequire(BOOLEAN Ok, const char *Text, const char *File, int Line)
{
    GtCheck(Ok, Text, File, Line);
    return Ok;
}

#define GT_REQUIRE(cond) GtRequire((cond) != 0, #cond, __FILE__, __LINE__)

static BOOLEAN GtFindServer(VOID)
{
    int i;

    for (i = 0; i < 10; i++) {
        if (NcpFindServer(NULL, &GtFaultServer) == STATUS_SUCCESS)
            return TRUE;
    }
    return FALSE;
}

static NTSTATUS GtConnect(PNCP_CONNECTION *c)
{
    NTSTATUS status = STATUS_BAD_NETWORK_PATH;
    int i;

    for (i = 0; i < 5 && status == STATUS_BAD_NETWORK_PATH; i++)
        status = NcpConnect(&GtFaultServer.Address, 0, c);
    return status;
}

/* SAMPLE.DAT, read whole through Dir; the first failing status, or success. */
static NTSTATUS GtReadSample(PNCP_CONNECTION c, UCHAR Dir, PULONG Hash, PULONG Size)
{
    static UCHAR buffer[GT_CHUNK];
    NCP_FILE_INFO info;
    NTSTATUS status = GT_CALL(NcpOpenFile(c, Dir, "SAMPLE.DAT", NCP_ACCESS_READ, &info));
    USHORT got = 1;
    ULONG i;

    *Hash = 2166136261u;
    *Size = 0;
    while (NT_SUCCESS(status) && got != 0) {
        status = GT_CALL(NcpReadFile(c, info.Handle, *Size, buffer, GT_CHUNK, &got));
        for (i = 0; NT_SUCCESS(status) && i < got; i++)
            *Hash = (*Hash ^ buffer[i]) * 16777619u;
        *Size += NT_SUCCESS(status) ? got : 0;
    }
    if (NT_SUCCESS(status))
        status = GT_CALL(NcpCloseFile(c, info.Handle));
    return status;
}

/* One round of a session on c; returns the first failing status. */
static NTSTATUS GtRound(PNCP_CONNECTION c, ULONG Round)
{
    static const char text[] = "written under faults\n";
    NCP_FILE_INFO info;
    USHORT size;
    UCHAR dir;
    ULONG hash, bytes;
    NTSTATUS status = GT_CALL(NcpNegotiateBuffer(c, NCP_MAX_IO, &size));

    if (NT_SUCCESS(status))
        status = GT_CALL(NcpLogin(c, "SUPERVISOR", "SECRET"));
    if (NT_SUCCESS(status))
        status = GT_CALL(NcpAllocDirHandle(c, FALSE, 0, "SYS:PUBLIC", &dir));
    if (NT_SUCCESS(status))
        status = GtReadSample(c, dir, &hash, &bytes);
    if (NT_SUCCESS(status) && Round == 0)
        printf("# ncpfaults: SAMPLE.DAT %lu bytes fnv1a %08lx\n", (unsigned long)bytes,
               (unsigned long)hash);
    if (NT_SUCCESS(status))
        status = GT_CALL(NcpCreateFile(c, dir, "FAULTS.TXT", &info));
    if (NT_SUCCESS(status))
        status = GT_CALL(NcpWriteFile(c, info.Handle, 0, text, sizeof(text) - 1));
    if (NT_SUCCESS(status))
        status = GT_CALL(NcpCloseFile(c, info.Handle));
    if (NT_SUCCESS(status))
        status = GT_CALL(NcpEndOfJob(c));
    return status;
}

static VOID GtLossySession(VOID)
{
    NCP_CLIENT_STATISTICS st;
    PNCP_CONNECTION c;
    ULONG round, failed = 0;

    memset(&GtTally, 0, sizeof(GtTally));
    GT_CHECK(GtFindServer());
    if (!GT_REQUIRE(GtConnect(&c) == STATUS_SUCCESS))
        return;
    for (round = 0; round < GT_ROUNDS; round++)
        failed += !NT_SUCCESS(GtRound(c, round));
    NcpQueryStatistics(c, &st);
    NcpDisconnect(c);
    GT_CHECK(GtTally.Other == 0);
    printf("# ncpfaults: %lu calls, %lu succeeded, %lu timed out, %lu disconnected, "
           "%lu rounds failed, longest %lu ms\n", (unsigned long)GtTally.Calls,
           (unsigned long)GtTally.Succeeded, (unsigned long)GtTally.TimedOut,
           (unsigned long)GtTally.Disconnected, (unsigned long)failed,
           (unsigned long)GtTally.Longest);
    printf("# ncpfaults: requests %lu, retransmissions %lu, busy %lu, stray %lu\n",
           (unsigned long)st.Requests, (unsigned long)st.Retransmissions,
           (unsigned long)st.BusyReplies, (unsigned long)st.StrayReplies);
}

/* ncpserv killed under a live connection, then started again. */
static VOID GtServerKilled(VOID)
{
    PNCP_CONNECTION c, d;
    ULONG hash, bytes;
    USHORT size;
    UCHAR dir;

    GT_CHECK(GtHarness("CLEAN", NULL) == STATUS_SUCCESS);
    if (!GT_REQUIRE(GtConnect(&c) == STATUS_SUCCESS))
        return;
    GT_CHECK(GT_CALL(NcpLogin(c, "SUPERVISOR", "SECRET")) == STATUS_SUCCESS);
    GT_CHECK(GtHarness("KILL", NULL) == STATUS_SUCCESS);
    GT_CHECK(GT_CALL(NcpNegotiateBuffer(c, NCP_MAX_IO, &size)) == STATUS_IO_TIMEOUT);
    GT_CHECK(GtHarness("START", "STARTED") == STATUS_SUCCESS);
    GT_CHECK(GT_CALL(NcpNegotiateBuffer(c, NCP_MAX_IO, &size)) ==
             STATUS_CONNECTION_DISCONNECTED);
    GT_CHECK(GT_CALL(NcpNegotiateBuffer(c, NCP_MAX_IO, &size)) ==
             STATUS_CONNECTION_DISCONNECTED);
    GT_CHECK(NcpDisconnect(c) == STATUS_SUCCESS);
    /* Killed in the middle of a read, after three more frames. */
    if (!GT_REQUIRE(GtConnect(&d) == STATUS_SUCCESS))
        return;
    GT_CHECK(GT_CALL(NcpLogin(d, "SUPERVISOR", "SECRET")) == STATUS_SUCCESS);
    GT_CHECK(GT_CALL(NcpAllocDirHandle(d, FALSE, 0, "SYS:PUBLIC", &dir)) == STATUS_SUCCESS);
    GT_CHECK(GtHarness("KILL 3", NULL) == STATUS_SUCCESS);
    GT_CHECK(GtReadSample(d, dir, &hash, &bytes) == STATUS_IO_TIMEOUT);
    GT_CHECK(GtHarness("START", "STARTED") == STATUS_SUCCESS);
    GT_CHECK(NcpDisconnect(d) == STATUS_CONNECTION_DISCONNECTED);   /* the new server: gone */
    /* A new connection works. */
    if (!GT_REQUIRE(GtConnect(&c) == STATUS_SUCCESS))
        return;
    GT_CHECK(GT_CALL(NcpLogin(c, "SUPERVISOR", "SECRET")) == STATUS_SUCCESS);
    GT_CHECK(GT_CALL(NcpAllocDirHandle(c, FALSE, 0, "SYS:PUBLIC", &dir)) == STATUS_SUCCESS);
    GT_CHECK(GtReadSample(c, dir, &hash, &bytes) == STATUS_SUCCESS);
    printf("# ncpfaults: after the restarts, SAMPLE.DAT %lu bytes fnv1a %08lx\n",
           (unsigned long)bytes, (unsigned long)hash);
    GT_CHECK(NcpDisconnect(c) == STATUS_SUCCESS);
    GT_CHECK(GtTally.Other == 0);
}

/* A burst datagram: "BRST", its number, then bytes that depend on both. */
static BOOLEAN GtBurstIntact(const UCHAR *Data, ULONG Length, PULONG Number)
{
    ULONG i;

    if (Length < 8 || memcmp(Data, "BRST", 4) != 0)
        return FALSE;
    *Number = (ULONG)Data[4] << 24 | (ULONG)Data[5] << 16 | (ULONG)Data[6] << 8 | Data[7];
    for (i = 8; i < Length; i++) {
        if (Data[i] != (UCHAR)(*Number * 31 + i))
            return FALSE;
    }
    return Length == 8 + (*Number % 64) + 64;
}

/* Reads back what the park kept; FALSE if any of it was damaged. */
static BOOLEAN GtDrainBurst(HANDLE h, PULONG Read)
{
    IPX_RECEIVE r = { .TimeoutMs = 50 };
    static UCHAR out[sizeof(IPX_DATAGRAM) + IPX_MAX_DATA];
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)out;
    ULONG number = 0, last = 0;
    BOOLEAN intact = TRUE;

    r.Match.PatternLength = 4;
    memcpy(r.Match.Pattern, "BRST", 4);
    memset(r.Match.Mask, 0xFF, 4);
    *Read = 0;
    while (GtControl(h, IOCTL_IPX_RECEIVE, &r, sizeof(r), out, sizeof(out)) == STATUS_SUCCESS) {
        if (!GtBurstIntact(out + sizeof(*d), d->DataLength, &number) ||
            (*Read != 0 && number <= last))
            intact = FALSE;
        last = number;
        (*Read)++;
    }
    return intact;
}

static VOID GtIpxBurst(VOID)
{
    UCHAR in[sizeof(IPX_TRANSACT) + 8], out[sizeof(IPX_DATAGRAM) + 64];
    PIPX_TRANSACT t = (PIPX_TRANSACT)in;
    IPX_STATISTICS before, after;
    MP_STATISTICS cardBefore, cardAfter;
    ULONG sent, parked, pushed, read;
    HANDLE h;
    char name[32];

    snprintf(name, sizeof(name), IPX_DEVICE_NAME "\\%x", GT_BURST_SOCKET);
    if (!GT_REQUIRE(GtOpen(name, &h) == STATUS_SUCCESS))
        return;
    memset(in, 0, sizeof(in));
    memset(t->Send.Remote.Node, 0xFF, 6);
    t->Send.Remote.Socket = GT_HARNESS_SOCKET;
    t->Send.DataLength = 5;
    memcpy(in + sizeof(*t), "BURST", 5);
    t->Receive.TimeoutMs = 20000;
    t->Receive.Match.PatternLength = 4;
    memcpy(t->Receive.Match.Pattern, "DONE", 4);
    memset(t->Receive.Match.Mask, 0xFF, 4);
    GT_CHECK(GtControl(h, IOCTL_IPX_QUERY_STATISTICS, NULL, 0, &before, sizeof(before)) ==
             STATUS_SUCCESS);
    MpQueryStatistics(Ipx.Adapter, &cardBefore);
    GT_CHECK(GtControl(h, IOCTL_IPX_TRANSACT, in, sizeof(*t) + 5, out, sizeof(out)) ==
             STATUS_SUCCESS);
    GT_CHECK(GtControl(h, IOCTL_IPX_QUERY_STATISTICS, NULL, 0, &after, sizeof(after)) ==
             STATUS_SUCCESS);
    MpQueryStatistics(Ipx.Adapter, &cardAfter);
    GT_CHECK(after.BadFrames == before.BadFrames);          /* nothing arrived damaged */
    GT_CHECK(cardAfter.RxBadFrames == cardBefore.RxBadFrames);
    sent = (ULONG)out[sizeof(IPX_DATAGRAM) + 4] << 8 | out[sizeof(IPX_DATAGRAM) + 5];
    parked = after.Parked - before.Parked;
    pushed = after.ParkOverflow - before.ParkOverflow;
    GT_CHECK(GtDrainBurst(h, &read));
    GT_CHECK(pushed > 0);                       /* the burst was larger than the ring */
    GT_CHECK(read == parked - pushed && read <= IPX_PARK_SLOTS);
    GT_CHECK(parked <= sent);
    printf("# ipxburst: host sent %lu, IPX took %lu, pushed out of the ring %lu (counted), "
           "read back %lu intact and in order, lost before IPX %lu\n", (unsigned long)sent,
           (unsigned long)parked, (unsigned long)pushed, (unsigned long)read,
           (unsigned long)(sent - parked));
    printf("# ipx: after burst: in %lu, bad %lu, parked %lu, pushed out %lu\n",
           (unsigned long)after.FramesIn, (unsigned long)after.BadFrames,
           (unsigned long)after.Parked, (unsigned long)after.ParkOverflow);
    NtClose(h);
}

static const GT_CASE GtNcpFaultsCases[] = {
    { "calls_end_within_their_bound_on_a_faulty_wire", GtLossySession },
    { "server_killed_and_restarted", GtServerKilled },
};
static const GT_CASE GtIpxBurstCases[] = {
    { "burst_larger_than_the_ring", GtIpxBurst },
};

const GT_SUITE GtNcpFaultsSuite = GT_SUITE_ENTRY("ncpfaults", "NCP calls on a faulty wire",
                                                 GtNcpFaultsCases);
const GT_SUITE GtIpxBurstSuite = GT_SUITE_ENTRY("ipxburst", "a burst larger than the park ring",
                                                GtIpxBurstCases);
