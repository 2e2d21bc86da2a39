/*
 * utest.c - the ring-3 half of the guest suite `user` (tests/guest/
 * test_user.c): one process per case, chosen by argv[1]; its exit status
 * is its verdict - 0 when every check held, else the line of the first
 * check that failed (UT_FAILED + line), or, for the fault cases, the
 * exception that ended it - and it prints "# ..." lines that say why.
 * The case `fileinfo` lives in utestfile.c, `directory` in utestdir.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntmm.h"
#include "ntob.h"
#include "ntlpc.h"
#include "ntps.h"
#include "ntrtl.h"
#include "tests/user/ramfsctl.h"
#include "tests/user/utest.h"


static int UtHello(int argc, char **argv)
{
    printf("# utest: hello from ring 3, process %lu thread %lu, %d arguments\n",
           (unsigned long)NtCurrentTeb()->ClientId.UniqueProcess,
           (unsigned long)NtCurrentTeb()->ClientId.UniqueThread, argc);
    return argc == 4 && strcmp(argv[3], "b c") == 0 ? 0 : UT_FAILED;
}

static int UtExit(int argc, char **argv)
{
    return argc > 2 ? (int)strtoul(argv[2], NULL, 0) : 0;
}

/* ---------------------------------------------------------------- faults */

static volatile int UtRecursionLimit = 0x7FFFFFFF;   /* never reached: the stack ends first */

static int UtRecurse(int Depth)
{
    volatile char pad[1024];

    pad[0] = (char)Depth;
    if (Depth == UtRecursionLimit)
        return 0;
    return UtRecurse(Depth + 1) + pad[0];
}

/* Each of these ends the process with an exception; returning is failure. */
static int UtFault(int argc, char **argv)
{
    const char *kind = argc > 2 ? argv[2] : "";
    volatile int zero = 0;
    volatile int *volatile null = NULL;

    if (strcmp(kind, "null-write") == 0)
        *null = 1;
    else if (strcmp(kind, "null-read") == 0)
        return null[1];
    else if (strcmp(kind, "kernel-read") == 0)
        return (int)*KERNEL_ADDRESS;
    else if (strcmp(kind, "kernel-write") == 0)
        *KERNEL_ADDRESS = 0;
    else if (strcmp(kind, "text-write") == 0)
        *(volatile UCHAR *)UtFault = 0xC3;
    else if (strcmp(kind, "privileged") == 0)
        __asm__ volatile("cli");
    else if (strcmp(kind, "divide") == 0)
        return 100 / zero;
    else if (strcmp(kind, "invalid") == 0)
        __asm__ volatile("ud2");
    else if (strcmp(kind, "breakpoint") == 0)
        __asm__ volatile("int3");
    else if (strcmp(kind, "stack") == 0)
        return UtRecurse(0);
    else if (strcmp(kind, "jump-kernel") == 0)
        ((void (*)(void))KERNEL_ADDRESS)();
    return UT_FAILED;
}

/* ---------------------------------------------------------------- memory */

static NTSTATUS UtQuery(PVOID Address, MEMORY_BASIC_INFORMATION *Info)
{
    return NtQueryVirtualMemory(NtCurrentProcess(), Address, MemoryBasicInformation, Info,
                                sizeof(*Info), NULL);
}

static int UtMemory(int argc, char **argv)
{
    MEMORY_BASIC_INFORMATION info;
    PVOID base = NULL, page;
    SIZE_T size = 3 * 4096 + 1, one = 4096;
    ULONG old;

    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE,
                                     PAGE_READWRITE) == STATUS_SUCCESS);
    UT_CHECK(((ULONG)base & 0xFFFF) == 0 && size == 4 * 4096);
    UT_CHECK(UtQuery(base, &info) == STATUS_SUCCESS && info.State == MEM_RESERVE);
    page = (PUCHAR)base + 4096;
    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &page, 0, &one, MEM_COMMIT,
                                     PAGE_READWRITE) == STATUS_SUCCESS);
    UT_CHECK(*(volatile ULONG *)page == 0);
    memset(page, 0xA5, 4096);
    UT_CHECK(UtQuery(page, &info) == STATUS_SUCCESS && info.State == MEM_COMMIT &&
             info.Protect == PAGE_READWRITE && info.RegionSize == 4096 &&
             info.AllocationBase == base && info.Type == MEM_PRIVATE);
    UT_CHECK(NtProtectVirtualMemory(NtCurrentProcess(), &page, &one, PAGE_READONLY, &old) ==
             STATUS_SUCCESS && old == PAGE_READWRITE);
    UT_CHECK(*(volatile UCHAR *)page == 0xA5);
    UT_CHECK(NtProtectVirtualMemory(NtCurrentProcess(), &base, &one, PAGE_READONLY, &old) ==
             STATUS_NOT_COMMITTED);
    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE,
                                     PAGE_READWRITE) == STATUS_CONFLICTING_ADDRESSES);
    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_COMMIT,
                                     PAGE_WRITECOPY) == STATUS_INVALID_PAGE_PROTECTION);
    size = 0;
    UT_CHECK(NtFreeVirtualMemory(NtCurrentProcess(), &page, &size, MEM_RELEASE) ==
             STATUS_FREE_VM_NOT_AT_BASE);
    UT_CHECK(NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE) ==
             STATUS_SUCCESS && size == 4 * 4096);
    UT_CHECK(UtQuery(base, &info) == STATUS_SUCCESS && info.State == MEM_FREE);
    base = (PVOID)0x10000;
    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &one, MEM_RESERVE,
                                     PAGE_READWRITE) == STATUS_INVALID_PARAMETER_2);
    return 0;
}

/* The kernel writes into a caller's buffer only where the caller may. */
static int UtBadBuffers(int argc, char **argv)
{
    IO_STATUS_BLOCK iosb;
    STRING name = { 15, 15, "\\Device\\Console" };
    OBJECT_ATTRIBUTES oa;
    HANDLE h;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    UT_CHECK(NtOpenFile(NULL, FILE_READ_DATA, &oa, &iosb, 0, 0) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtOpenFile((PHANDLE)KERNEL_ADDRESS, FILE_READ_DATA, &oa, &iosb, 0, 0) ==
             STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtOpenFile(&h, FILE_READ_DATA, (POBJECT_ATTRIBUTES)KERNEL_ADDRESS, &iosb, 0, 0) ==
             STATUS_ACCESS_VIOLATION);
    name.Buffer = (PCHAR)KERNEL_ADDRESS;
    UT_CHECK(NtOpenFile(&h, FILE_READ_DATA, &oa, &iosb, 0, 0) == STATUS_ACCESS_VIOLATION);
    name.Buffer = "\\Device\\Console";
    UT_CHECK(NtOpenFile(&h, FILE_WRITE_DATA, &oa, &iosb, 0, 0) == STATUS_SUCCESS);
    UT_CHECK(NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)KERNEL_ADDRESS, 16, NULL, NULL) ==
             STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtWriteFile(h, NULL, NULL, NULL, (PIO_STATUS_BLOCK)UtBadBuffers, "", 0, NULL, NULL)
             == STATUS_SUCCESS);       /* read-only page: the status is lost, not the machine */
    UT_CHECK(NtClose(h) == STATUS_SUCCESS);
    return 0;
}

/* The service boundary itself: numbers, argument pointers, kernel handles. */
static NTSTATUS UtRawService(ULONG Number, ULONG Arguments)
{
    NTSTATUS status;

    __asm__ volatile("int $0x2e" : "=a"(status) : "a"(Number), "d"(Arguments) : "memory");
    return status;
}

static int UtServices(int argc, char **argv)
{
    UT_CHECK(UtRawService(100000, 0) == STATUS_INVALID_SYSTEM_SERVICE);
    UT_CHECK(UtRawService(2 /* NtClose */, 0) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(UtRawService(2, (ULONG)KERNEL_ADDRESS) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(UtRawService(2, 0x7FFFFFFE) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtClose((HANDLE)0x80000004) == STATUS_INVALID_HANDLE);
    UT_CHECK(NtTestAlert() == STATUS_SUCCESS);
    return 0;
}

/* ---------------------------------------------------------------- threads */

typedef struct {
    HANDLE Lock;
    volatile LONG Count;
} UT_SHARED;

static VOID UtCounter(PVOID Parameter)
{
    UT_SHARED *s = Parameter;

    for (int i = 0; i < 100; i++) {
        NtWaitForSingleObject(s->Lock, FALSE, NULL);
        s->Count++;
        NtYieldExecution();
        NtReleaseMutant(s->Lock, NULL);
    }
}

static int UtThreads(int argc, char **argv)
{
    UT_SHARED s = { NULL, 0 };
    HANDLE threads[3];
    char *text = malloc(64);

    UT_CHECK(text != NULL);
    UT_CHECK(NtCreateMutant(&s.Lock, MUTANT_ALL_ACCESS, NULL, FALSE) == STATUS_SUCCESS);
    for (int i = 0; i < 3; i++)
        UT_CHECK(RtlCreateUserThread(NtCurrentProcess(), UtCounter, &s, &threads[i], NULL) ==
                 STATUS_SUCCESS);
    UT_CHECK(NtWaitForMultipleObjects(3, threads, WaitAll, FALSE, NULL) == STATUS_SUCCESS);
    UT_CHECK(s.Count == 300);
    snprintf(text, 64, "%ld", (long)s.Count);
    UT_CHECK(strcmp(text, "300") == 0);
    free(text);
    for (int i = 0; i < 3; i++)
        NtClose(threads[i]);
    NtClose(s.Lock);
    return 0;
}

static VOID UtBlockForever(PVOID Parameter)
{
    NtWaitForSingleObject((HANDLE)Parameter, FALSE, NULL);
}

/* A thread waiting forever, another sleeping: NtTerminateProcess ends them. */
static int UtTerminate(int argc, char **argv)
{
    HANDLE event;
    LONG64 tick = -10000;

    UT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    UT_CHECK(RtlCreateUserThread(NtCurrentProcess(), UtBlockForever, event, NULL, NULL) ==
             STATUS_SUCCESS);
    NtDelayExecution(FALSE, &tick);
    NtTerminateProcess(NtCurrentProcess(), 0x1234);
    return UT_FAILED;
}

static VOID UtFaultingThread(PVOID Parameter)
{
    *(volatile int *)Parameter = 1;
}

/* One thread faults: the whole process ends, its waiting main thread too. */
static int UtThreadFault(int argc, char **argv)
{
    HANDLE event;

    UT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    UT_CHECK(RtlCreateUserThread(NtCurrentProcess(), UtFaultingThread, NULL, NULL, NULL) ==
             STATUS_SUCCESS);
    NtWaitForSingleObject(event, FALSE, NULL);
    return UT_FAILED;
}

/* ---------------------------------------------------------------- isolation */

#define UT_PRIVATE ((volatile ULONG *)0x60000000)

/* Memory at one address is each process's own: "mine VALUE" writes VALUE
   there and waits until a second process ("other") has looked. */
static int UtIsolation(int argc, char **argv)
{
    PVOID base = (PVOID)UT_PRIVATE;
    SIZE_T size = 4096;
    ULONG value = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
    LONG64 tick = -10000;

    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size,
                                     MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE) == STATUS_SUCCESS);
    UT_CHECK(*UT_PRIVATE == 0);
    *UT_PRIVATE = value;
    for (int i = 0; i < 20; i++)
        NtDelayExecution(FALSE, &tick);
    UT_CHECK(*UT_PRIVATE == value);
    return 0;
}

/* A handle value of another process means nothing here. */
static int UtForeignHandle(int argc, char **argv)
{
    HANDLE foreign = (HANDLE)strtoul(argc > 2 ? argv[2] : "0", NULL, 0);
    NTSTATUS status = NtSetEvent(foreign, NULL);

    printf("# utest: NtSetEvent(0x%lx) in another process: 0x%08lx\n", (unsigned long)foreign,
           (unsigned long)status);
    UT_CHECK(status == STATUS_INVALID_HANDLE || status == STATUS_OBJECT_TYPE_MISMATCH);
    return 0;
}

/* Makes N events (the last at handle 4 * (N + 2)) and waits a while on the
   last: another process's attempt to set it must not reach it. */
static int UtHandles(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[2]) : 1;
    HANDLE event = NULL;
    LONG64 timeout = -20000000;         /* 2 s */

    for (int i = 0; i < n; i++)
        UT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
                 STATUS_SUCCESS);
    UT_CHECK(NtWaitForSingleObject(event, FALSE, &timeout) == STATUS_TIMEOUT);
    return 0;
}

/* A read that never completes, left pending when the process ends: its
   exit must cancel it. */
static int UtPendingRead(int argc, char **argv)
{
    STRING name = { 20, 20, "\\Device\\RamFs\\WAITER" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK open, read;
    HANDLE file, event;
    char buffer[8];

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    UT_CHECK(NtCreateFile(&file, FILE_READ_DATA, &oa, &open, FILE_OPEN_IF, 0) == STATUS_SUCCESS);
    UT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    UT_CHECK(NtReadFile(file, event, NULL, NULL, &read, buffer, sizeof(buffer), NULL, NULL) ==
             STATUS_PENDING);
    return 0;
}

/* A console read nothing has been typed for, left pending when the
   process ends (run from the shell, which does not read meanwhile): the
   system's list of IRPs alive shows it pending at \Device\Console with a
   cancel routine, and the exit cancels it (the shell's end line audits
   that no IRP is left). */
static int UtConsoleRead(int argc, char **argv)
{
    static SYSTEM_IRPLAB_IRP irps[64];
    STRING name = { 15, 15, "\\Device\\Console" };
    ULONG self = NtCurrentTeb()->ClientId.UniqueProcess, length, i;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK open, read;
    HANDLE console, event;
    char buffer[8];

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    UT_CHECK(NtOpenFile(&console, FILE_READ_DATA, &oa, &open, 0, 0) == STATUS_SUCCESS);
    UT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    UT_CHECK(NtReadFile(console, event, NULL, NULL, &read, buffer, sizeof(buffer), NULL, NULL) ==
             STATUS_PENDING);
    UT_CHECK(NtQuerySystemInformation(SystemIrplabIrpInformation, irps, sizeof(irps), &length) ==
             STATUS_SUCCESS);
    for (i = 0; i < length / sizeof(irps[0]); i++) {
        if (irps[i].ProcessId == self && irps[i].MajorFunction == 0x03 /* IRP_MJ_READ */ &&
            strcmp(irps[i].Device, "\\Device\\Console") == 0 &&
            (irps[i].Flags & IRPLAB_IRP_PENDING) && (irps[i].Flags & IRPLAB_IRP_CANCELABLE))
            break;
    }
    UT_CHECK(i < length / sizeof(irps[0]));
    printf("# utest: console read %lu pending at \\Device\\Console, cancelable\n",
           (unsigned long)irps[i].Id);
    UT_CHECK(NtQuerySystemInformation(SystemIrplabIrpInformation, irps, 0, &length) ==
             STATUS_INFO_LENGTH_MISMATCH && length >= sizeof(irps[0]));
    return 0;
}

/* A driver opening for itself inside this process's request: only its Zw
   call works, and what it opens is the kernel's, not this process's. */
static int UtDriverOpen(int argc, char **argv)
{
    STRING name = { 13, 13, "\\Device\\RamFs" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    RAMFS_SELF_OPEN out;
    HANDLE volume;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    UT_CHECK(NtCreateFile(&volume, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0) == STATUS_SUCCESS);
    UT_CHECK(NtDeviceIoControlFile(volume, NULL, NULL, NULL, &iosb, IOCTL_RAMFS_OPEN_FOR_SELF,
                                   NULL, 0, &out, sizeof(out)) == STATUS_SUCCESS);
    UT_CHECK(out.NtStatus == STATUS_ACCESS_VIOLATION);
    UT_CHECK(out.ZwStatus == STATUS_SUCCESS);
    UT_CHECK((ULONG)out.Handle & 0x80000000u);
    UT_CHECK(NtClose(out.Handle) == STATUS_INVALID_HANDLE);
    UT_CHECK(NtClose(volume) == STATUS_SUCCESS);
    return 0;
}

/* -------------------------------------------------------- impersonation */

#define UT_PORT_NAME "\\Windows\\UtImpersonate"

static NTSTATUS UtQuerySubject(RAMFS_SUBJECT *Subject)
{
    STRING name = { 13, 13, "\\Device\\RamFs" };
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE volume;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
    status = NtCreateFile(&volume, FILE_ALL_ACCESS, &oa, &iosb, FILE_OPEN, 0);
    if (!NT_SUCCESS(status))
        return status;
    status = NtDeviceIoControlFile(volume, NULL, NULL, NULL, &iosb, IOCTL_RAMFS_QUERY_SUBJECT,
                                   NULL, 0, Subject, sizeof(*Subject));
    NtClose(volume);
    return status;
}

static ULONG UtOwnProcessId(VOID)
{
    PROCESS_BASIC_INFORMATION info;

    if (!NT_SUCCESS(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
                                              &info, sizeof(info), NULL)))
        return 0;
    return info.UniqueProcessId;
}

static NTSTATUS UtRevert(VOID)
{
    HANDLE none = NULL;

    return NtSetInformationThread(NtCurrentThread(), ThreadImpersonationToken, &none,
                                  sizeof(none));
}

/* The client: one request to the impersonation server's port. */
static int UtLpcClient(int argc, char **argv)
{
    STRING name = { sizeof(UT_PORT_NAME) - 1, sizeof(UT_PORT_NAME) - 1, UT_PORT_NAME };
    union { PORT_MESSAGE h; UCHAR Space[64]; } request = { 0 }, reply;
    HANDLE port;
    NTSTATUS status = STATUS_OBJECT_NAME_NOT_FOUND;

    for (int i = 0; i < 200 && status == STATUS_OBJECT_NAME_NOT_FOUND; i++) {
        status = NtConnectPort(&port, &name, NULL, NULL);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND)
            NtYieldExecution();
    }
    UT_CHECK(status == STATUS_SUCCESS);
    request.h.DataLength = 8;
    UT_CHECK(NtRequestWaitReplyPort(port, &request.h, &reply.h) == STATUS_SUCCESS);
    /* the second is never answered: the server ends while acting as us */
    UT_CHECK(NtRequestWaitReplyPort(port, &request.h, &reply.h) == STATUS_PORT_DISCONNECTED);
    NtClose(port);
    return 0;
}

/* The server: while it impersonates the client of a request it serves, a
   driver sees the client's process; after reverting, its own. */
static int UtImpersonate(int argc, char **argv)
{
    STRING portName = { sizeof(UT_PORT_NAME) - 1, sizeof(UT_PORT_NAME) - 1, UT_PORT_NAME };
    STRING image = { 5, 5, "utest" }, line = { 15, 15, "utest lpcclient" };
    union { PORT_MESSAGE h; UCHAR Space[64]; } msg;
    ULONG self = UtOwnProcessId();
    OBJECT_ATTRIBUTES oa;
    RAMFS_SUBJECT subject;
    HANDLE port, client;        /* both closed by the exit */
    CLIENT_ID cid;
    PVOID context;
    HANDLE none = NULL;

    InitializeObjectAttributes(&oa, &portName, 0, NULL, NULL);
    UT_CHECK(NtCreatePort(&port, &oa, 0, sizeof(msg), 0) == STATUS_SUCCESS);
    UT_CHECK(NtCreateUserProcess(&client, PROCESS_ALL_ACCESS, &image, &line, &cid) ==
             STATUS_SUCCESS);
    UT_CHECK(NtReplyWaitReceivePort(port, &context, NULL, &msg.h) == STATUS_SUCCESS);
    UT_CHECK(msg.h.Type == LPC_CONNECTION_REQUEST);
    UT_CHECK(NtImpersonateClientOfPort(port, &msg.h) == STATUS_CANNOT_IMPERSONATE);
    UT_CHECK(NtAcceptConnectPort(port, NULL, &msg.h, TRUE) == STATUS_SUCCESS);
    UT_CHECK(NtReplyWaitReceivePort(port, &context, NULL, &msg.h) == STATUS_SUCCESS);
    UT_CHECK(msg.h.Type == LPC_REQUEST && msg.h.ClientId.UniqueProcess == cid.UniqueProcess);
    UT_CHECK(NtImpersonateClientOfPort(port, &msg.h) == STATUS_SUCCESS);
    UT_CHECK(UtQuerySubject(&subject) == STATUS_SUCCESS);
    UT_CHECK(subject.ProcessId == cid.UniqueProcess && subject.Impersonating);
    UT_CHECK(UtRevert() == STATUS_SUCCESS);
    UT_CHECK(UtQuerySubject(&subject) == STATUS_SUCCESS);
    UT_CHECK(subject.ProcessId == self && !subject.Impersonating);
    UT_CHECK(NtSetInformationThread(NtCurrentThread(), 0, &none, sizeof(none)) ==
             STATUS_INVALID_INFO_CLASS);
    UT_CHECK(NtSetInformationThread(NtCurrentThread(), ThreadImpersonationToken, &none, 2) ==
             STATUS_INFO_LENGTH_MISMATCH);
    none = port;
    UT_CHECK(NtSetInformationThread(NtCurrentThread(), ThreadImpersonationToken, &none,
                                    sizeof(none)) == STATUS_INVALID_HANDLE);
    UT_CHECK(NtReplyPort(port, &msg.h) == STATUS_SUCCESS);
    msg.h.MessageId += 1000;                    /* answered: no longer being served */
    UT_CHECK(NtImpersonateClientOfPort(port, &msg.h) == STATUS_CANNOT_IMPERSONATE);
    /* the second request: the process ends impersonating (its exit reverts) */
    UT_CHECK(NtReplyWaitReceivePort(port, &context, NULL, &msg.h) == STATUS_SUCCESS);
    UT_CHECK(NtImpersonateClientOfPort(port, &msg.h) == STATUS_SUCCESS);
    return 0;
}

static ULONG64 UtRdtsc(VOID)
{
    ULONG lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((ULONG64)hi << 32) | lo;
}

/* For make bench: N calls of the cheapest service, NtTestAlert, timed by
   the time-stamp counter (guest instructions under -icount shift=0). */
static int UtSyscallBench(int argc, char **argv)
{
    ULONG n = argc > 2 ? strtoul(argv[2], NULL, 0) : 10000, failures = 0;
    ULONG64 t0, t1;

    NtTestAlert();
    t0 = UtRdtsc();
    for (ULONG i = 0; i < n; i++)
        failures += NtTestAlert() != STATUS_SUCCESS;
    t1 = UtRdtsc();
    printf("# system call: %lu tsc per NtTestAlert from ring 3 over %lu calls\n",
           (unsigned long)((t1 - t0) / n), (unsigned long)n);
    return failures == 0 ? 0 : UT_FAILED;
}

static const struct {
    const char *Name;
    int (*Run)(int argc, char **argv);
} UtCases[] = {
    { "syscallbench", UtSyscallBench },
    { "handles", UtHandles },
    { "pendingread", UtPendingRead },
    { "consoleread", UtConsoleRead },
    { "driveropen", UtDriverOpen },
    { "fileinfo", UtFileInfo },
    { "directory", UtDirectory },
    { "impersonate", UtImpersonate },
    { "lpcclient", UtLpcClient },
    { "hello", UtHello },
    { "exit", UtExit },
    { "fault", UtFault },
    { "memory", UtMemory },
    { "buffers", UtBadBuffers },
    { "services", UtServices },
    { "threads", UtThreads },
    { "terminate", UtTerminate },
    { "threadfault", UtThreadFault },
    { "isolation", UtIsolation },
    { "foreignhandle", UtForeignHandle },
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof(UtCases) / sizeof(UtCases[0]); i++) {
        if (strcmp(argv[1], UtCases[i].Name) == 0)
            return UtCases[i].Run(argc, argv);
    }
    printf("# utest: no case '%s'\n", argc > 1 ? argv[1] : "");
    return 0x7F;
}
