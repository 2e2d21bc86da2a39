/*
 * test_io.c - the I/O manager through the native calls: \Device\Null, the
 * RAM file system with IRPs completed now, later by a worker, by a DPC and
 * by a write; a filter's completion routines; a \DosDevices link that
 * reparses and whose name goes with its last handle; cancel; processes
 * that end with I/O pending and handles open; and a driver unloaded with
 * files still open. The file system's own requests (dispositions,
 * information, rename, delete on close, directories, volume, flush) are
 * test_iofile.c's cases. The suite loads RamFs first and unloads it last.
 */
#include <stdio.h>
#include <string.h>
#include "ntob.h"
#include "ex/ex.h"
#include "io/io.h"
#include "ps/ps.h"
#include "trace/trace.h"
#include "tests/guest/gtest.h"
#include "tests/guest/test_io.h"
#include "tests/guest/drivers/drivers.h"

static PDRIVER_OBJECT GtRamFs;

static NTSTATUS GtOpen(PCSTR Path, ULONG Disposition, PHANDLE Handle)
{
    STRING name = { (USHORT)strlen(Path), (USHORT)strlen(Path), (PCHAR)Path };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    return NtCreateFile(Handle, GENERIC_READ | GENERIC_WRITE, &oa, &iosb, Disposition, 0);
}

static NTSTATUS GtWrite(HANDLE h, const char *Text, LONG64 Offset)
{
    IO_STATUS_BLOCK iosb;

    return NtWriteFile(h, NULL, NULL, NULL, &iosb, Text, strlen(Text), &Offset, NULL);
}

static VOID GtNullDevice(VOID)
{
    HANDLE h, bogus = (HANDLE)(ULONG_PTR)0x7FFC;
    IO_STATUS_BLOCK iosb;
    char buf[16];
    LONG64 zero = 0;

    GT_CHECK(GtOpen("\\Device\\Null", FILE_OPEN, &h) == STATUS_SUCCESS);
    GT_CHECK(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, 0, &zero, NULL) == STATUS_SUCCESS);
    GT_CHECK(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, 16, &zero, NULL) == STATUS_END_OF_FILE);
    GT_CHECK(NtWriteFile(h, NULL, NULL, NULL, &iosb, "abc", 3, &zero, NULL) == STATUS_SUCCESS);
    GT_CHECK(iosb.Information == 3);
    GT_CHECK(NtReadFile(h, NULL, NULL, NULL, NULL, buf, 1, &zero, NULL) == STATUS_ACCESS_VIOLATION);
    GT_CHECK(NtCreateFile(&bogus, GENERIC_READ, NULL, &iosb, FILE_OPEN, 0) ==
             STATUS_INVALID_PARAMETER);
    GT_CHECK(NtFsControlFile(h, NULL, NULL, NULL, &iosb, 0x90000, NULL, 0, NULL, 0) ==
             STATUS_INVALID_DEVICE_REQUEST);
    GT_CHECK(NtClose(h) == STATUS_SUCCESS);
    GT_CHECK(NtClose(h) == STATUS_INVALID_HANDLE);
    GT_CHECK(NtReadFile(bogus, NULL, NULL, NULL, &iosb, buf, 1, &zero, NULL) == STATUS_INVALID_HANDLE);
    GT_CHECK(GtOpen("\\Device\\Nothing", FILE_OPEN, &h) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtOpen("\\Nowhere\\Null", FILE_OPEN, &h) == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtOpen("Device\\Null", FILE_OPEN, &h) == STATUS_OBJECT_PATH_SYNTAX_BAD);
}

static VOID GtRamFsFiles(VOID)
{
    HANDLE h, h2;
    IO_STATUS_BLOCK iosb;
    FILE_STANDARD_INFORMATION info;
    char buf[32];
    LONG64 at = 7;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &GtRamFs)));
    GT_CHECK(GtOpen("\\Device\\RamFs\\HELLO", FILE_OPEN, &h) == STATUS_OBJECT_NAME_NOT_FOUND);
    GT_CHECK(GtOpen("\\Device\\RamFs\\HELLO", FILE_CREATE, &h) == STATUS_SUCCESS);
    GT_CHECK(GtWrite(h, "hello, world", 0) == STATUS_SUCCESS);
    GT_CHECK(GtOpen("\\Device\\RamFs\\HELLO", FILE_CREATE, &h2) == STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(GtOpen("\\device\\ramfs\\HELLO", FILE_OPEN, &h2) == STATUS_SUCCESS);
    memset(buf, 0, sizeof(buf));
    GT_CHECK(NtReadFile(h2, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &at, NULL) == STATUS_SUCCESS);
    GT_CHECK(iosb.Information == 5 && strcmp(buf, "world") == 0);
    GT_CHECK(NtQueryInformationFile(h2, &iosb, &info, sizeof(info), FileStandardInformation) ==
             STATUS_SUCCESS);
    GT_CHECK(info.EndOfFile == 12 && !info.Directory);
    GT_CHECK(NtQueryInformationFile(h2, &iosb, &info, 4, FileStandardInformation) ==
             STATUS_INFO_LENGTH_MISMATCH);
    NtClose(h);
    NtClose(h2);
    GT_CHECK(RamFsStats.Cleanups == 2 && RamFsStats.Closes == 2);
}

/* SLOW reads are finished by the worker, TIMED ones by a DPC: the caller
   sees STATUS_PENDING, then its event, then the data. */
static VOID GtDeferredCompletion(VOID)
{
    HANDLE slow, timed, event;
    IO_STATUS_BLOCK iosb;
    char buf[8];
    LONG64 zero = 0;

    GT_CHECK(GtOpen("\\Device\\RamFs\\SLOW1", FILE_OPEN_IF, &slow) == STATUS_SUCCESS);
    GT_CHECK(GtOpen("\\Device\\RamFs\\TIMED1", FILE_OPEN_IF, &timed) == STATUS_SUCCESS);
    GtWrite(slow, "later", 0);
    GtWrite(timed, "ticks", 0);
    GT_CHECK(NtCreateEvent(&event, 0x1F0003, NULL, NotificationEvent, FALSE) == STATUS_SUCCESS);
    iosb.Status = -1;
    GT_CHECK(NtReadFile(slow, event, NULL, NULL, &iosb, buf, 5, &zero, NULL) == STATUS_PENDING);
    GT_CHECK(NtWaitForSingleObject(event, FALSE, NULL) == STATUS_WAIT_0);
    GT_CHECK(iosb.Status == STATUS_SUCCESS && memcmp(buf, "later", 5) == 0);
    GT_CHECK(NtReadFile(timed, NULL, NULL, NULL, &iosb, buf, 5, &zero, NULL) == STATUS_SUCCESS);
    GT_CHECK(memcmp(buf, "ticks", 5) == 0);
    GT_CHECK(RamFsStats.Deferred >= 1 && RamFsStats.ViaDpc >= 1);
    NtClose(event);
    NtClose(slow);
    NtClose(timed);
}

static VOID GtFilterCompletionRoutines(VOID)
{
    PDRIVER_OBJECT filter;
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    char buf[8];
    LONG64 zero = 0;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\Filter", FilterDriverEntry, &filter)));
    GT_CHECK(FilterDevice->StackSize == 2);
    GT_CHECK(GtOpen("\\Device\\RamFs\\SLOW1", FILE_OPEN, &h) == STATUS_SUCCESS);
    GT_CHECK(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, 5, &zero, NULL) == STATUS_SUCCESS);
    GT_CHECK(memcmp(buf, "later", 5) == 0);
    NtClose(h);
    GT_CHECK(FilterStats.Dispatched == 4);     /* create, read, cleanup, close */
    GT_CHECK(FilterStats.Completed == 4);
    GT_CHECK(FilterStats.SawPending == 1);
    GT_CHECK(FilterStats.LastCompletionDevice == FilterDevice);
    FilterDetach();
    filter->DriverUnload = NULL;
    ObMakeTemporaryObject(filter);
    ObDereferenceObject(filter);
}

static VOID GtLinkReparseAndLinger(VOID)
{
    STRING name = { 14, 14, "\\DosDevices\\R:" }, target = { 13, 13, "\\Device\\RamFs" };
    HANDLE link, file;
    OB_DRIVE_MAP map;

    GT_CHECK(ObCreateSymbolicLinkObject(PsGetCurrentHandleTable(), &name, 0, 0x1, &target, &link)
             == STATUS_SUCCESS);
    ObQueryDriveMap(&map);
    GT_CHECK((map.DriveMap & (1u << ('R' - 'A'))) != 0);
    GT_CHECK(GtOpen("\\DosDevices\\R:\\HELLO", FILE_OPEN, &file) == STATUS_SUCCESS);
    NtClose(file);
    GT_CHECK(NtClose(link) == STATUS_SUCCESS);      /* a temporary link: its name goes now */
    ObQueryDriveMap(&map);
    GT_CHECK((map.DriveMap & (1u << ('R' - 'A'))) == 0);
    GT_CHECK(GtOpen("\\DosDevices\\R:\\HELLO", FILE_OPEN, &file) == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtOpen("\\DosDevices\\R:", FILE_OPEN, &file) == STATUS_OBJECT_NAME_NOT_FOUND);
}

static VOID GtSetName(PSTRING s, PCSTR Text)
{
    s->Buffer = (PCHAR)Text;
    s->Length = s->MaximumLength = (USHORT)strlen(Text);
}

/* The native object calls, and the lingering name the KB turns on: a
   permanent \DosDevices link made temporary keeps its name (and its
   drive-map bit) while another handle to it is open. */
static VOID GtNativeObjectCalls(VOID)
{
    STRING name, target, got;
    OBJECT_ATTRIBUTES oa;
    HANDLE link, held, dir;
    OB_DRIVE_MAP map;
    PROCESS_BASIC_INFORMATION basic;
    char buf[64];
    ULONG len;

    GtSetName(&name, "\\DosDevices\\Q:");
    GtSetName(&target, "\\Device\\RamFs");
    InitializeObjectAttributes(&oa, &name, OBJ_PERMANENT, NULL, NULL);
    GT_CHECK(NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target) == STATUS_SUCCESS);
    GT_CHECK(NtClose(link) == STATUS_SUCCESS);
    GT_CHECK(NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa) == STATUS_SUCCESS);
    GT_CHECK(NtOpenSymbolicLinkObject(&held, SYMBOLIC_LINK_QUERY, &oa) == STATUS_SUCCESS);
    got.Buffer = buf;
    got.MaximumLength = sizeof(buf);
    GT_CHECK(NtQuerySymbolicLinkObject(held, &got, &len) == STATUS_SUCCESS);
    GT_CHECK(len == 13 && memcmp(buf, "\\Device\\RamFs", 13) == 0);
    got.MaximumLength = 4;
    GT_CHECK(NtQuerySymbolicLinkObject(held, &got, &len) == STATUS_BUFFER_TOO_SMALL);
    GT_CHECK(NtMakeTemporaryObject(link) == STATUS_SUCCESS);
    GT_CHECK(NtClose(link) == STATUS_SUCCESS);
    GT_CHECK(NtQueryInformationProcess(NtCurrentProcess(), ProcessDeviceMap, &map, sizeof(map),
                                       NULL) == STATUS_SUCCESS);
    GT_CHECK((map.DriveMap & (1u << ('Q' - 'A'))) && map.DriveType['Q' - 'A'] == DRIVE_FIXED);
    GT_CHECK(NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target) ==
             STATUS_OBJECT_NAME_COLLISION);
    GT_CHECK(NtClose(held) == STATUS_SUCCESS);      /* the last handle: now the name goes */
    NtQueryInformationProcess(NtCurrentProcess(), ProcessDeviceMap, &map, sizeof(map), NULL);
    GT_CHECK(!(map.DriveMap & (1u << ('Q' - 'A'))));
    GT_CHECK(NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_QUERY, &oa) == STATUS_OBJECT_NAME_NOT_FOUND);
    GtSetName(&name, "\\Windows\\Gt");
    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    GT_CHECK(NtCreateDirectoryObject(&dir, DIRECTORY_ALL_ACCESS, &oa) == STATUS_SUCCESS);
    GT_CHECK(NtClose(dir) == STATUS_SUCCESS);
    GT_CHECK(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &basic,
                                       sizeof(basic), NULL) == STATUS_SUCCESS);
    GT_CHECK(basic.UniqueProcessId == 1 && strcmp(basic.UserName, "SYSTEM") == 0);
    GT_CHECK(NtQueryInformationProcess((HANDLE)0x7FF0, ProcessBasicInformation, &basic,
                                       sizeof(basic), NULL) == STATUS_INVALID_HANDLE);
}

/* The volume's other requests: its size, a listing (whole and one entry at
   a time), a device control, and waiting on two handles at once. */
static VOID GtVolumeDirectoryControl(VOID)
{
    HANDLE vol, a, b, events[2];
    IO_STATUS_BLOCK iosb;
    FILE_FS_SIZE_INFORMATION size;
    ULONG opens = 0, names = 0;
    union { FILE_DIRECTORY_INFORMATION First; UCHAR Bytes[512]; } list;
    FILE_DIRECTORY_INFORMATION *e;

    GT_CHECK(GtOpen("\\Device\\RamFs", FILE_OPEN, &vol) == STATUS_SUCCESS);
    GT_CHECK(NtQueryVolumeInformationFile(vol, &iosb, &size, sizeof(size), FileFsSizeInformation)
             == STATUS_SUCCESS);
    GT_CHECK(size.TotalAllocationUnits == 32 && size.AvailableAllocationUnits < 32 &&
             size.SectorsPerAllocationUnit * size.BytesPerSector == 4096 &&
             iosb.Information == sizeof(size));
    GT_CHECK(NtQueryDirectoryFile(vol, NULL, NULL, NULL, &iosb, &list, sizeof(list),
                                  FileDirectoryInformation, FALSE, NULL, TRUE) == STATUS_SUCCESS);
    for (e = &list.First;; e = (FILE_DIRECTORY_INFORMATION *)((PUCHAR)e + e->NextEntryOffset)) {
        names++;
        if (e->NextEntryOffset == 0)
            break;
    }
    GT_CHECK(names == size.TotalAllocationUnits - size.AvailableAllocationUnits);
    GT_CHECK(NtQueryDirectoryFile(vol, NULL, NULL, NULL, &iosb, &list, sizeof(list),
                                  FileDirectoryInformation, FALSE, NULL, FALSE) == STATUS_NO_MORE_FILES);
    GT_CHECK(NtQueryDirectoryFile(vol, NULL, NULL, NULL, &iosb, &list, sizeof(list),
                                  FileDirectoryInformation, TRUE, NULL, TRUE) == STATUS_SUCCESS);
    GT_CHECK(list.First.NextEntryOffset == 0 && list.First.FileNameLength == 5 &&
             memcmp(list.First.FileName, "HELLO", 5) == 0);
    GT_CHECK(NtDeviceIoControlFile(vol, NULL, NULL, NULL, &iosb, IOCTL_RAMFS_OPEN_COUNT, NULL, 0,
                                   &opens, sizeof(opens)) == STATUS_SUCCESS);
    GT_CHECK(opens == (ULONG)RamFsStats.Opens && iosb.Information == sizeof(ULONG));
    GT_CHECK(NtDeviceIoControlFile(vol, NULL, NULL, NULL, &iosb, 0x1234, NULL, 0, NULL, 0) ==
             STATUS_INVALID_DEVICE_REQUEST);
    NtClose(vol);
    NtCreateEvent(&a, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    NtCreateEvent(&b, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    events[0] = a;
    events[1] = b;
    NtSetEvent(b, NULL);
    GT_CHECK(NtWaitForMultipleObjects(2, events, WaitAny, FALSE, NULL) == STATUS_WAIT_0 + 1);
    GT_CHECK(NtWaitForMultipleObjects(2, events, WaitAll, FALSE, &(LONG64){0}) == STATUS_TIMEOUT);
    NtSetEvent(a, NULL);
    GT_CHECK(NtWaitForMultipleObjects(2, events, WaitAll, FALSE, NULL) == STATUS_WAIT_0);
    GT_CHECK(NtWaitForMultipleObjects(0, events, WaitAny, FALSE, NULL) == STATUS_INVALID_PARAMETER);
    GT_CHECK(NtWaitForMultipleObjects(THREAD_WAIT_OBJECTS + 1, events, WaitAny, FALSE, NULL) ==
             STATUS_INVALID_PARAMETER);
    GT_CHECK(NtWaitForSingleObject((HANDLE)0x7FF0, FALSE, NULL) == STATUS_INVALID_HANDLE);
    NtClose(a);
    NtClose(b);
}

/* A WAITER read parks until a write arrives. */
static VOID GtWriteWakesParkedRead(VOID)
{
    HANDLE r, w, event;
    IO_STATUS_BLOCK iosb;
    char buf[8] = { 0 };
    LONG64 zero = 0;

    GT_CHECK(GtOpen("\\Device\\RamFs\\WAITER", FILE_OPEN_IF, &r) == STATUS_SUCCESS);
    GT_CHECK(GtOpen("\\Device\\RamFs\\WAITER", FILE_OPEN, &w) == STATUS_SUCCESS);
    NtCreateEvent(&event, 0x1F0003, NULL, NotificationEvent, FALSE);
    GT_CHECK(NtReadFile(r, event, NULL, NULL, &iosb, buf, 8, &zero, NULL) == STATUS_PENDING);
    GT_CHECK(NtWaitForSingleObject(event, FALSE, &(LONG64){0}) == STATUS_TIMEOUT);
    GtWrite(w, "ping", 0);
    GT_CHECK(NtWaitForSingleObject(event, FALSE, NULL) == STATUS_WAIT_0);
    GT_CHECK(iosb.Status == STATUS_SUCCESS && iosb.Information == 4 && memcmp(buf, "ping", 4) == 0);
    NtClose(event);
    NtClose(r);
    NtClose(w);
}

typedef struct { NTSTATUS ReadStatus; IO_STATUS_BLOCK Iosb; char Buf[8]; } LEAVER;

/* A process thread that opens files, leaves a read parked and a handle
   open, and ends: its process must clean up after it. */
static VOID GtLeaver(PVOID Context)
{
    LEAVER *l = Context;
    HANDLE r, n, event;
    LONG64 zero = 0;

    GtOpen("\\Device\\RamFs\\WAITER", FILE_OPEN, &r);
    GtOpen("\\Device\\Null", FILE_OPEN, &n);
    NtCreateEvent(&event, 0x1F0003, NULL, NotificationEvent, FALSE);
    l->ReadStatus = NtReadFile(r, event, NULL, NULL, &l->Iosb, l->Buf, 8, &zero, NULL);
}

static VOID GtProcessExitCleansUp(VOID)
{
    LUID session = { 0x1000, 0 };
    LEAVER l;
    RAMFS_STATS before = RamFsStats;
    ULONG processes = PsProcessCount(), handles = PsOpenHandleCount(), i;
    PEPROCESS p;
    PETHREAD t;

    for (i = 0; i < 25; i++) {
        memset(&l, 0, sizeof(l));
        GT_CHECK(PsCreateProcess("leaver", "MMTA", session, &p) == STATUS_SUCCESS);
        GT_CHECK(PsCreateSystemThread(p, "leaver", GtLeaver, &l, &t) == STATUS_SUCCESS);
        GT_CHECK(KeWaitForSingleObject(&p->Pcb.Header, Executive, KernelMode, FALSE, NULL) ==
                 STATUS_WAIT_0);
        KeWaitForSingleObject(t, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(t);
        GT_CHECK(l.ReadStatus == STATUS_PENDING && l.Iosb.Status == STATUS_CANCELLED);
        ObDereferenceObject(p);
    }
    GT_CHECK(RamFsStats.Cancels - before.Cancels == 25);
    GT_CHECK(RamFsStats.Closes - before.Closes == 25);
    GT_CHECK(RamFsStats.Cleanups - before.Cleanups == 25);
    GT_CHECK(PsProcessCount() == processes);
    GT_CHECK(PsOpenHandleCount() == handles);
}

static VOID GtUnloadWaitsForOpenFiles(VOID)
{
    HANDLE h, h2;

    GT_CHECK(GtOpen("\\Device\\RamFs\\HELLO", FILE_OPEN, &h) == STATUS_SUCCESS);
    GT_CHECK(IoUnloadDriver(GtRamFs) == STATUS_SUCCESS);
    GT_CHECK(!RamFsStats.Unloaded);
    GT_CHECK(GtOpen("\\Device\\RamFs\\HELLO", FILE_OPEN, &h2) == STATUS_NO_SUCH_DEVICE);
    GT_CHECK(NtClose(h) == STATUS_SUCCESS);
    GT_CHECK(RamFsStats.Unloaded);
    GT_CHECK(GtOpen("\\Device\\RamFs\\HELLO", FILE_OPEN, &h2) == STATUS_OBJECT_PATH_NOT_FOUND);
    GT_CHECK(GtOpen("\\Device\\RamFs", FILE_OPEN, &h2) == STATUS_OBJECT_NAME_NOT_FOUND);
}

static const GT_CASE GtIoCases[] = {
    { "null_device", GtNullDevice },
    { "ramfs_files", GtRamFsFiles },
    { "deferred_completion", GtDeferredCompletion },
    { "filter_completion_routines", GtFilterCompletionRoutines },
    { "link_reparse_and_linger", GtLinkReparseAndLinger },
    { "write_wakes_parked_read", GtWriteWakesParkedRead },
    { "native_object_calls", GtNativeObjectCalls },
    { "volume_directory_control", GtVolumeDirectoryControl },
    { "file_dispositions", GtFileDispositions },
    { "file_basic_information", GtFileBasicInformation },
    { "file_position_and_end_of_file", GtFilePositionAndEnd },
    { "file_rename", GtFileRename },
    { "file_delete_on_close", GtFileDeleteOnClose },
    { "file_directories", GtFileDirectories },
    { "file_volume_information", GtFileVolumeInformation },
    { "file_flush", GtFileFlush },
    { "process_exit_cleans_up", GtProcessExitCleansUp },
    { "unload_waits_for_open_files", GtUnloadWaitsForOpenFiles },
};

const GT_SUITE GtIoSuite = GT_SUITE_ENTRY("io", "the I/O manager, drivers, files and processes",
                                          GtIoCases);

/* The broken driver's suites: each open breaks one rule and must stop the
   machine with the verifier's bugcheck. */
static VOID GtBreakRule(PCSTR Path, ULONG Stop)
{
    PDRIVER_OBJECT broken;
    HANDLE h;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\Broken", BrokenDriverEntry, &broken)));
    GtExpectStop(Stop);
    GtOpen(Path, FILE_OPEN, &h);
    GT_CHECK(!"the broken driver's request returned");
}

static VOID GtTwice(VOID) { GtBreakRule("\\Device\\Broken\\TWICE", MULTIPLE_IRP_COMPLETE_REQUESTS); }
static VOID GtCancelSet(VOID) { GtBreakRule("\\Device\\Broken\\CANCEL", DRIVER_VERIFIER_IOMANAGER_VIOLATION); }
static VOID GtUnmarked(VOID) { GtBreakRule("\\Device\\Broken\\UNMARKED", DRIVER_VERIFIER_IOMANAGER_VIOLATION); }
static VOID GtUnderflow(VOID) { GtBreakRule("\\Device\\Broken\\UNDERFLOW", NO_MORE_IRP_STACK_LOCATIONS); }
static VOID GtMarked(VOID) { GtBreakRule("\\Device\\Broken\\MARKED", DRIVER_VERIFIER_IOMANAGER_VIOLATION); }

static const GT_CASE GtTwiceCases[] = { { "complete_twice", GtTwice } };
static const GT_CASE GtCancelCases[] = { { "complete_with_cancel_routine", GtCancelSet } };
static const GT_CASE GtUnmarkedCases[] = { { "pending_not_marked", GtUnmarked } };
static const GT_CASE GtUnderflowCases[] = { { "stack_underflow", GtUnderflow } };
static const GT_CASE GtMarkedCases[] = { { "marked_but_not_pending", GtMarked } };

const GT_SUITE GtIrpTwiceSuite = GT_SUITE_ENTRY("irptwice", "double completion bugchecks 0x44",
                                                GtTwiceCases);
const GT_SUITE GtIrpCancelSuite = GT_SUITE_ENTRY("irpcancel",
    "completing with a cancel routine set bugchecks 0xC9", GtCancelCases);
const GT_SUITE GtIrpUnmarkedSuite = GT_SUITE_ENTRY("irpunmarked",
    "STATUS_PENDING without IoMarkIrpPending bugchecks 0xC9", GtUnmarkedCases);
const GT_SUITE GtIrpUnderflowSuite = GT_SUITE_ENTRY("irpunderflow",
    "running out of stack locations bugchecks 0x35", GtUnderflowCases);
const GT_SUITE GtIrpMarkedSuite = GT_SUITE_ENTRY("irpmarked",
    "marking pending then returning success bugchecks 0xC9", GtMarkedCases);

/* Under pct: three threads do I/O on RamFs at once - writes, reads the
   worker finishes, a parked read woken by another thread. The harness boots
   this twice with one seed and compares the traces. */
typedef struct { ULONG Index; KEVENT *Go; } IO_WORKER;

static VOID GtIoWorker(PVOID Context)
{
    IO_WORKER *w = Context;
    char path[32], buf[16];
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    LONG64 zero = 0;
    ULONG i;

    snprintf(path, sizeof(path), "\\Device\\RamFs\\SLOW%lu", (unsigned long)w->Index);
    GT_CHECK(GtOpen(path, FILE_OPEN_IF, &h) == STATUS_SUCCESS);
    for (i = 0; i < 3; i++) {
        GT_CHECK(GtWrite(h, "0123456789", 0) == STATUS_SUCCESS);
        GT_CHECK(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, 10, &zero, NULL) == STATUS_SUCCESS);
    }
    NtClose(h);
}

static VOID GtConcurrentIo(VOID)
{
    IO_WORKER w[3];
    PKTHREAD t[3];
    ULONG i;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &GtRamFs)));
    KePctBeginSchedule(KeBootArgs.Seed, KeBootArgs.Depth, 200);
    TrReset();
    for (i = 0; i < 3; i++) {
        w[i].Index = i;
        t[i] = GtStartThread("io", NORMAL_PRIORITY, GtIoWorker, &w[i]);
    }
    for (i = 0; i < 3; i++)
        GtJoinThread(t[i]);
    printf("# concurrent I/O: %lu events, hash %08lx%08lx, %ld deferred\n",
           (unsigned long)TrCount(), (unsigned long)(TrHash() >> 32), (unsigned long)TrHash(),
           (long)RamFsStats.Deferred);
    TrFlush(KeBootArgs.Trace != 0);
    GT_CHECK(RamFsStats.Deferred == 9);
    GT_CHECK(IoUnloadDriver(GtRamFs) == STATUS_SUCCESS && RamFsStats.Unloaded);
}

static const GT_CASE GtIoPctCases[] = { { "concurrent_io", GtConcurrentIo } };

const GT_SUITE GtIoPctSuite = GT_SUITE_ENTRY("iopct", "concurrent I/O on RamFs under a schedule",
                                             GtIoPctCases);
