/*
 * test_nwrsilent.c - NWRDR when the server goes silent: the guest suite
 * `nwrdrsilent`, booted with ncpserv silent after a count of packets
 * (tests/test_nwrdr.py).
 *
 * One case, silent_server_and_stop, all on one read the server leaves
 * unanswered: reads are issued until one is still on the wire after 100
 * ms. A thread of its own then queues a read behind it and ends at once:
 * its end (IoCancelThreadIo) calls NWRDR's cancel routine, and that read
 * completes STATUS_CANCELLED while the one on the wire goes on. Three more
 * are queued and the redirector is stopped: those three are cancelled too,
 * and the one on the wire ends with the network error within the client's
 * time-out - the connection is dead. The leak audit after it finds every
 * IRP and buffer given back.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "drivers/nwrdr/nwrdrp.h"
#include "tests/guest/gtest.h"

#define GT_TARGET       NWR_DEVICE_NAME "\\;K:\\NWSERVER\\SYS"
#define GT_QUEUED       3
#define GT_READ_SIZE    512
/* The client gives up after NCP_MAX_TRIES waits of NCP_RETRY_MS; the read
   on the wire must end then, give or take half a second for a guest that
   a busy host schedules late. */
#define GT_TIMEOUT_MS   (NCP_MAX_TRIES * NCP_RETRY_MS)
#define GT_BOUND_MS     (GT_TIMEOUT_MS + 500)

typedef struct _GT_READ {
    HANDLE Event;
    NTSTATUS Issued;                /* what NtReadFile returned */
    IO_STATUS_BLOCK Iosb;
    UCHAR Buffer[GT_READ_SIZE];
} GT_READ;

static ULONG GtCancelled(VOID)
{
    NWR_STATISTICS s;

    NwrQueryStatistics(&s);
    return s.Cancelled;
}

/* A read of the file's start that does not wait (its event says when). */
static VOID GtIssue(HANDLE File, GT_READ *Read)
{
    LONG64 zero = 0;

    NtResetEvent(Read->Event, NULL);
    Read->Issued = NtReadFile(File, Read->Event, NULL, NULL, &Read->Iosb, Read->Buffer,
                              sizeof(Read->Buffer), &zero, NULL);
}

/* Reads until one is still on the wire after 100 ms; its start time. */
static BOOLEAN GtReadUntilSilent(HANDLE File, GT_READ *Read, LONG64 *Start)
{
    LONG64 wait = -100 * (LONG64)KTIME_PER_MS;
    BOOLEAN silent = FALSE;
    ULONG reads = 0;

    while (!silent && reads++ < 200) {
        *Start = KeQueryKernelTime();
        GtIssue(File, Read);
        GT_CHECK(Read->Issued == STATUS_PENDING);
        silent = NtWaitForSingleObject(Read->Event, FALSE, &wait) == STATUS_TIMEOUT;
        if (!silent && Read->Iosb.Status != STATUS_SUCCESS)
            break;
    }
    printf("# nwrdr: the server went silent at read %lu\n", (unsigned long)reads);
    return silent;
}

/* A thread that queues a read and ends. */
typedef struct _GT_LEAVER {
    HANDLE File;
    GT_READ *Read;
} GT_LEAVER;

static VOID GtQueueAndLeave(PVOID Context)
{
    GT_LEAVER *l = Context;

    GtIssue(l->File, l->Read);
}

/* A thread that ends with its read queued behind the one on the wire:
   IoCancelThreadIo, at its end, must cancel it through NWRDR's cancel
   routine before the thread is gone, and leave the one on the wire be. */
static VOID GtThreadEndCancelsItsRead(HANDLE File, GT_READ *OnTheWire, GT_READ *Queued)
{
    GT_LEAVER leaver = { File, Queued };
    ULONG cancelled = GtCancelled();
    LONG64 zero = 0;
    PETHREAD t;
    NTSTATUS status = PsCreateSystemThread(NULL, "leaver", GtQueueAndLeave, &leaver, &t);

    GT_CHECK(status == STATUS_SUCCESS);
    if (!NT_SUCCESS(status))
        return;
    KeWaitForSingleObject(t, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(t);
    printf("# nwrdr: a thread's queued read, at its end: 0x%08lx\n",
           (unsigned long)Queued->Iosb.Status);
    GT_CHECK(Queued->Issued == STATUS_PENDING);
    GT_CHECK(NtWaitForSingleObject(Queued->Event, FALSE, &zero) == STATUS_SUCCESS);
    GT_CHECK(Queued->Iosb.Status == STATUS_CANCELLED && Queued->Iosb.Information == 0);
    GT_CHECK(GtCancelled() == cancelled + 1);
    GT_CHECK(NtWaitForSingleObject(OnTheWire->Event, FALSE, &zero) == STATUS_TIMEOUT);
}

/* Three queued, then stop: they are cancelled, and the one on the wire
   ends with the network error when the client's time-out runs out. */
static VOID GtStopCancelsTheQueue(HANDLE Rdr, HANDLE File, GT_READ *Reads, LONG64 Start)
{
    ULONG cancelled = GtCancelled(), i, ms;

    for (i = 1; i <= GT_QUEUED; i++) {
        GtIssue(File, &Reads[i]);
        GT_CHECK(Reads[i].Issued == STATUS_PENDING);
    }
    GT_CHECK(GtNwrFsctl(Rdr, FSCTL_NWR_STOP, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    GT_CHECK(NtWaitForSingleObject(Reads[0].Event, FALSE, NULL) == STATUS_SUCCESS);
    ms = (ULONG)((KeQueryKernelTime() - Start) / KTIME_PER_MS);
    for (i = 1; i <= GT_QUEUED; i++)
        GT_CHECK(NtWaitForSingleObject(Reads[i].Event, FALSE, NULL) == STATUS_SUCCESS);
    printf("# nwrdr: on the wire: 0x%08lx after %lu ms (time-out %lu ms, bound %lu ms); "
           "queued: 0x%08lx 0x%08lx 0x%08lx\n", (unsigned long)Reads[0].Iosb.Status,
           (unsigned long)ms, (unsigned long)GT_TIMEOUT_MS, (unsigned long)GT_BOUND_MS,
           (unsigned long)Reads[1].Iosb.Status, (unsigned long)Reads[2].Iosb.Status,
           (unsigned long)Reads[3].Iosb.Status);
    GT_CHECK(Reads[0].Iosb.Status == STATUS_UNEXPECTED_NETWORK_ERROR);
    /* it took the client's retransmissions, and no more than their time */
    GT_CHECK(ms >= GT_TIMEOUT_MS - NCP_RETRY_MS && ms <= GT_BOUND_MS);
    for (i = 1; i <= GT_QUEUED; i++)
        GT_CHECK(Reads[i].Iosb.Status == STATUS_CANCELLED);
    GT_CHECK(GtCancelled() == cancelled + GT_QUEUED);
}

static VOID GtSilentServer(VOID)
{
    static GT_READ reads[1 + GT_QUEUED], leaver;
    HANDLE rdr, file;
    LONG64 start = 0;
    BOOLEAN silent;
    ULONG i;

    if (GtNoRedirector())
        return;
    memset(reads, 0, sizeof(reads));
    memset(&leaver, 0, sizeof(leaver));
    GT_CHECK(NtCreateEvent(&leaver.Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    for (i = 0; i <= GT_QUEUED; i++)
        GT_CHECK(NtCreateEvent(&reads[i].Event, EVENT_ALL_ACCESS, NULL, NotificationEvent,
                               FALSE) == STATUS_SUCCESS);
    GT_CHECK(GtNwrOpen(NWR_DEVICE_NAME, FILE_OPEN, 0, &rdr, NULL) == STATUS_SUCCESS);
    GT_CHECK(GtNwrConnect(rdr, GT_TARGET) == STATUS_SUCCESS);
    GT_CHECK(GtNwrOpen(GT_TARGET "\\PUBLIC\\SAMPLE.DAT", FILE_OPEN, 0, &file, NULL) ==
             STATUS_SUCCESS);
    silent = GtReadUntilSilent(file, &reads[0], &start);
    GT_CHECK(silent);
    if (silent) {
        GtThreadEndCancelsItsRead(file, &reads[0], &leaver);
        GtStopCancelsTheQueue(rdr, file, reads, start);
    }
    GtIssue(file, &reads[0]);
    GT_CHECK(reads[0].Issued == STATUS_REDIRECTOR_NOT_STARTED);
    NtClose(file);
    GT_CHECK(GtNwrFsctl(rdr, FSCTL_NWR_START, NULL, 0, NULL, 0) == STATUS_SUCCESS);
    NtClose(rdr);
    NtClose(leaver.Event);
    for (i = 0; i <= GT_QUEUED; i++)
        NtClose(reads[i].Event);
    GtNwrCheckIdle("after the silent server");
}

static const GT_CASE GtNwrdrSilentCases[] = {
    { "silent_server_and_stop", GtSilentServer },
};

const GT_SUITE GtNwrdrSilentSuite = GT_SUITE_ENTRY("nwrdrsilent",
                                                   "NWRDR when the server goes silent",
                                                   GtNwrdrSilentCases);
