/*
 * test_ncpbench.c - what NCP costs over the bare IPX path: `make bench`
 * runs this suite on a 4 MiB file (tests/bench.py), `make test` on a small
 * one (tests/test_ncp.py). The host writes SYS:PUBLIC\BENCH.DAT into
 * ncpserv's root with byte i = GtBenchByte(i); its size is whatever it finds.
 *
 *   test=ncpbench
 *     ncp_read      K: connected through NWRDR, K:\PUBLIC\BENCH.DAT opened;
 *                   then, on the real clock, the whole file through
 *                   NtReadFile in 64 KiB calls into one buffer (NWRDR's
 *                   worker cuts them into NCP reads of the negotiated
 *                   buffer size); after the clock stops, every byte checked
 *     raw_exchange  as many IOCTL_IPX_TRANSACTs on a \Device\Ipx\0 socket
 *                   to ncpserv's echo (NCP_ECHO_SOCKET), each request and
 *                   reply as long as the matching NCP read's (the shared
 *                   codec says how long those are), each reply's last
 *                   Count bytes copied to the same place in a buffer
 *
 *     small_exchange  a thousand echoes of 32 bytes each way: the price of
 *                   one of the small exchanges a scenario schedule is made of
 *
 * Each prints one KTAP comment for bench.py:
 *   # ncpbench: ncp read B bytes in R requests of C bytes (Q/P on the wire), T ms
 *   # ncpbench: raw R exchanges of Q/P bytes, B bytes copied, T ms
 *   # ncpbench: raw small N exchanges of Q/P bytes, T ms
 * The raw side matches its replies as the NCP client does (the server's
 * address, a sequence in the data) and resends after NCP_RETRY_MS, so the
 * difference between the two is the I/O manager, NWRDR, the NCP client and
 * ncpserv's NCP handling.
 */
#include <stdio.h>
#include <string.h>
#include "ke/ke.h"
#include "mm/mm.h"
#include "io/io.h"
#include "ntob.h"
#include "drivers/nwrdr/ncpclient.h"
#include "nwrdr.h"
#include "tests/guest/gtest.h"

#define GT_BENCH_TAG    POOL_TAG('G', 't', 'B', 'n')
#define GT_BENCH_FILE   "BENCH.DAT"

/* What ncp_read learned, for raw_exchange to repeat. */
static struct {
    BOOLEAN Done;
    IPX_ADDRESS Echo;
    ULONG Size, Requests;
    USHORT Chunk;
} GtBench;

static UCHAR GtBenchByte(ULONG i)
{
    return (UCHAR)(i ^ (i >> 9) ^ (i >> 17));
}

/* The lengths on the wire of an NCP read of Count bytes at Offset. */
static VOID GtReadSizes(ULONG Offset, USHORT Count, PULONG Request, PULONG Reply)
{
    static UCHAR scratch[IPX_MAX_DATA], data[IPX_MAX_DATA];
    NCP_REQUEST r = { .Header = { NCP_TYPE_REQUEST, 1, 1, 1, NCP_READ_FILE } };
    NCP_REPLY a = { .Header = { NCP_TYPE_REPLY, 1, 1, 1, NCP_OK, 0 } };

    r.u.Io.Offset = Offset;
    r.u.Io.Count = Count;
    a.u.Read.Count = Count;
    a.u.Read.Data = data;
    GT_CHECK(NcpEncodeRequest(scratch, sizeof(scratch), &r, Request) == STATUS_SUCCESS);
    GT_CHECK(NcpEncodeReply(scratch, sizeof(scratch), &r, &a, Reply) == STATUS_SUCCESS);
}

static ULONG GtBenchMismatch(const UCHAR *Data, ULONG Size)
{
    ULONG i;

    for (i = 0; i < Size; i++) {
        if (Data[i] != GtBenchByte(i))
            return i;
    }
    return Size;
}

#define GT_BENCH_TARGET NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"
#define GT_BENCH_READ   (64u * 1024)    /* bytes per NtReadFile */

static NTSTATUS GtOpen(PCSTR Name, PHANDLE Handle)
{
    STRING name = { (USHORT)strlen(Name), (USHORT)strlen(Name), (PCHAR)Name };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    return NtCreateFile(Handle, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
}

static NTSTATUS GtFsctl(HANDLE Rdr, ULONG Code, PVOID In, ULONG InLength, PVOID Out,
                        ULONG OutLength)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtFsControlFile(Rdr, NULL, NULL, NULL, &iosb, Code, In, InLength, Out,
                                      OutLength);

    return NT_SUCCESS(status) ? iosb.Status : status;
}

/* The timed part of ncp_read: the file into Buffer through NtReadFile;
   ms, or ~0 on failure. */
static ULONG GtReadAll(HANDLE File, HANDLE Event, PUCHAR Buffer)
{
    ULONG64 start = KeQueryRealTime();
    IO_STATUS_BLOCK iosb;
    LONG64 offset = 0;
    ULONG want;
    NTSTATUS status;

    while ((ULONG)offset < GtBench.Size) {
        want = GtBench.Size - (ULONG)offset < GT_BENCH_READ ? GtBench.Size - (ULONG)offset
                                                            : GT_BENCH_READ;
        status = NtReadFile(File, Event, NULL, NULL, &iosb, Buffer + offset, want, &offset, NULL);
        if (status == STATUS_PENDING)
            status = NtWaitForSingleObject(Event, FALSE, NULL) == STATUS_SUCCESS ? iosb.Status
                                                                                 : status;
        if (status != STATUS_SUCCESS || iosb.Information != want)
            return ~0u;
        offset += want;
    }
    return (ULONG)(KeQueryRealTime() - start);
}

/* Open through NWRDR, read (timed), close, check. */
static VOID GtNwrReadFile(PNWR_CONNECTION_INFO Connection)
{
    FILE_STANDARD_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    HANDLE file, event;
    PUCHAR buffer;
    ULONG ms, request, reply;

    if (GtOpen(GT_BENCH_TARGET "\\PUBLIC\\" GT_BENCH_FILE, &file) != STATUS_SUCCESS ||
        NtQueryInformationFile(file, &iosb, &info, sizeof(info), FileStandardInformation) !=
            STATUS_SUCCESS || info.EndOfFile == 0) {
        GT_CHECK(!"K:\\PUBLIC\\" GT_BENCH_FILE " opens and is not empty");
        return;
    }
    GtBench.Size = (ULONG)info.EndOfFile;
    GtBench.Chunk = Connection->BufferSize;
    GtBench.Requests = (GtBench.Size + GtBench.Chunk - 1) / GtBench.Chunk;
    buffer = ExAllocatePoolWithTag(NonPagedPool, GtBench.Size, GT_BENCH_TAG);
    GT_CHECK(buffer != NULL);
    GT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE) ==
             STATUS_SUCCESS);
    if (buffer != NULL) {
        ms = GtReadAll(file, event, buffer);
        GT_CHECK(ms != ~0u);
        GT_CHECK(GtBenchMismatch(buffer, GtBench.Size) == GtBench.Size);
        GtReadSizes(0, GtBench.Chunk, &request, &reply);
        printf("# ncpbench: ncp read %lu bytes in %lu requests of %u bytes "
               "(%lu/%lu on the wire) through NWRDR in NtReadFile calls of %u KiB, %lu ms\n",
               (unsigned long)GtBench.Size, (unsigned long)GtBench.Requests, GtBench.Chunk,
               (unsigned long)request, (unsigned long)reply, GT_BENCH_READ / 1024,
               (unsigned long)ms);
        GtBench.Done = ms != ~0u;
        ExFreePoolWithTag(buffer, GT_BENCH_TAG);
    }
    NtClose(event);
    NtClose(file);
}

/* K: through NWRDR (from the System process: its context is ended with a
   stop and start at the end, so nothing stays behind). */
static VOID GtNcpRead(VOID)
{
    UCHAR listing[sizeof(NWR_CONNECTION_LIST) + sizeof(NWR_CONNECTION_INFO)];
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)listing;
    NWR_CONNECT_REQUEST r = { GT_BENCH_TARGET, "SUPERVISOR", "SECRET" };
    SAP_ENTRY server;
    HANDLE rdr;

    if (GtSkipWithoutDevice(NWR_DEVICE_NAME, "NWRDR is not running (a network card starts it)"))
        return;
    if (NcpFindServer(NULL, &server) != STATUS_SUCCESS ||
        GtOpen(NWR_DEVICE_NAME, &rdr) != STATUS_SUCCESS) {
        GT_CHECK(!"the nearest server and the redirector");
        return;
    }
    GtBench.Echo = server.Address;
    GtBench.Echo.Socket = NCP_ECHO_SOCKET;
    GT_CHECK(GtFsctl(rdr, FSCTL_NWR_CREATE_CONNECTION, &r, sizeof(r), NULL, 0) ==
             STATUS_SUCCESS);
    GT_CHECK(GtFsctl(rdr, FSCTL_NWR_ENUM_CONNECTIONS, NULL, 0, list, sizeof(listing)) ==
             STATUS_SUCCESS && list->Count == 1);
    GT_CHECK(list->Entries[0].BufferSize >= 512 && (list->Entries[0].BufferSize & 1) == 0);
    if (list->Count == 1)
        GtNwrReadFile(&list->Entries[0]);
    GT_CHECK(GtFsctl(rdr, FSCTL_NWR_STOP, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    GT_CHECK(GtFsctl(rdr, FSCTL_NWR_START, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    NtClose(rdr);
}

/* --- The raw exchange --- */

/* A raw exchange's two buffers, the size of the NCP client's own. */
typedef struct _GT_RAW {
    HANDLE Socket;
    ULONG Resent;
    UCHAR Out[sizeof(IPX_TRANSACT) + IPX_MAX_DATA];
    UCHAR In[sizeof(IPX_DATAGRAM) + IPX_MAX_DATA];
} GT_RAW, *PGT_RAW;

static NTSTATUS GtRawTransact(PGT_RAW Raw, ULONG Length, PULONG Returned)
{
    IO_STATUS_BLOCK iosb = { 0 };
    NTSTATUS status = NtDeviceIoControlFile(Raw->Socket, NULL, NULL, NULL, &iosb,
                                            IOCTL_IPX_TRANSACT, Raw->Out,
                                            sizeof(IPX_TRANSACT) + Length, Raw->In,
                                            sizeof(Raw->In));

    *Returned = (ULONG)iosb.Information;
    return NT_SUCCESS(status) ? iosb.Status : status;
}

/* The wire lengths of one read and what it brings (Count bytes at Offset). */
typedef struct _GT_RAW_SIZE {
    ULONG Request, Reply;
    USHORT Count;
} GT_RAW_SIZE;

/* One echo exchange standing for a read of Size->Count bytes at Offset;
   the reply's last Count bytes land in Buffer + Offset as the read's would. */
static BOOLEAN GtRawOne(PGT_RAW Raw, UCHAR Sequence, const GT_RAW_SIZE *Size, ULONG Offset,
                        PUCHAR Buffer)
{
    PIPX_TRANSACT t = (PIPX_TRANSACT)Raw->Out;
    PIPX_DATAGRAM d = (PIPX_DATAGRAM)Raw->In;
    PUCHAR data = Raw->Out + sizeof(*t);
    ULONG returned, tries = 0;
    NTSTATUS status;

    memset(data, 0, Size->Request);
    data[0] = t->Receive.Match.Pattern[0] = (UCHAR)(Size->Reply >> 8);
    data[1] = t->Receive.Match.Pattern[1] = (UCHAR)Size->Reply;
    data[2] = t->Receive.Match.Pattern[2] = Sequence;
    t->Send.DataLength = Size->Request;
    do {
        status = GtRawTransact(Raw, Size->Request, &returned);
        Raw->Resent += status == STATUS_IO_TIMEOUT;
    } while (status == STATUS_IO_TIMEOUT && ++tries < NCP_MAX_TRIES);
    if (status != STATUS_SUCCESS || returned < sizeof(*d) || d->DataLength != Size->Reply)
        return FALSE;
    memcpy(Buffer + Offset, (PUCHAR)(d + 1) + Size->Reply - Size->Count, Size->Count);
    return TRUE;
}

/* The transact's fixed part: to the echo, matched on its address and the
   first three bytes (the length asked and a sequence). */
static VOID GtRawPrepare(PGT_RAW Raw)
{
    PIPX_TRANSACT t = (PIPX_TRANSACT)Raw->Out;

    memset(t, 0, sizeof(*t));
    t->Receive.TimeoutMs = NCP_RETRY_MS;
    t->Receive.Match.Flags = IPX_MATCH_NETWORK | IPX_MATCH_NODE | IPX_MATCH_SOCKET;
    t->Receive.Match.From = GtBench.Echo;
    t->Receive.Match.PatternLength = 3;
    memset(t->Receive.Match.Mask, 0xFF, 3);
    t->Send.Remote = GtBench.Echo;
    t->Send.PacketType = IPX_TYPE_UNKNOWN;     /* not NCP to a dissector */
}

/* The timed loop: ms, or ~0 when an exchange failed. The sizes come from
   the codec before the clock starts: every read but the last is a whole
   chunk at an even offset (the chunk is even), so all but the last match. */
static ULONG GtRawAll(PGT_RAW Raw, PUCHAR Buffer)
{
    ULONG last = (GtBench.Requests - 1) * GtBench.Chunk, offset = 0, i;
    GT_RAW_SIZE whole = { 0, 0, GtBench.Chunk }, tail = { 0, 0, GtBench.Size - last };
    ULONG64 start;

    GT_CHECK((GtBench.Chunk & 1) == 0 && tail.Count <= GtBench.Chunk);
    GtReadSizes(0, whole.Count, &whole.Request, &whole.Reply);
    GtReadSizes(last, tail.Count, &tail.Request, &tail.Reply);
    start = KeQueryRealTime();
    for (i = 0; i < GtBench.Requests; i++, offset += GtBench.Chunk) {
        if (!GtRawOne(Raw, (UCHAR)(i + 1), i + 1 < GtBench.Requests ? &whole : &tail, offset,
                      Buffer))
            return ~0u;
    }
    return (ULONG)(KeQueryRealTime() - start);
}

static VOID GtRawExchange(VOID)
{
    PGT_RAW raw = ExAllocatePoolWithTag(NonPagedPool, sizeof(GT_RAW), GT_BENCH_TAG);
    PUCHAR buffer = ExAllocatePoolWithTag(NonPagedPool, GtBench.Size, GT_BENCH_TAG);
    ULONG ms, request, reply;

    GT_CHECK(GtBench.Done && raw != NULL && buffer != NULL);
    if (GtBench.Done && raw != NULL && buffer != NULL) {
        raw->Resent = 0;
        GT_CHECK(NcpOpenSocket(&raw->Socket) == STATUS_SUCCESS);
        GtRawPrepare(raw);
        ms = GtRawAll(raw, buffer);
        GT_CHECK(ms != ~0u && raw->Resent == 0);
        NtClose(raw->Socket);
        GtReadSizes(0, GtBench.Chunk, &request, &reply);
        printf("# ncpbench: raw %lu exchanges of %lu/%lu bytes, %lu bytes copied, %lu ms\n",
               (unsigned long)GtBench.Requests, (unsigned long)request, (unsigned long)reply,
               (unsigned long)GtBench.Size, (unsigned long)ms);
    }
    if (buffer != NULL)
        ExFreePoolWithTag(buffer, GT_BENCH_TAG);
    if (raw != NULL)
        ExFreePoolWithTag(raw, GT_BENCH_TAG);
}

/* The price of one small exchange on this wire: GT_SMALL_EXCHANGES echoes
   of GT_SMALL_BYTES each way, timed. A schedule of the scenario is mostly
   such exchanges (NCP requests, SAP and RIP queries); make bench prices
   the scenario's floor with this figure. */
#define GT_SMALL_EXCHANGES  1000
#define GT_SMALL_BYTES      32

static VOID GtSmallExchange(VOID)
{
    PGT_RAW raw = ExAllocatePoolWithTag(NonPagedPool, sizeof(GT_RAW), GT_BENCH_TAG);
    GT_RAW_SIZE small = { GT_SMALL_BYTES, GT_SMALL_BYTES, 0 };
    UCHAR none[1];
    ULONG64 start;
    ULONG i, ok = 0;

    GT_CHECK(GtBench.Done && raw != NULL);
    if (!GtBench.Done || raw == NULL) {
        if (raw != NULL)
            ExFreePoolWithTag(raw, GT_BENCH_TAG);
        return;
    }
    raw->Resent = 0;
    GT_CHECK(NcpOpenSocket(&raw->Socket) == STATUS_SUCCESS);
    GtRawPrepare(raw);
    start = KeQueryRealTime();
    for (i = 0; i < GT_SMALL_EXCHANGES; i++)
        ok += GtRawOne(raw, (UCHAR)(i + 1), &small, 0, none);
    printf("# ncpbench: raw small %u exchanges of %u/%u bytes, %lu ms\n", GT_SMALL_EXCHANGES,
           GT_SMALL_BYTES, GT_SMALL_BYTES, (unsigned long)(KeQueryRealTime() - start));
    GT_CHECK(ok == GT_SMALL_EXCHANGES && raw->Resent == 0);
    NtClose(raw->Socket);
    ExFreePoolWithTag(raw, GT_BENCH_TAG);
}

static const GT_CASE GtNcpBenchCases[] = {
    { "ncp_read", GtNcpRead },
    { "raw_exchange", GtRawExchange },
    { "small_exchange", GtSmallExchange },
};

const GT_SUITE GtNcpBenchSuite = GT_SUITE_ENTRY("ncpbench", "NCP read against raw IPX exchange",
                                                GtNcpBenchCases);
