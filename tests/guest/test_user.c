/*
 * test_user.c - processes in ring 3: the guest suite `user`. Each case runs
 * tests/user/utest.c as one or more processes and judges their exit
 * status (utest.c says what each case checks inside), and what the kernel
 * kept of them: a fault ends only its process, with NT's exception code,
 * and the next process runs; a process's end cancels its I/O and frees its
 * handles and pages; a handle value means nothing in another process;
 * memory at one address is each process's own; the file information calls
 * take only what they may from a process; a process lists an object
 * directory. The leak audit runs last.
 */
#include <stdio.h>
#include <string.h>
#include "ex/ex.h"
#include "ex/zw.h"
#include "io/io.h"
#include "ps/ps.h"
#include "tests/guest/gtest.h"
#include "tests/guest/drivers/drivers.h"

static NTSTATUS GtRun(PCSTR CommandLine)
{
    PEPROCESS p = GtStartProcess(CommandLine);

    return p != NULL ? GtWaitProcess(p) : STATUS_UNSUCCESSFUL;
}

static VOID GtHello(VOID)
{
    GT_CHECK(GtRun("utest hello a \"b c\"") == STATUS_SUCCESS);
}

static VOID GtExitStatus(VOID)
{
    GT_CHECK(GtRun("utest exit 42") == 42);
    GT_CHECK(GtRun("utest nosuchcase") == 0x7F);
}

static VOID GtNoSuchImage(VOID)
{
    STRING image = { 7, 7, "nothing" }, line = { 0, 0, NULL };
    PEPROCESS p;

    GT_CHECK(PsCreateUserProcess(&image, &line, &PsInitialSystemProcess->Token, &p, NULL) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Every kind of ring-3 fault ends its process with NT's code. */
static VOID GtFaults(VOID)
{
    static const struct { PCSTR Kind; NTSTATUS Status; } faults[] = {
        { "null-write", STATUS_ACCESS_VIOLATION },
        { "null-read", STATUS_ACCESS_VIOLATION },
        { "kernel-read", STATUS_ACCESS_VIOLATION },
        { "kernel-write", STATUS_ACCESS_VIOLATION },
        { "text-write", STATUS_ACCESS_VIOLATION },
        { "privileged", STATUS_PRIVILEGED_INSTRUCTION },
        { "divide", STATUS_INTEGER_DIVIDE_BY_ZERO },
        { "invalid", STATUS_ILLEGAL_INSTRUCTION },
        { "breakpoint", STATUS_BREAKPOINT },
        { "stack", STATUS_STACK_OVERFLOW },
        { "jump-kernel", STATUS_ACCESS_VIOLATION },
    };
    char line[48];
    NTSTATUS status;

    for (ULONG i = 0; i < ARRAYSIZE(faults); i++) {
        snprintf(line, sizeof(line), "utest fault %s", faults[i].Kind);
        status = GtRun(line);
        if (status != faults[i].Status)
            printf("    # %s: ended with 0x%08lx, expected 0x%08lx\n", line,
                   (unsigned long)status, (unsigned long)faults[i].Status);
        GT_CHECK(status == faults[i].Status);
    }
}

static VOID GtMemory(VOID)
{
    GT_CHECK(GtRun("utest memory") == STATUS_SUCCESS);
    GT_CHECK(GtRun("utest buffers") == STATUS_SUCCESS);
    GT_CHECK(GtRun("utest services") == STATUS_SUCCESS);
}

/* NtOpenDirectoryObject and NtQueryDirectoryObject from a process
   (utestdir.c says what it lists and tries); its directory and links
   leave the namespace with it. */
static VOID GtDirectoryCalls(VOID)
{
    STRING name = { 14, 14, "\\Windows\\UtDir" };
    PVOID directory;

    GT_CHECK(GtRun("utest directory") == STATUS_SUCCESS);
    GT_CHECK(ObReferenceObjectByName(&name, NULL, NULL, &directory) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
}

static VOID GtThreads(VOID)
{
    GT_CHECK(GtRun("utest threads") == STATUS_SUCCESS);
    GT_CHECK(GtRun("utest terminate") == 0x1234);
    GT_CHECK(GtRun("utest threadfault") == STATUS_ACCESS_VIOLATION);
}

/* Two processes use the same address at once, each its own page. */
static VOID GtIsolatedMemory(VOID)
{
    PEPROCESS a = GtStartProcess("utest isolation mine 0x1111");
    PEPROCESS b = GtStartProcess("utest isolation mine 0x2222");

    GT_CHECK(a != NULL && GtWaitProcess(a) == STATUS_SUCCESS);
    GT_CHECK(b != NULL && GtWaitProcess(b) == STATUS_SUCCESS);
}

/* Process A holds an event at handle 0x40; B tries that value and fails;
   A's event is untouched. Then A is ended from outside while it waits. */
static VOID GtIsolatedHandles(VOID)
{
    LONG64 tick = -10 * (LONG64)KTIME_PER_MS;
    PEPROCESS a = GtStartProcess("utest handles 15");
    PKEVENT event = NULL;
    ULONG i;

    if (a == NULL)
        return;
    for (i = 0; i < 200 && event == NULL; i++) {
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
        if (a->ObjectTable != NULL &&
            !NT_SUCCESS(ObReferenceObjectByHandleInTable(a->ObjectTable, (HANDLE)0x40, 0,
                                                         ExEventObjectType, (PVOID *)&event,
                                                         NULL)))
            event = NULL;
    }
    GT_CHECK(event != NULL);
    GT_CHECK(GtRun("utest foreignhandle 0x40") == STATUS_SUCCESS);
    if (event != NULL) {
        GT_CHECK(KeReadStateEvent(event) == 0);
        ObDereferenceObject(event);
    }
    PsTerminateProcess(a, 0x4321);
    GT_CHECK(GtWaitProcess(a) == 0x4321);
}

/* A process that ends with a read pending: the read is cancelled. */
static VOID GtExitCancelsIo(VOID)
{
    PDRIVER_OBJECT ramfs;
    LONG cancels;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &ramfs)));
    cancels = RamFsStats.Cancels;
    GT_CHECK(GtRun("utest pendingread") == STATUS_SUCCESS);
    GT_CHECK(RamFsStats.Cancels == cancels + 1);
    GT_CHECK(RamFsStats.Cleanups == RamFsStats.Creates && RamFsStats.Closes == RamFsStats.Creates);
    GT_CHECK(IoUnloadDriver(ramfs) == STATUS_SUCCESS);
}

/* A driver's own open, made inside a process's request, is the kernel's:
   it outlives the process and is good in the System process's context. */
static VOID GtDriverOpensAreTheKernels(VOID)
{
    PDRIVER_OBJECT ramfs;
    PFILE_OBJECT file;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &ramfs)));
    RamFsStats.SelfHandle = NULL;
    GT_CHECK(GtRun("utest driveropen") == STATUS_SUCCESS);
    GT_CHECK(RamFsStats.SelfHandle != NULL);
    if (RamFsStats.SelfHandle != NULL) {
        GT_CHECK(ObReferenceObjectByHandle(RamFsStats.SelfHandle, 0, IoFileObjectType, KernelMode,
                                           (PVOID *)&file, NULL) == STATUS_SUCCESS);
        GT_CHECK(file->DeviceObject->DeviceType == FILE_DEVICE_NULL);
        ObDereferenceObject(file);
        GT_CHECK(ZwClose(RamFsStats.SelfHandle) == STATUS_SUCCESS);
    }
    GT_CHECK(IoUnloadDriver(ramfs) == STATUS_SUCCESS);
}

/* The file information calls from a process (utest.c says what it
   tries): the driver saw a flush and a delete, and every open was cleaned
   up and closed. */
static VOID GtFileCallsFromRing3(VOID)
{
    PDRIVER_OBJECT ramfs;

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &ramfs)));
    GT_CHECK(GtRun("utest fileinfo") == STATUS_SUCCESS);
    GT_CHECK(RamFsStats.Flushes == 1 && RamFsStats.Deletes == 1);
    GT_CHECK(RamFsStats.Cleanups == RamFsStats.Creates && RamFsStats.Closes == RamFsStats.Creates);
    GT_CHECK(IoUnloadDriver(ramfs) == STATUS_SUCCESS);
}

/* A server thread acting as its LPC client: a driver sees the client. The
   server ends while impersonating: its exit drops the client reference
   (the leak audit would show the process object). */
static VOID GtImpersonation(VOID)
{
    PDRIVER_OBJECT ramfs;

    LONG64 tick = -(LONG64)KTIME_PER_MS;
    ULONG processes = PsProcessCount();

    GT_CHECK(NT_SUCCESS(IoLoadDriver("\\Driver\\RamFs", RamFsDriverEntry, &ramfs)));
    GT_CHECK(GtRun("utest impersonate") == STATUS_SUCCESS);
    for (ULONG i = 0; i < 2000 && PsProcessCount() > processes; i++)
        KeDelayExecutionThread(KernelMode, FALSE, &tick);     /* the client's end */
    GT_CHECK(PsProcessCount() == processes);
    GT_CHECK(IoUnloadDriver(ramfs) == STATUS_SUCCESS);
}

static const GT_CASE GtUserCases[] = {
    { "hello", GtHello },
    { "exit_status", GtExitStatus },
    { "no_such_image", GtNoSuchImage },
    { "faults_end_only_their_process", GtFaults },
    { "memory_and_service_arguments", GtMemory },
    { "directory_listing_from_ring_3", GtDirectoryCalls },
    { "threads_and_termination", GtThreads },
    { "memory_is_each_process_own", GtIsolatedMemory },
    { "handles_are_each_process_own", GtIsolatedHandles },
    { "exit_cancels_pending_io", GtExitCancelsIo },
    { "driver_opens_are_the_kernels", GtDriverOpensAreTheKernels },
    { "file_information_from_ring_3", GtFileCallsFromRing3 },
    { "impersonation", GtImpersonation },
};

const GT_SUITE GtUserSuite = GT_SUITE_ENTRY("user", "processes in ring 3", GtUserCases);
